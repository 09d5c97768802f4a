// No storage provisioner runs in the e2e cluster: as a cluster admin would, we create a static
// PersistentVolume for each claim, which the controller-manager's binder then binds.
import { request } from "./api";

export async function provisionVolumes(claims: any[]): Promise<void> {
  for (const pvc of claims) {
    const ns = pvc.metadata.namespace;
    const name = `e2e-${ns}-${pvc.metadata.name}`.slice(0, 63);
    // A volume released by an earlier claim of the same name cannot bind again: replace it.
    const old = await request("GET", `/api/v1/persistentvolumes/${name}`);
    if (old.status === 200 && old.body.status?.phase !== "Available" && old.body.spec.claimRef?.uid) {
      await request("DELETE", `/api/v1/persistentvolumes/${name}`);
      for (let i = 0; i < 60 && (await request("GET", `/api/v1/persistentvolumes/${name}`)).status === 200; i++) await new Promise((r) => setTimeout(r, 500));
    }
    const pv = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name },
      spec: {
        capacity: { storage: pvc.spec.resources.requests.storage },
        accessModes: pvc.spec.accessModes,
        storageClassName: pvc.spec.storageClassName ?? "",
        ...(pvc.spec.volumeMode ? { volumeMode: pvc.spec.volumeMode } : {}),
        persistentVolumeReclaimPolicy: "Retain",
        hostPath: { path: `/tmp/e2e-pv/${ns}/${pvc.metadata.name}` },
        claimRef: { namespace: ns, name: pvc.metadata.name },
      },
    };
    const r = await request("POST", "/api/v1/persistentvolumes", pv);
    if (r.status !== 201 && r.status !== 409) throw new Error(`PersistentVolume for ${ns}/${pvc.metadata.name}: ${r.body?.message}`);
  }
}
