import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";
import { DNS1035_LABEL, IANA_SVC_NAME, objectName, type WorkloadLabels } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { probeSchema, type ProbeProps } from "./probe";
import { resolveRoute, routeIssues, routeSchema, type RouteProps, type RouteSpec } from "./route";
import { memorySchema } from "./quantity";
import { absolutePathSchema, envVarNameSchema } from "./rules";
import { validateProps, type ConstructRef } from "./validate";
import { checkWorkload, INT32_MAX, nameSchema, resolveWorkload, workloadShape, type WorkloadProps, type WorkloadSpec, labelValueSchema } from "./workload";

/** A named port the service listens on. */
export interface ServicePortProps {
  /** IANA service name (<= 15 chars, lowercase), used by probes and routes. */
  readonly name: string;
  /** Container port, also the Service port. */
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  /** Application protocol hint for gateways (e.g. `http`, `kubernetes.io/h2c`). @default - none */
  readonly appProtocol?: string;
}

/**
 * Health checking. A readiness probe is always rendered (Bodywork renders none, so traffic reaches
 * pods that are not serving); the startup probe's budget covers `maxStartupSeconds`.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export interface HealthProps {
  /** The check used by the startup, readiness and liveness probes unless each is given. @default Probe.tcp() on the primary port */
  readonly probe?: ProbeProps;
  /** Readiness probe (required: it cannot be switched off). @default - `probe` */
  readonly readiness?: ProbeProps;
  /** Liveness probe; `false` for none. @default - `probe` */
  readonly liveness?: ProbeProps | false;
  /** Startup probe check; `false` for none (then `maxStartupSeconds` goes into the readiness delay). @default - `probe` */
  readonly startup?: ProbeProps | false;
  /**
   * How long the server may take to start (load a model, warm up). The startup probe runs every
   * `startup.periodSeconds` (10) with failureThreshold ceil(maxStartupSeconds / period), as Bodywork's
   * `MAX_STARTUP_TIME_SECONDS`.
   * @default 60
   */
  readonly maxStartupSeconds?: number;
}

/**
 * A persistent volume for the service's data, mounted at `/data` (ML Lab's convention).
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
 */
