import { z } from "zod";
import { canaryIssues, canaryName, canaryServiceProps, promoted, servicePods, type CanarySpec } from "./canary";
import type { ValidationIssue } from "./errors";
import { healthIssues, resolveHealth, type HealthSpec } from "./health";
import { resolveRollout, resolveShutdown, type RolloutSpec, type ShutdownSpec } from "./lifecycle";
import { metricsIssues, resolveMetrics, type MetricsSpec } from "./metrics";
import { DEFAULT_MODEL_MOUNT, modelSourceIssues, resolveModelSource, type ModelSourceSpec } from "./model-source";
import { containerMounts, mountPathIssues } from "./mounts";
import { DNS1035_LABEL, serviceHost, serviceUrl, type WorkloadLabels } from "./names";
import type { ObjectPatch } from "./patch";
import { resolveRoute, routeIssues, type RouteSpec } from "./route";
import { applyRuntime, runtimeIssues } from "./runtime";
import { resolveScaling, scalingIssues, type ScalingSpec } from "./scaling";
import { resolveScratch, type ScratchSpec } from "./scratch";
import { validateProps, type ConstructRef } from "./validate";
import { attachesToOneNode, DEFAULT_DATA_MOUNT_PATH, resolveClaimMounts, resolveModelFile, resolvePersistence, type PersistenceProps } from "./volumes";
import { checkWorkload, resolveWorkload, type WorkloadSpec } from "./workload";
import { isLabelValue } from "./rules";

export type { HealthProps } from "./health";
export type { AutoscalingProps, AvailabilityProps, KedaProps, PrometheusTriggerProps } from "./scaling";
export { DEFAULT_MAX_STARTUP_SECONDS, STARTUP_PERIOD_SECONDS } from "./health";
export type { ClaimMountProps, ModelFileProps, PersistenceProps } from "./volumes";

export { modelServiceSchema, type ModelServiceProps, type ParsedModelService, type ServicePortProps } from "./model-service-props";
import { modelServiceSchema, type ModelServiceProps, type ParsedModelService, type ServicePortProps } from "./model-service-props";

/** A port after defaults. */
export interface PortSpec {
  readonly name: string;
  readonly port: number;
  readonly protocol: "TCP" | "UDP" | "SCTP";
  readonly appProtocol?: string;
}

/** ModelService after validation and defaults: the input of `renderModelService`. */
export interface ModelServiceSpec extends ScalingSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: WorkloadLabels;
  /** `app.kubernetes.io/version`. @default - none */
  readonly version?: string;
  readonly workload: WorkloadSpec;
  readonly ports: readonly PortSpec[];
  readonly primaryPort: PortSpec;
  /** In-cluster host name of the Service (see {@link serviceAddress}). */
  readonly host: string;
  /** In-cluster URL of the primary port, `http://<host>:<port>`. */
  readonly url: string;
  readonly health: HealthSpec;
  readonly shutdown: ShutdownSpec;
  readonly rollout: RolloutSpec;
  readonly runtimeClassName?: string;
  readonly scratch: ScratchSpec;
  readonly metrics?: MetricsSpec;
  readonly model?: ModelSourceSpec;
  readonly persistence?: Required<Omit<PersistenceProps, "storageClassName" | "existingClaim">> & {
    readonly storageClassName?: string;
    readonly claimName: string;
    readonly createClaim: boolean;
  };
  readonly modelFile?: { readonly path: string; readonly envVar: string; readonly claimName?: string };
  /** Extra claim mounts, each with the volume name it is mounted from. @default - none */
  readonly claimMounts?: ReadonlyArray<{
    readonly volumeName: string;
    readonly claimName: string;
    readonly mountPath: string;
    readonly subPath?: string;
    readonly readOnly: boolean;
  }>;
  /** Seconds the Deployment may take to progress (a model download comes on top of the startup). @default - Kubernetes' 600 */
  readonly progressDeadlineSeconds?: number;
  /** The HTTPRoute in front of the service. @default - none */
  readonly route?: RouteSpec;
  /** The canary's split and its own service. @default - none */
  readonly canary?: CanarySpec & { readonly service: ModelServiceSpec };
  readonly patches: readonly ObjectPatch[];
}

export const DEFAULT_PORT: ServicePortProps = { name: "http", port: 8080 };

function portsOf(props: ParsedModelService): PortSpec[] {
  const given = props.ports ?? (props.port !== undefined ? [{ name: "http", port: props.port }] : [DEFAULT_PORT]);
  return given.map((port) => ({
    name: port.name,
    port: port.port,
    protocol: port.protocol ?? "TCP",
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
  }));
}

