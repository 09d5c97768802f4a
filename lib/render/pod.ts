import { isLiteral, literalOf, type EnvValue } from "../model/env";
import type { ProbeProps } from "../model/probe";
import type { WorkloadSpec } from "../model/workload";
import { compact, nonEmpty, type KubeObject } from "./types";

/** Kubernetes `EnvVar` for one entry. */
export function renderEnvVar(name: string, value: EnvValue): Record<string, unknown> {
  if (isLiteral(value)) return { name, value: literalOf(value) };
  if ("secretKeyRef" in value) return { name, valueFrom: { secretKeyRef: { ...value.secretKeyRef } } };
  if ("configMapKeyRef" in value) return { name, valueFrom: { configMapKeyRef: { ...value.configMapKeyRef } } };
  return { name, valueFrom: { fieldRef: { ...value.fieldRef } } };
}

/** Kubernetes `Probe` for one of our probe specs (ports already resolved). */
export function renderProbe(probe: ProbeProps): Record<string, unknown> {
  const timing = {
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold ?? 3,
  };
  switch (probe.type) {
    case "http":
      return compact({ httpGet: { path: probe.path, port: probe.port, scheme: probe.scheme }, ...timing });
    case "tcp":
      return compact({ tcpSocket: { port: probe.port }, ...timing });
    case "exec":
      return compact({ exec: { command: [...probe.command] }, ...timing });
    case "grpc":
      return compact({ grpc: { port: probe.port, service: probe.service }, ...timing });
  }
}

/** A volume and where the main container mounts it. */
export interface MountedVolume {
  /** The pod volume; omitted when an earlier entry already declares it (one volume, several mounts). */
  readonly volume?: Record<string, unknown>;
  readonly mount: Record<string, unknown>;
}

/**
 * A container run before the main one (e.g. a model download). It gets the workload's container
 * security context, so it runs as restricted as the server.
 */
export interface InitContainer {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly env?: ReadonlyArray<readonly [string, EnvValue]>;
  /** A Secret whose keys become this container's env (and no other container's). */
  readonly envFromSecret?: string;
  readonly resources: { readonly requests: Readonly<Record<string, string>>; readonly limits: Readonly<Record<string, string>> };
  readonly volumeMounts: ReadonlyArray<Record<string, unknown>>;
}