export interface PersistenceProps {
  /** @default "/data" */
  readonly mountPath?: string;
  /** Claim size. @default "10Gi" */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default "ReadWriteOnce" */
  readonly accessMode?: "ReadWriteOnce" | "ReadWriteOncePod" | "ReadWriteMany" | "ReadOnlyMany";
  /** Use an existing claim instead of creating one. @default - a new claim `<name>-data` */
  readonly existingClaim?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

/**
 * An existing PersistentVolumeClaim (or a sub-directory of it) mounted into the container, as
 * Orchest's `binds` mount the project's `/data` and `/project-dir` from one volume by subPath.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath
 */
export interface ClaimMountProps {
  /** The claim to mount. */
  readonly claimName: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Relative directory inside the claim. @default - the whole claim */
  readonly subPath?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/**
 * The model file the server loads, passed by path in an env var, as the Docker-izing seed's
 * `MODEL_FILE=/data/model.pkl`.
 */
export interface ModelFileProps {
  /** Absolute path of the model file in the container, e.g. `/data/model.pkl`. */
  readonly path: string;
  /** Env var holding the path. @default "MODEL_FILE" */
  readonly envVar?: string;
  /**
   * Claim holding the model, mounted read-only at the file's directory.
   * @default - the service's persistence volume (the path must be under its mount path)
   */
  readonly claimName?: string;
}

/**
 * A HorizontalPodAutoscaler that owns the replica count.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingProps {
  /** @default 2 */
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /** Target average CPU utilization, percent of the request. @default 70 (when no memory target is given) */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, percent of the request. @default - none */
  readonly memoryUtilization?: number;
}

/** Availability objects added when more than one replica runs. */
export interface AvailabilityProps {
  /**
   * PodDisruptionBudget; `false` for none. @default { maxUnavailable: 1 } when replicas (or autoscaling.maxReplicas) > 1
   * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
   */
  readonly disruptionBudget?: false | { readonly maxUnavailable?: number | string; readonly minAvailable?: number | string };
  /** Spread pods over nodes and zones (ScheduleAnyway). @default true when replicas (or autoscaling.maxReplicas) > 1 */
  readonly topologySpread?: boolean;
}

/** A model server: a Deployment behind a ClusterIP Service, with probes, security and availability. */
export interface ModelServiceProps extends WorkloadProps {
  /** Name of every object. @default - the construct's id */
  readonly name?: string;
  /** @default - the chart's or provider's namespace */
  readonly namespace?: string;
  /** `app.kubernetes.io/part-of`. @default - the name */
  readonly partOf?: string;
  /** Ports. @default [{ name: "http", port: 8080 }] (ML Lab's default) */
  readonly ports?: readonly ServicePortProps[];
  /** A single port named `http` (Bodywork's `PORT`); give either this or `ports`. */
  readonly port?: number;
  /** Name of the port probes and routes use. @default - the first port */
  readonly primaryPort?: string;
  /** Replicas. Not allowed with `autoscaling`, which then owns the count. @default 1 */
  readonly replicas?: number;
  /** Probes. @default - TCP on the primary port, 60 s startup budget */
  readonly health?: HealthProps;
  /** A `/data` volume backed by a PVC. `true` takes every default. @default - none */
  readonly persistence?: PersistenceProps | boolean;
  /** Existing claims (or sub-directories of them) to mount. @default - none */
  readonly claimMounts?: readonly ClaimMountProps[];
  /** A model file passed by path (`MODEL_FILE`). @default - none */
  readonly modelFile?: ModelFileProps;
  /** HPA. @default - none: fixed replicas */
  readonly autoscaling?: AutoscalingProps;
  /** PDB and topology spread. @default - both when replicas > 1 */
  readonly availability?: AvailabilityProps;
  /** A Gateway API HTTPRoute to the primary port (or `route.port`) through an existing Gateway. @default - none: in-cluster only */
  readonly route?: RouteProps;
  /** JSON patches on the final objects. @default - none */
  readonly patches?: readonly ObjectPatch[];
}

const portSchema = z.strictObject({
  name: z.string().regex(IANA_SVC_NAME, { error: problem("is not a valid port name", "use up to 15 lowercase letters, digits and '-', with at least one letter (e.g. 'http').") }),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
  appProtocol: z.string().optional(),
});

const percent = z.number().int().min(1).max(100);
const intOrPercent = z.union([z.number().int().min(0).max(INT32_MAX), z.string().regex(/^[0-9]+%$/, { error: problem("is not a percentage", "use e.g. '25%' or a number.") })]);

export const modelServiceSchema = z.strictObject({
  ...workloadShape,
  name: z.string().regex(DNS1035_LABEL, { error: problem("is not a valid Service name", "use lowercase letters, digits and '-', starting with a letter (e.g. 'iris-scoring').") }).max(63).optional(),
  namespace: nameSchema.max(63).optional(),
  partOf: labelValueSchema.optional(),
  ports: z.array(portSchema).min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  primaryPort: z.string().optional(),
  replicas: z.number({ error: problem("must be an integer >= 0", "use 0 or more.") }).int({ error: problem("must be an integer >= 0", "use a whole number.") }).min(0, { error: problem("must be an integer >= 0", "use 0 or more.") }).max(INT32_MAX, { error: problem(`must be <= ${INT32_MAX}`, "use a realistic replica count.") }).optional(),
  health: z
    .strictObject({
      probe: probeSchema.optional(),
      readiness: probeSchema.optional(),
      liveness: z.union([probeSchema, z.literal(false)]).optional(),
      startup: z.union([probeSchema, z.literal(false)]).optional(),
      maxStartupSeconds: z.number().int().min(1).max(86400).optional(),
    })
    .optional(),
  persistence: z
    .union([
      z.boolean(),
      z.strictObject({
        mountPath: absolutePathSchema.optional(),
        size: memorySchema.optional(),
        storageClassName: z.string().optional(),
        accessMode: z.enum(["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany", "ReadOnlyMany"]).optional(),
        existingClaim: nameSchema.optional(),
        readOnly: z.boolean().optional(),
      }),
    ])
    .optional(),
  claimMounts: z
    .array(
      z.strictObject({
        claimName: nameSchema,
        mountPath: absolutePathSchema,
        subPath: z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, { error: problem("must be a relative path without '..'", "use a directory inside the claim, e.g. 'data'.") }).optional(),
        readOnly: z.boolean().optional(),
      }),
    )
    .optional(),
  modelFile: z.strictObject({ path: absolutePathSchema, envVar: envVarNameSchema.optional(), claimName: nameSchema.optional() }).optional(),
  autoscaling: z
    .strictObject({
      minReplicas: z.number().int().min(1).max(INT32_MAX).optional(),
      maxReplicas: z.number().int().min(1).max(INT32_MAX),
      cpuUtilization: percent.optional(),
      memoryUtilization: percent.optional(),
    })
    .optional(),
  availability: z
    .strictObject({
      disruptionBudget: z.union([z.literal(false), z.strictObject({ maxUnavailable: intOrPercent.optional(), minAvailable: intOrPercent.optional() })]).optional(),
      topologySpread: z.boolean().optional(),
    })
    .optional(),
  route: routeSchema.optional(),
  patches: z.array(objectPatchSchema).optional(),
});