/** The pod's volumes after defaults, resolved once: the checks and the spec read the same values. */
function resolveVolumes(props: ParsedModelService, name: string) {
  return {
    persistence: resolvePersistence(props.persistence, name),
    modelFile: resolveModelFile(props.modelFile),
    model: props.model ? resolveModelSource(props.model) : undefined,
    // A model server writes caches under ~ (Hugging Face, torch): home is on by default with a model or a runtime.
    scratch: resolveScratch(props.home, props.shm, props.model !== undefined || props.runtime !== undefined),
    claimMounts: resolveClaimMounts(props.claimMounts),
  };
}

/**
 * The props a preset and a promoted canary give, before the checks: what is validated and resolved.
 * `name` is the name clients address the service by (vLLM's served model name): a canary's is the stable service's.
 */
function effectiveProps(parsed: ParsedModelService, name: string): ParsedModelService {
  const current = parsed.canary?.promote ? promoted(parsed) : parsed;
  return applyRuntime(current, { name, modelDir: (current.model?.mountPath ?? DEFAULT_MODEL_MOUNT).replace(/\/+$/, "") || "/" });
}

function crossCheck(props: ParsedModelService, name: string, routedBy?: string): ValidationIssue[] {
  if (props.image === undefined)
    return [
      {
        field: "image",
        problem: "is required",
        fix: "set 'image' to a pinned image such as 'registry.example.com/iris:1.0.0', or choose a 'runtime' that has one.",
      },
    ];
  const issues = checkWorkload(props as ParsedModelService & { image: string });
  const volumes = resolveVolumes(props, name);
  issues.push(...modelSourceIssues(props.model), ...canaryIssues(props, routedBy), ...scalingIssues(props));
  if (props.canary?.model) issues.push(...modelSourceIssues(props.canary.model, "canary.model"));
  if (props.port !== undefined && props.ports !== undefined) {
    issues.push({ field: "port", problem: "conflicts with 'ports'", value: props.port, fix: "give a single 'port' or a list of 'ports', not both." });
  }
  const ports = portsOf(props);
  const seenNames = new Set<string>();
  const seenNumbers = new Set<string>();
  ports.forEach((port, index) => {
    if (seenNames.has(port.name))
      issues.push({ field: `ports[${index}].name`, problem: "is used by another port", value: port.name, fix: "give each port a unique name." });
    const numberKey = `${port.port}/${port.protocol}`;
    if (seenNumbers.has(numberKey))
      issues.push({ field: `ports[${index}].port`, problem: "is used by another port", value: port.port, fix: "give each port a unique number." });
    seenNames.add(port.name);
    seenNumbers.add(numberKey);
  });
  if (props.primaryPort !== undefined && !ports.some((p) => p.name === props.primaryPort)) {
    issues.push({
      field: "primaryPort",
      problem: "is not the name of a port",
      value: props.primaryPort,
      fix: `use one of ${ports.map((p) => `'${p.name}'`).join(", ")}.`,
    });
  }
  const primary = ports.find((p) => p.name === props.primaryPort) ?? ports[0];
  issues.push(...healthIssues(props.health, ports, primary));
  issues.push(...metricsIssues(props.metrics));
  if (props.metrics?.port !== undefined && !ports.some((p) => p.name === props.metrics?.port)) {
    issues.push({
      field: "metrics.port",
      problem: "is not the name of a port",
      value: props.metrics.port,
      fix: `use one of ${ports.map((p) => `'${p.name}'`).join(", ")}.`,
    });
  }
  const rollout = props.rollout;
  const zero = (value: number | string | undefined) => value === 0 || value === "0%";
  if (rollout && zero(rollout.maxSurge ?? (props.gpu ? 0 : "25%")) && zero(rollout.maxUnavailable ?? (props.gpu ? 1 : 0))) {
    issues.push({
      field: "rollout.maxUnavailable",
      problem: "is 0 together with maxSurge 0, so a rollout could never replace a pod",
      value: rollout.maxUnavailable ?? 0,
      fix: "allow one of them to be above 0.",
    });
  }
  const shutdown = props.shutdown;
  if (
    shutdown?.terminationGracePeriodSeconds !== undefined &&
    typeof shutdown.preStopSleepSeconds === "number" &&
    shutdown.preStopSleepSeconds > shutdown.terminationGracePeriodSeconds
  ) {
    issues.push({
      field: "shutdown.preStopSleepSeconds",
      problem: `is longer than terminationGracePeriodSeconds (${shutdown.terminationGracePeriodSeconds})`,
      value: shutdown.preStopSleepSeconds,
      fix: "sleep less than the grace period, or raise it.",
    });
  }
  const persistence = volumes.persistence;
  const pods = servicePods(props);
  if (persistence?.createClaim && attachesToOneNode(persistence.accessMode) && pods.total > 1) {
    const given = typeof props.persistence === "object" ? props.persistence.accessMode : undefined;
    issues.push({
      field: "persistence.accessMode",
      problem: `is ${persistence.accessMode}${given ? "" : " (the default)"} but up to ${pods.total} pods would mount the claim${pods.canary ? ` (${pods.service} of the service, ${pods.canary} of the canary's)` : ""}, and only one node can attach it`,
      value: given,
      fix: `use 'ReadWriteMany' or 'ReadOnlyMany' with a StorageClass that supports it, or run one pod${pods.canary ? " (the canary's pods mount the claim too)" : " (one replica)"}.`,
    });
  }
  if (props.modelFile && props.model)
    issues.push({
      field: "modelFile",
      problem: "is given together with 'model'",
      fix: "use 'model' with 'file' (it sets MODEL_FILE), or 'modelFile', not both.",
    });
  if (props.modelFile && !props.modelFile.claimName) {
    if (!persistence) {
      issues.push({
        field: "modelFile.claimName",
        problem: "is required when the service has no persistence volume",
        fix: `set 'persistence' (the model is read from ${DEFAULT_DATA_MOUNT_PATH}) or name the claim holding the model.`,
      });
    } else if (!props.modelFile.path.startsWith(`${persistence.mountPath.replace(/\/$/, "")}/`)) {
      const mountPath = persistence.mountPath;
      issues.push({
        field: "modelFile.path",
        problem: `is not under the persistence mount path '${mountPath}'`,
        value: props.modelFile.path,
        fix: `put the model under ${mountPath}/ or set modelFile.claimName.`,
      });
    }
  }
  const tmp = resolveWorkload({ ...props, image: props.image }, name).security.tmpVolume;
  issues.push(...mountPathIssues(containerMounts({ ...volumes, tmp })));
  issues.push(...routeIssues(props.route, ports, primary));
  const envVar = volumes.modelFile?.envVar;
  if (envVar && props.env?.[envVar] !== undefined) {
    issues.push({
      field: `env.${envVar}`,
      problem: "is also set by 'modelFile'",
      value: props.env[envVar],
      fix: `remove it from env (modelFile sets ${envVar}).`,
    });
  }
  for (const variable of volumes.scratch.home ? ["HOME", "XDG_CACHE_HOME"] : []) {
    if (props.env?.[variable] !== undefined)
      issues.push({
        field: `env.${variable}`,
        problem: "is also set by 'home' (the writable home directory)",
        value: props.env[variable],
        fix: "remove it from env, or set home: false.",
      });
  }
  for (const [variable] of volumes.model?.env ?? []) {
    if (props.env?.[variable] !== undefined)
      issues.push({
        field: `env.${variable}`,
        problem: "is also set by 'model'",
        value: props.env[variable],
        fix: `remove it from env, or rename it with model.env.`,
      });
  }
  return issues;
}

/**
 * The image tag as a label value, when it is one: the default `app.kubernetes.io/version`, also
 * of a service whose image is built (and run by digest) from this reference.
 */
export function imageVersion(image: string): string | undefined {
  const tag = image.split("@")[0].match(/:([^/:]+)$/)?.[1];
  return tag && isLabelValue(tag) ? tag : undefined;
}

/** How a ModelService is resolved inside another construct. */
export interface ResolveModelServiceOptions {
  /**
   * The construct whose routes front the service (e.g. `LabProject`): a canary then splits on
   * that construct's route and needs no `route` of the service's own.
   * @default - none: a canary needs `route`
   */
  readonly routedBy?: string;
}

/**
 * The in-cluster address of a service's primary port in a namespace: host
 * `name.namespace.svc.cluster.local`, or the bare name (resolved in the client's own namespace)
 * without one, and `http://<host>:<port>`. The spec's `host` and `url` are this for its own
 * namespace; a backend that learns the namespace only later (Pulumi's provider) uses it then.
 */
export function serviceAddress(
  spec: Pick<ModelServiceSpec, "name" | "primaryPort">,
  namespace: string | undefined,
): { readonly host: string; readonly url: string } {
  const host = serviceHost(spec.name, namespace);
  return { host, url: serviceUrl(host, spec.primaryPort.port) };
}

/**
 * Seconds one pod of the service may take to become ready: the model download (which runs before
 * the startup probe's budget starts) plus `health.maxStartupSeconds`. Every rollout wait is
 * built on it: the progress deadline, and the await timeout per rollout wave (over `maxPods`).
 */
export function podStartupBudgetSeconds(spec: Pick<ModelServiceSpec, "health" | "model">): number {
  return spec.health.maxStartupSeconds + (spec.model?.download?.seconds ?? 0);
}

/**
 * Validates ModelService props and applies defaults. Throws a `ModelshipValidationError` naming
 * every bad field; the result is what `renderModelService` turns into objects.
 */
export function resolveModelService(props: ModelServiceProps, ref: ConstructRef, options: ResolveModelServiceOptions = {}): ModelServiceSpec {
  return resolveService(props, ref, options);
}

/** `stableName`: for a canary, the stable service's name, which the presets take. */
function resolveService(props: ModelServiceProps, ref: ConstructRef, options: ResolveModelServiceOptions = {}, stableName?: string): ModelServiceSpec {
  const refName = typeof (props as { name?: unknown } | undefined)?.name === "string" ? (props as { name: string }).name : ref.name;
  const given = validateProps({ kind: "ModelService", ...ref }, modelServiceSchema, props, (parsed) => [
    ...runtimeIssues(parsed),
    ...crossCheck(effectiveProps(parsed, stableName ?? parsed.name ?? refName), parsed.name ?? refName, options.routedBy),
  ]);
  const name = given.name ?? ref.name;
  const nameIssues =
    DNS1035_LABEL.test(name) && name.length <= 63
      ? []
      : [
          {
            field: "name",
            problem: "is not a valid Service name (taken from the construct id)",
            value: name,
            fix: "set 'name' to lowercase letters, digits and '-', starting with a letter.",
          },
        ];
  if (nameIssues.length) validateProps({ kind: "ModelService", ...ref }, z.unknown(), props, () => nameIssues);
  const parsed = effectiveProps(given, stableName ?? name);
  const image = parsed.image!;
  const ports = portsOf(parsed);
  const primaryPort = ports.find((p) => p.name === parsed.primaryPort) ?? ports[0];
  const health = resolveHealth(parsed.health, primaryPort);

  const volumes = resolveVolumes(parsed, name);
  const { persistence, model } = volumes;

  const scaling = resolveScaling(parsed);
  const workload = resolveWorkload({ ...parsed, image }, name);
  // The access mode decides, not the readOnly mount flag (see attachesToOneNode).
  const singleAttach = persistence !== undefined && attachesToOneNode(persistence.accessMode);
  const metricsPort = parsed.metrics ? (ports.find((p) => p.name === parsed.metrics?.port) ?? primaryPort) : undefined;
  // Kubernetes marks a rollout failed after 600 s without progress; a download plus a slow load can take longer.
  const progress = podStartupBudgetSeconds({ health, model }) + 60;
  const version = parsed.version === false ? undefined : (parsed.version ?? imageVersion(image));
  const route = resolveRoute(parsed.route, ports, primaryPort);
  const canary = parsed.canary && !parsed.canary.promote ? parsed.canary : undefined;

  return {
    name,
    namespace: parsed.namespace,
    labels: { name, instance: name, component: "model-service", partOf: parsed.partOf ?? name },
    version,
    workload,
    ports,
    primaryPort,
    ...serviceAddress({ name, primaryPort }, parsed.namespace),
    health,
    shutdown: resolveShutdown(parsed.shutdown),
    rollout: resolveRollout(parsed.rollout, { gpu: workload.gpu !== undefined, singleAttach }),
    runtimeClassName: parsed.runtimeClassName,
    scratch: volumes.scratch,
    metrics: metricsPort ? resolveMetrics(parsed.metrics!, metricsPort) : undefined,
    model,
    persistence,
    modelFile: volumes.modelFile,
    claimMounts: volumes.claimMounts,
    ...scaling,
    progressDeadlineSeconds: progress > 600 ? progress : undefined,
    route,
    canary: canary
      ? {
          weight: canary.weight,
          mode: canary.mode ?? "split",
          serviceName: canaryName(name),
          service: resolveService(
            canaryServiceProps(given, name, workload.serviceAccount.name) as ModelServiceProps,
            { ...ref, name: canaryName(name) },
            {},
            name,
          ),
        }
      : undefined,
    patches: parsed.patches ?? [],
  };
}
