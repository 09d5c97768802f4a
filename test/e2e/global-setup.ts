// Prepares the control plane that test/e2e/run.sh started: the fake nodes kwok manages, and the
// CRDs we target, built from schemas/crds/ (the upstream openAPIV3Schema of each served version,
// CEL rules included) so the server evaluates our custom resources as the real CRDs would.
import fs from "node:fs";
import path from "node:path";
import { ok, request, waitFor } from "./support/api";

const root = path.resolve(__dirname, "../..");

// Cluster-scoped kinds among the CRDs we vendor (every other one is namespaced upstream).
const CLUSTER_SCOPED = new Set(["GatewayClass"]);

function fakeNode(name: string, extra: { gpu?: boolean } = {}) {
  const capacity: Record<string, string> = { cpu: "32", memory: "256Gi", pods: "110", "ephemeral-storage": "500Gi" };
  if (extra.gpu) capacity["nvidia.com/gpu"] = "4";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      // kwok manages only nodes with this annotation (run.sh: --manage-nodes-with-annotation-selector).
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        type: "kwok",
        // What NVIDIA's GPU Feature Discovery labels a GPU node with (the llm-serving example asks for an L4).
        ...(extra.gpu ? { "nvidia.com/gpu.present": "true", "nvidia.com/gpu.product": "NVIDIA-L4" } : {}),
      },
    },
    spec: extra.gpu ? { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] } : {},
    status: { capacity, allocatable: capacity, nodeInfo: { architecture: "amd64", operatingSystem: "linux", kubeletVersion: "fake" } },
  };
}

export function crdsFromSchemas(): any[] {
  const index: { kind: string; apiVersion: string; file: string; source: string }[] = JSON.parse(
    fs.readFileSync(path.join(root, "schemas/crds/index.json"), "utf8"),
  );
  const byName = new Map<string, any>();
  for (const e of index) {
    const [group, version] = e.apiVersion.split("/");
    const plural = e.source.replace(/\.yaml$/, "").slice(group.length + 1);
    const name = `${plural}.${group}`;
    let crd = byName.get(name);
    if (!crd) {
      crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: {
          name,
          // The API server refuses CRDs in *.k8s.io groups without it; upstream Gateway API
          // (v1.6.1, config/crd/standard/) carries this value.
          ...(group.endsWith(".k8s.io") ? { annotations: { "api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/4530" } } : {}),
        },
        spec: {
          group,
          names: { kind: e.kind, listKind: `${e.kind}List`, plural, singular: e.kind.toLowerCase() },
          scope: CLUSTER_SCOPED.has(e.kind) ? "Cluster" : "Namespaced",
          versions: [],
        },
      };
      byName.set(name, crd);
    }
    const schema = JSON.parse(fs.readFileSync(path.join(root, "schemas/crds", e.file), "utf8"));
    crd.spec.versions.push({ name: version, served: true, storage: false, schema: { openAPIV3Schema: schema }, subresources: { status: {} } });
  }
  for (const crd of byName.values()) {
    // Storage in the newest served version (v1 over v1beta1 over v1alpha1); no conversion needed
    // for validation.
    const rank = (v: string) => (v === "v1" ? 3 : v.startsWith("v1beta") ? 2 : 1);
    const best = [...crd.spec.versions].sort((a: any, b: any) => rank(b.name) - rank(a.name))[0];
    best.storage = true;
  }
  return [...byName.values()];
}

export default async function setup(): Promise<void> {
  const nodes = [fakeNode("kwok-node-0"), fakeNode("kwok-node-1"), fakeNode("kwok-gpu-0", { gpu: true })];
  for (const n of nodes) {
    const r = await request("POST", "/api/v1/nodes", n);
    if (r.status !== 201 && r.status !== 409) throw new Error(`create node ${n.metadata.name}: ${r.status} ${r.body?.message}`);
  }
  // The RuntimeClass NVIDIA's GPU Operator installs on a cluster with GPU nodes (its container
  // toolkit's `nvidia` handler): GPU services name it (runtimeClassName), and without it the
  // ReplicaSet controller's pods are refused ("RuntimeClass not found").
  const runtimeClass = { apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name: "nvidia" }, handler: "nvidia" };
  const rc = await request("POST", "/apis/node.k8s.io/v1/runtimeclasses", runtimeClass);
  if (rc.status !== 201 && rc.status !== 409) throw new Error(`create RuntimeClass nvidia: ${rc.status} ${rc.body?.message}`);
  for (const crd of crdsFromSchemas()) {
    const q = "fieldManager=modelship-e2e&fieldValidation=Strict&force=true";
    await ok(
      request("PATCH", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?${q}`, crd, {
        contentType: "application/apply-patch+yaml",
      }),
      `install CRD ${crd.metadata.name}`,
    );
  }
  await waitFor("CRDs Established", 120_000, async () => {
    const items = (await ok(request("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"), "list CRDs")).items as any[];
    return items.length > 0 && items.every((c) => c.status?.conditions?.some((x: any) => x.type === "Established" && x.status === "True"));
  });
  await waitFor("kwok nodes Ready", 120_000, async () => {
    const items = (await ok(request("GET", "/api/v1/nodes"), "list nodes")).items as any[];
    return items.length === nodes.length && items.every((n) => n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
  });
  // The "default" ServiceAccount of each namespace comes from the controller-manager; wait for it
  // in "default" so pods are not created before the service-account controller runs.
  await waitFor("default ServiceAccount", 60_000, async () => (await request("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200);
}