type ParsedModelService = z.output<typeof modelServiceSchema>;

/** A port after defaults. */
export interface PortSpec {
  readonly name: string;
  readonly port: number;
  readonly protocol: "TCP" | "UDP" | "SCTP";
  readonly appProtocol?: string;
}

/** ModelService after validation and defaults: the input of `renderModelService`. */
export interface ModelServiceSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: WorkloadLabels;
  readonly workload: WorkloadSpec;
  readonly ports: readonly PortSpec[];
  readonly primaryPort: PortSpec;
  /** Undefined when an HPA owns the count. */
  readonly replicas?: number;
  readonly health: {
    readonly startup?: ProbeProps;
    readonly readiness: ProbeProps;
    readonly liveness?: ProbeProps;
    readonly maxStartupSeconds: number;
  };
  readonly persistence?: Required<Omit<PersistenceProps, "storageClassName" | "existingClaim">> & {
    readonly storageClassName?: string;
    readonly claimName: string;
    readonly createClaim: boolean;
  };
  readonly modelFile?: { readonly path: string; readonly envVar: string; readonly claimName?: string };
  /** Extra claim mounts, each with the volume name it is mounted from. @default - none */
  readonly claimMounts?: ReadonlyArray<{ readonly volumeName: string; readonly claimName: string; readonly mountPath: string; readonly subPath?: string; readonly readOnly: boolean }>;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization?: number; readonly memoryUtilization?: number };
  readonly disruptionBudget?: { readonly maxUnavailable?: number | string; readonly minAvailable?: number | string };
  readonly topologySpread: boolean;
  /** The HTTPRoute in front of the service. @default - none */
  readonly route?: RouteSpec;
  readonly patches: readonly ObjectPatch[];
}

export const DEFAULT_PORT: ServicePortProps = { name: "http", port: 8080 };
export const DEFAULT_MAX_STARTUP_SECONDS = 60;
export const STARTUP_PERIOD_SECONDS = 10;

function portsOf(props: ParsedModelService): PortSpec[] {
  const given = props.ports ?? (props.port !== undefined ? [{ name: "http", port: props.port }] : [DEFAULT_PORT]);
  return given.map((port) => ({ name: port.name, port: port.port, protocol: port.protocol ?? "TCP", ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}) }));
}

function probeIssues(field: string, probe: ProbeProps | false | undefined, ports: readonly PortSpec[], primary: PortSpec): ValidationIssue[] {
  if (!probe || probe.type === "exec") return [];
  const port = probe.port ?? primary.name;
  const target = typeof port === "number" ? ports.find((p) => p.port === port) : ports.find((p) => p.name === port);
  if (target) {
    if (target.protocol === "TCP") return [];
    return [{ field: `${field}.port`, problem: `targets '${target.name}', a ${target.protocol} port, but ${probe.type} probes connect over TCP`, value: port, fix: "probe a TCP port, or use an exec probe (Probe.exec([...]))." }];
  }
  return [{ field: `${field}.port`, problem: "is not one of the service's ports", value: port, fix: `use one of ${ports.map((p) => `'${p.name}' (${p.port})`).join(", ")}, or add the port to 'ports'.` }];
}