/** What a workload's pod adds around the shared container settings. */
export interface PodTemplateOptions {
  readonly labels: Readonly<Record<string, string>>;
  readonly containerName: string;
  readonly ports?: ReadonlyArray<{ readonly name: string; readonly port: number; readonly protocol: string }>;
  readonly extraEnv?: ReadonlyArray<readonly [string, EnvValue]>;
  readonly probes?: { readonly startup?: ProbeProps; readonly readiness?: ProbeProps; readonly liveness?: ProbeProps };
  readonly volumes?: readonly MountedVolume[];
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  readonly topologySpread?: Readonly<Record<string, string>>;
  /** Run before the main container, in order. @default - none */
  readonly initContainers?: readonly InitContainer[];
  /** preStop sleep of the main container, in seconds. @default - none */
  readonly preStopSleepSeconds?: number;
  /** @default - Kubernetes' (30) */
  readonly terminationGracePeriodSeconds?: number;
  /** RuntimeClass of the pod (e.g. `nvidia`, `gvisor`). @default - the cluster's default */
  readonly runtimeClassName?: string;
  /** Pod annotations added to the workload's own. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

const TMP_VOLUME = "tmp";

/** Pod and container security contexts for the resolved settings. */
function securityContexts(workload: WorkloadSpec): { pod?: Record<string, unknown>; container?: Record<string, unknown> } {
  const s = workload.security;
  const pod = compact({
    runAsNonRoot: s.runAsNonRoot ? true : undefined,
    runAsUser: s.runAsUser,
    runAsGroup: s.runAsGroup,
    fsGroup: s.fsGroup,
    seccompProfile: s.seccompProfile ? { type: s.seccompProfile } : undefined,
  });
  const container = compact({
    allowPrivilegeEscalation: s.allowPrivilegeEscalation,
    capabilities: s.dropAllCapabilities ? { drop: ["ALL"] } : undefined,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
  });
  return { pod: nonEmpty(pod), container: nonEmpty(container) };
}

/** The pod template every workload uses: one main container with the shared security defaults. */
export function renderPodTemplate(workload: WorkloadSpec, options: PodTemplateOptions): Record<string, unknown> {
  const volumes: MountedVolume[] = [...(options.volumes ?? [])];
  if (workload.security.tmpVolume) {
    volumes.unshift({
      volume: { name: TMP_VOLUME, emptyDir: { sizeLimit: workload.security.tmpSizeLimit } },
      mount: { name: TMP_VOLUME, mountPath: "/tmp" },
    });
  }
  const env = [...workload.env, ...(options.extraEnv ?? [])].map(([name, value]) => renderEnvVar(name, value));
  const security = securityContexts(workload);
  const probes = options.probes ?? {};
  const gpu = workload.gpu;
  const nodeSelector = gpu?.nodeSelector ? { ...gpu.nodeSelector } : undefined;
  const tolerations = gpu?.tolerateTaint ? [{ key: gpu.resource, operator: "Exists", effect: "NoSchedule" }] : undefined;
  const spread = options.topologySpread
    ? ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...options.topologySpread } },
        // Count only pods of the same ReplicaSet, so pods of the old revision do not skew the spread.
        matchLabelKeys: ["pod-template-hash"],
      }))
    : undefined;
  const container = compact({
    name: options.containerName,
    image: workload.image,
    imagePullPolicy: workload.imagePullPolicy,
    command: workload.command ? [...workload.command] : undefined,
    args: workload.args ? [...workload.args] : undefined,
    workingDir: workload.workingDir,
    ports: options.ports?.length ? options.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) : undefined,
    env: env.length ? env : undefined,
    resources: { requests: { ...workload.resources.requests }, limits: nonEmpty({ ...workload.resources.limits }) },
    startupProbe: probes.startup ? renderProbe(probes.startup) : undefined,
    readinessProbe: probes.readiness ? renderProbe(probes.readiness) : undefined,
    livenessProbe: probes.liveness ? renderProbe(probes.liveness) : undefined,
    lifecycle: options.preStopSleepSeconds ? { preStop: { sleep: { seconds: options.preStopSleepSeconds } } } : undefined,
    securityContext: security.container,
    volumeMounts: volumes.length ? volumes.map((v) => v.mount) : undefined,
  });
  const initContainers = (options.initContainers ?? []).map((init) =>
    compact({
      name: init.name,
      image: init.image,
      command: init.command ? [...init.command] : undefined,
      env: init.env?.length ? init.env.map(([name, value]) => renderEnvVar(name, value)) : undefined,
      envFrom: init.envFromSecret ? [{ secretRef: { name: init.envFromSecret } }] : undefined,
      resources: { requests: { ...init.resources.requests }, limits: nonEmpty({ ...init.resources.limits }) },
      securityContext: security.container,
      volumeMounts: [...(workload.security.tmpVolume ? [{ name: TMP_VOLUME, mountPath: "/tmp" }] : []), ...init.volumeMounts],
    }),
  );
  return compact({
    metadata: { labels: { ...options.labels }, annotations: nonEmpty({ ...options.annotations, ...workload.podAnnotations }) },
    spec: {
      serviceAccountName: workload.serviceAccount.name,
      automountServiceAccountToken: workload.security.automountServiceAccountToken,
      enableServiceLinks: false,
      restartPolicy: options.restartPolicy,
      securityContext: security.pod,
      imagePullSecrets: workload.imagePullSecrets.length ? workload.imagePullSecrets.map((name) => ({ name })) : undefined,
      nodeSelector,
      tolerations,
      topologySpreadConstraints: spread,
      runtimeClassName: options.runtimeClassName,
      terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
      initContainers: initContainers.length ? initContainers : undefined,
      containers: [container],
      volumes: volumes.length ? volumes.flatMap((v) => (v.volume ? [v.volume] : [])) : undefined,
    },
  });
}

/** A ServiceAccount object: every account modelship creates (workloads, the Argo executor, a lab's deployer). */
export function serviceAccountObject(
  metadata: { name: string; namespace?: string; labels?: Record<string, string> },
  automountServiceAccountToken: boolean,
): KubeObject {
  return compact({ apiVersion: "v1", kind: "ServiceAccount", metadata, automountServiceAccountToken }) as KubeObject;
}

/** The ServiceAccount a workload runs as, when it creates its own: no token mounted by default. */
export function renderServiceAccount(workload: WorkloadSpec, metadata: { labels: Record<string, string>; namespace?: string }): KubeObject | undefined {
  if (!workload.serviceAccount.create) return undefined;
  const { name } = workload.serviceAccount;
  return serviceAccountObject({ name, namespace: metadata.namespace, labels: metadata.labels }, workload.security.automountServiceAccountToken);
}
