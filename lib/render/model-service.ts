import { modelDirectory, type ModelServiceSpec } from "../model/model-service";
import { recommendedLabels, selectorLabels } from "../model/names";
import { applyPatches } from "./json-patch";
import { renderRoute } from "./route";
import { renderPodTemplate, renderServiceAccount, type MountedVolume } from "./pod";
import { compact, type KubeObject } from "./types";

function volumesOf(spec: ModelServiceSpec): MountedVolume[] {
  const volumes: MountedVolume[] = [];
  const persistence = spec.persistence;
  if (persistence) {
    volumes.push({
      volume: { name: "data", persistentVolumeClaim: compact({ claimName: persistence.claimName, readOnly: persistence.readOnly || undefined }) },
      mount: compact({ name: "data", mountPath: persistence.mountPath, readOnly: persistence.readOnly || undefined }),
    });
  }
  const model = spec.modelFile;
  if (model?.claimName) {
    const directory = modelDirectory(model.path);
    volumes.push({
      volume: { name: "model", persistentVolumeClaim: { claimName: model.claimName, readOnly: true } },
      mount: { name: "model", mountPath: directory, readOnly: true },
    });
  }
  const claimVolumes = new Set<string>();
  for (const mount of spec.claimMounts ?? []) {
    const first = !claimVolumes.has(mount.volumeName);
    claimVolumes.add(mount.volumeName);
    volumes.push({
      // A claim mounted at several paths is one volume; only its first mount declares it.
      volume: first ? { name: mount.volumeName, persistentVolumeClaim: { claimName: mount.claimName } } : undefined,
      mount: compact({ name: mount.volumeName, mountPath: mount.mountPath, subPath: mount.subPath, readOnly: mount.readOnly || undefined }),
    });
  }
  return volumes;
}

/**
 * Renders a resolved ModelService into plain objects, in apply order: ServiceAccount, PVC,
 * Deployment, Service, HTTPRoute, PodDisruptionBudget, HorizontalPodAutoscaler. Pure: the same spec always
 * gives the same objects. Escape-hatch patches are applied last.
 */
export function renderModelService(spec: ModelServiceSpec, ref: { name: string; path?: string } = { name: spec.name }): KubeObject[] {
  const labels = { ...recommendedLabels(spec.labels), ...spec.workload.labels };
  const selector = selectorLabels(spec.labels);
  const metadata = (name: string) => compact({ name, namespace: spec.namespace, labels });
  const objects: Record<string, unknown>[] = [];

  const serviceAccount = renderServiceAccount(spec.workload, { labels, namespace: spec.namespace });
  if (serviceAccount) objects.push(serviceAccount);

  const persistence = spec.persistence;
  if (persistence?.createClaim) {
    objects.push(
      compact({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: metadata(persistence.claimName),
        spec: {
          accessModes: [persistence.accessMode],
          storageClassName: persistence.storageClassName,
          resources: { requests: { storage: persistence.size } },
        },
      }),
    );
  }

  const singleAttach = persistence !== undefined && !persistence.readOnly && persistence.accessMode.startsWith("ReadWriteOnce");
  const modelEnv = spec.modelFile ? [[spec.modelFile.envVar, spec.modelFile.path] as const] : [];
  objects.push(
    compact({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: metadata(spec.name),
      spec: {
        replicas: spec.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        // A ReadWriteOnce claim cannot be attached to a surge pod on another node: replace instead.
        strategy: singleAttach ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: renderPodTemplate(spec.workload, {
          labels,
          containerName: spec.name,
          ports: spec.ports,
          extraEnv: modelEnv,
          probes: spec.health,
          volumes: volumesOf(spec),
          topologySpread: spec.topologySpread ? selector : undefined,
        }),
      },
    }),
  );

  objects.push(
    compact({
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(spec.name),
      spec: {
        type: "ClusterIP",
        selector,
        ports: spec.ports.map((p) => compact({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol, appProtocol: p.appProtocol })),
      },
    }),
  );

  if (spec.route) objects.push(renderRoute(spec.route, { name: spec.name, namespace: spec.namespace, labels, serviceName: spec.name }));

  if (spec.disruptionBudget) {
    objects.push(
      compact({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: metadata(spec.name),
        spec: { ...spec.disruptionBudget, selector: { matchLabels: selector } },
      }),
    );
  }

  const hpa = spec.autoscaling;
  if (hpa) {
    const metric = (name: string, target: number | undefined) =>
      target === undefined ? [] : [{ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: target } } }];
    objects.push(
      compact({
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: metadata(spec.name),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: spec.name },
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          metrics: [...metric("cpu", hpa.cpuUtilization), ...metric("memory", hpa.memoryUtilization)],
        },
      }),
    );
  }

  return applyPatches(objects as unknown as KubeObject[], spec.patches, { kind: "ModelService", ...ref });
}