/** The directory a model file's own claim is mounted at. */
export function modelDirectory(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/**
 * Every volume the container mounts must have its own path (the API server rejects duplicates),
 * and none may hide another: `/tmp` (read-only root), persistence, the model's claim, claimMounts.
 */
function mountPathIssues(props: ParsedModelService, persistenceMountPath: string | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const mounts: Array<{ field: string; path: string; value: string }> = [];
  const readOnlyRoot = props.security?.readOnlyRootFilesystem ?? true;
  if (props.security?.tmpVolume ?? readOnlyRoot) mounts.push({ field: "security.tmpVolume", path: "/tmp", value: "/tmp" });
  if (persistenceMountPath !== undefined || props.persistence) {
    const path = persistenceMountPath ?? "/data";
    mounts.push({ field: "persistence.mountPath", path, value: path });
  }
  if (props.modelFile?.claimName) {
    const directory = modelDirectory(props.modelFile.path);
    if (directory === "") {
      issues.push({ field: "modelFile.path", problem: "is at the filesystem root, so its claim would be mounted over '/'", value: props.modelFile.path, fix: "put the model in a directory of its own, e.g. '/models/model.pkl'." });
    } else {
      mounts.push({ field: "modelFile.path", path: directory, value: props.modelFile.path });
    }
  }
  (props.claimMounts ?? []).forEach((mount, index) => mounts.push({ field: `claimMounts[${index}].mountPath`, path: mount.mountPath, value: mount.mountPath }));
  const seen = new Map<string, string>();
  for (const mount of mounts) {
    const path = mount.path.replace(/\/+$/, "") || "/";
    const other = seen.get(path);
    if (other) {
      issues.push({ field: mount.field, problem: `mounts a volume at '${path}', which '${other}' already uses`, value: mount.value, fix: "mount each volume at its own path." });
    } else {
      seen.set(path, mount.field);
    }
  }
  return issues;
}

function crossCheck(props: ParsedModelService): ValidationIssue[] {
  const issues = checkWorkload(props);
  if (props.port !== undefined && props.ports !== undefined) {
    issues.push({ field: "port", problem: "conflicts with 'ports'", value: props.port, fix: "give a single 'port' or a list of 'ports', not both." });
  }
  const ports = portsOf(props);
  const seenNames = new Set<string>();
  const seenNumbers = new Set<string>();
  ports.forEach((port, index) => {
    if (seenNames.has(port.name)) issues.push({ field: `ports[${index}].name`, problem: "is used by another port", value: port.name, fix: "give each port a unique name." });
    const numberKey = `${port.port}/${port.protocol}`;
    if (seenNumbers.has(numberKey)) issues.push({ field: `ports[${index}].port`, problem: "is used by another port", value: port.port, fix: "give each port a unique number." });
    seenNames.add(port.name);
    seenNumbers.add(numberKey);
  });
  if (props.primaryPort !== undefined && !ports.some((p) => p.name === props.primaryPort)) {
    issues.push({ field: "primaryPort", problem: "is not the name of a port", value: props.primaryPort, fix: `use one of ${ports.map((p) => `'${p.name}'`).join(", ")}.` });
  }
  const health = props.health ?? {};
  const primary = ports.find((p) => p.name === props.primaryPort) ?? ports[0];
  // The default check is TCP on the primary port; it is only used where no specific probe is given.
  const baseUsed = health.probe !== undefined || health.readiness === undefined || health.liveness === undefined || health.startup === undefined;
  if (baseUsed) issues.push(...probeIssues("health.probe", health.probe ?? { type: "tcp" }, ports, primary));
  issues.push(...probeIssues("health.readiness", health.readiness, ports, primary));
  issues.push(...probeIssues("health.liveness", health.liveness, ports, primary));
  issues.push(...probeIssues("health.startup", health.startup, ports, primary));
  const startup = health.startup === false ? undefined : (health.startup ?? health.probe);
  const maxStartup = health.maxStartupSeconds ?? DEFAULT_MAX_STARTUP_SECONDS;
  if (startup?.failureThreshold !== undefined) {
    const budget = startup.failureThreshold * (startup.periodSeconds ?? STARTUP_PERIOD_SECONDS);
    if (budget < maxStartup) {
      issues.push({
        field: "health.startup.failureThreshold",
        problem: `gives a startup budget of ${budget}s, less than maxStartupSeconds (${maxStartup}s)`,
        value: startup.failureThreshold,
        fix: "leave failureThreshold unset so it is derived from maxStartupSeconds, or raise it.",
      });
    }
  }
  if (props.autoscaling) {
    if (props.replicas !== undefined) {
      issues.push({ field: "replicas", problem: "is set together with 'autoscaling', whose HPA owns the replica count", value: props.replicas, fix: "remove 'replicas' and use autoscaling.minReplicas, or remove 'autoscaling'." });
    }
    const min = props.autoscaling.minReplicas ?? 2;
    if (min > props.autoscaling.maxReplicas) {
      issues.push({ field: "autoscaling.maxReplicas", problem: `is below minReplicas (${min})`, value: props.autoscaling.maxReplicas, fix: "raise maxReplicas or lower minReplicas." });
    }
  }
  const budget = props.availability?.disruptionBudget;
  if (budget && budget.maxUnavailable !== undefined && budget.minAvailable !== undefined) {
    issues.push({ field: "availability.disruptionBudget", problem: "sets both maxUnavailable and minAvailable", value: budget, fix: "give one of them." });
  }
  const persistence = typeof props.persistence === "object" ? props.persistence : props.persistence ? {} : undefined;
  const maxPods = props.autoscaling ? props.autoscaling.maxReplicas : (props.replicas ?? 1);
  if (persistence && !persistence.existingClaim && (persistence.accessMode ?? "ReadWriteOnce").startsWith("ReadWriteOnce") && maxPods > 1) {
    issues.push({
      field: "persistence.accessMode",
      problem: `is ${persistence.accessMode ?? "ReadWriteOnce"} (the default) but up to ${maxPods} pods would mount the claim, and only one node can attach it`,
      value: persistence.accessMode,
      fix: "use 'ReadWriteMany' or 'ReadOnlyMany' with a StorageClass that supports it, or run one replica.",
    });
  }
  if (props.modelFile && !props.modelFile.claimName) {
    const mountPath = persistence?.mountPath ?? "/data";
    if (!persistence) {
      issues.push({ field: "modelFile.claimName", problem: "is required when the service has no persistence volume", fix: "set 'persistence' (the model is read from /data) or name the claim holding the model." });
    } else if (!props.modelFile.path.startsWith(`${mountPath.replace(/\/$/, "")}/`)) {
      issues.push({ field: "modelFile.path", problem: `is not under the persistence mount path '${mountPath}'`, value: props.modelFile.path, fix: `put the model under ${mountPath}/ or set modelFile.claimName.` });
    }
  }
  issues.push(...mountPathIssues(props, persistence?.mountPath));
  issues.push(...routeIssues(props.route, ports, primary));
  const envVar = props.modelFile?.envVar ?? "MODEL_FILE";
  if (props.modelFile && props.env?.[envVar] !== undefined) {
    issues.push({ field: `env.${envVar}`, problem: "is also set by 'modelFile'", value: props.env[envVar], fix: `remove it from env (modelFile sets ${envVar}).` });
  }
  return issues;
}

function resolveProbe(probe: ProbeProps, primary: PortSpec): ProbeProps {
  if (probe.type === "exec") return probe;
  if (probe.type === "grpc") return { ...probe, port: probe.port ?? primary.port };
  return { ...probe, port: probe.port ?? primary.name };
}

/**
 * Validates ModelService props and applies defaults. Throws a `ModelshipValidationError` naming
 * every bad field; the result is what `renderModelService` turns into objects.
 */
export function resolveModelService(props: ModelServiceProps, ref: Omit<ConstructRef, "kind">): ModelServiceSpec {
  const parsed = validateProps({ kind: "ModelService", ...ref }, modelServiceSchema, props, crossCheck);
  const name = parsed.name ?? ref.name;
  const nameIssues = DNS1035_LABEL.test(name) && name.length <= 63 ? [] : [{ field: "name", problem: "is not a valid Service name (taken from the construct id)", value: name, fix: "set 'name' to lowercase letters, digits and '-', starting with a letter." }];
  if (nameIssues.length) validateProps({ kind: "ModelService", ...ref }, z.unknown(), props, () => nameIssues);
  const ports = portsOf(parsed);
  const primaryPort = ports.find((p) => p.name === parsed.primaryPort) ?? ports[0];
  const health = parsed.health ?? {};
  const base = resolveProbe(health.probe ?? { type: "tcp" }, primaryPort);
  const maxStartupSeconds = health.maxStartupSeconds ?? DEFAULT_MAX_STARTUP_SECONDS;
  const startupCheck = health.startup === false ? undefined : resolveProbe(health.startup ?? base, primaryPort);
  const startupPeriod = startupCheck?.periodSeconds ?? STARTUP_PERIOD_SECONDS;
  const startup = startupCheck
    ? { ...startupCheck, periodSeconds: startupPeriod, failureThreshold: startupCheck.failureThreshold ?? Math.ceil(maxStartupSeconds / startupPeriod) }
    : undefined;
  const readinessCheck = resolveProbe(health.readiness ?? base, primaryPort);
  const readiness = startup ? readinessCheck : { ...readinessCheck, initialDelaySeconds: readinessCheck.initialDelaySeconds ?? maxStartupSeconds };
  const liveness = health.liveness === false ? undefined : resolveProbe(health.liveness ?? base, primaryPort);

  const persistenceProps = typeof parsed.persistence === "object" ? parsed.persistence : parsed.persistence ? {} : undefined;
  const persistence = persistenceProps
    ? {
        mountPath: persistenceProps.mountPath ?? "/data",
        size: persistenceProps.size ?? "10Gi",
        storageClassName: persistenceProps.storageClassName,
        accessMode: persistenceProps.accessMode ?? "ReadWriteOnce",
        readOnly: persistenceProps.readOnly ?? false,
        claimName: persistenceProps.existingClaim ?? objectName([name, "data"]),
        createClaim: persistenceProps.existingClaim === undefined,
      }
    : undefined;

  const claimVolumes = new Map<string, string>();
  const claimMounts = (parsed.claimMounts ?? []).map((mount) => {
    let volumeName = claimVolumes.get(mount.claimName);
    if (!volumeName) {
      volumeName = objectName(["claim", String(claimVolumes.size)]);
      claimVolumes.set(mount.claimName, volumeName);
    }
    return { volumeName, claimName: mount.claimName, mountPath: mount.mountPath, subPath: mount.subPath, readOnly: mount.readOnly ?? false };
  });

  const autoscaling = parsed.autoscaling
    ? {
        minReplicas: parsed.autoscaling.minReplicas ?? 2,
        maxReplicas: parsed.autoscaling.maxReplicas,
        cpuUtilization: parsed.autoscaling.cpuUtilization ?? (parsed.autoscaling.memoryUtilization === undefined ? 70 : undefined),
        memoryUtilization: parsed.autoscaling.memoryUtilization,
      }
    : undefined;
  const replicas = autoscaling ? undefined : (parsed.replicas ?? 1);
  // An autoscaled service needs its PDB and spread before it scales out: decide on the maximum.
  const maxPods = autoscaling ? autoscaling.maxReplicas : (replicas ?? 1);
  const budgetProps = parsed.availability?.disruptionBudget;
  const disruptionBudget = budgetProps === false || maxPods <= 1 ? undefined : budgetProps && (budgetProps.minAvailable !== undefined || budgetProps.maxUnavailable !== undefined) ? budgetProps : { maxUnavailable: 1 };

  return {
    name,
    namespace: parsed.namespace,
    labels: { name, instance: name, component: "model-service", partOf: parsed.partOf ?? name },
    workload: resolveWorkload(parsed, name),
    ports,
    primaryPort,
    replicas,
    health: { startup, readiness, liveness, maxStartupSeconds },
    persistence,
    modelFile: parsed.modelFile ? { path: parsed.modelFile.path, envVar: parsed.modelFile.envVar ?? "MODEL_FILE", claimName: parsed.modelFile.claimName } : undefined,
    claimMounts: claimMounts.length ? claimMounts : undefined,
    autoscaling,
    disruptionBudget,
    topologySpread: parsed.availability?.topologySpread ?? maxPods > 1,
    route: resolveRoute(parsed.route, ports, primaryPort),
    patches: parsed.patches ?? [],
  };
}
