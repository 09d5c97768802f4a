import type { ConstructRef } from "../model/validate";
import type { ModelServiceSpec } from "../model/model-service";
import { containerMounts } from "../model/mounts";
import { scrapeAnnotations } from "../model/metrics";
import { recommendedLabels, selectorLabels } from "../model/names";
import { withCanarySplit } from "./canary";
import { applyPatches } from "./json-patch";
import { renderModelSource } from "./model-source";
import { renderRoute } from "./route";
import { renderServiceMonitor } from "./service-monitor";
import { renderPodTemplate, renderServiceAccount, type InitContainer, type MountedVolume } from "./pod";
import { renderScaling } from "./scaling";
import { compact, type KubeObject } from "./types";

/** The volumes of `containerMounts`, in its order (the pod template adds `/tmp`), with the env and init containers they bring. */
function volumesOf(spec: ModelServiceSpec): { volumes: MountedVolume[]; initContainers: InitContainer[]; env: Array<readonly [string, string]> } {
  const volumes: MountedVolume[] = [];
  const env: Array<readonly [string, string]> = [];
  let initContainers: InitContainer[] = [];
  if (spec.modelFile) env.push([spec.modelFile.envVar, spec.modelFile.path]);
  const claimVolumes = new Set<string>();
  for (const mount of containerMounts({ ...spec, tmp: spec.workload.security.tmpVolume })) {
    switch (mount.volume) {
      case "tmp":
        break;
      case "data": {
        const persistence = spec.persistence!;
        volumes.push({
          volume: { name: "data", persistentVolumeClaim: compact({ claimName: persistence.claimName, readOnly: persistence.readOnly || undefined }) },
          mount: compact({ name: "data", mountPath: mount.path, readOnly: persistence.readOnly || undefined }),
        });
        break;
      }
      case "modelFile":
        volumes.push({
          volume: { name: "model", persistentVolumeClaim: { claimName: spec.modelFile!.claimName!, readOnly: true } },
          mount: { name: "model", mountPath: mount.path, readOnly: true },
        });
        break;
      case "model": {
        const source = renderModelSource(spec.model!);
        volumes.push(...source.volumes);
        initContainers = source.initContainers;
        env.push(...source.env);
        break;
      }
      case "home": {
        const home = spec.scratch.home!;
        volumes.push({ volume: { name: "home", emptyDir: { sizeLimit: home.sizeLimit } }, mount: { name: "home", mountPath: mount.path } });
        env.push(["HOME", home.mountPath], ["XDG_CACHE_HOME", `${home.mountPath}/.cache`]);
        break;
      }
      case "shm":
        volumes.push({
          volume: { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: spec.scratch.shm!.sizeLimit } },
          mount: { name: "dshm", mountPath: mount.path },
        });
        break;
      case "claim": {
        const claim = spec.claimMounts![mount.index];
        const first = !claimVolumes.has(claim.volumeName);
        claimVolumes.add(claim.volumeName);
        volumes.push({
          // A claim mounted at several paths is one volume; only its first mount declares it.
          volume: first ? { name: claim.volumeName, persistentVolumeClaim: { claimName: claim.claimName } } : undefined,
          mount: compact({ name: claim.volumeName, mountPath: mount.path, subPath: claim.subPath, readOnly: claim.readOnly || undefined }),
        });
        break;
      }
    }
  }
  return { volumes, initContainers, env };
}

/**
 * Renders a resolved ModelService into plain objects, in apply order: ServiceAccount, PVC,
 * Deployment, Service, ServiceMonitor, the canary's Deployment, Service and ServiceMonitor, HTTPRoute, PodDisruptionBudget,
 * HorizontalPodAutoscaler or ScaledObject. Pure: the same spec always gives the same objects.
 * Escape-hatch patches are applied last.
 */
export function renderModelService(spec: ModelServiceSpec, ref: ConstructRef = { name: spec.name }): KubeObject[] {
  const labels = { ...recommendedLabels(spec.labels), ...(spec.version ? { "app.kubernetes.io/version": spec.version } : {}), ...spec.workload.labels };
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

  const pod = volumesOf(spec);
  const rollout = spec.rollout;
  objects.push(
    compact({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: metadata(spec.name),
      spec: {
        replicas: spec.replicas,
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: spec.progressDeadlineSeconds,
        selector: { matchLabels: selector },
        strategy:
          rollout.type === "Recreate"
            ? { type: "Recreate" }
            : { type: "RollingUpdate", rollingUpdate: { maxSurge: rollout.maxSurge, maxUnavailable: rollout.maxUnavailable } },
        template: renderPodTemplate(spec.workload, {
          labels,
          containerName: spec.name,
          ports: spec.ports,
          extraEnv: pod.env,
          probes: spec.health,
          volumes: pod.volumes,
          initContainers: pod.initContainers,
          topologySpread: spec.topologySpread ? selector : undefined,
          preStopSleepSeconds: spec.shutdown.preStopSleepSeconds,
          terminationGracePeriodSeconds: spec.shutdown.terminationGracePeriodSeconds,
          runtimeClassName: spec.runtimeClassName,
          annotations: scrapeAnnotations(spec.metrics),
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

  objects.push(...renderServiceMonitor(spec, { labels, selector }));

  // The canary's own Deployment, Service and ServiceMonitor (its ModelService has no autoscaler, PDB or route).
  const canaryKinds = ["Deployment", "Service", "ServiceMonitor"];
  if (spec.canary) objects.push(...renderModelService(spec.canary.service).filter((object) => canaryKinds.includes(object.kind)));

  if (spec.route) objects.push(withCanarySplit(renderRoute(spec.route, { name: spec.name, namespace: spec.namespace, labels, serviceName: spec.name }), spec));

  objects.push(...renderScaling(spec, { name: spec.name, selector, metadata }));

  return applyPatches(objects as unknown as KubeObject[], spec.patches, { kind: "ModelService", ...ref });
}
