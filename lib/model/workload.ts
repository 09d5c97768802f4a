import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";
import { int32 } from "./int32";
import { envSchema, isLiteral, SECRET_LOOKING_NAME, type EnvValue } from "./env";
import { IMAGE_REFERENCE, mutableImageReason } from "./image";
import { absolutePathSchema, annotationKeySchema, labelMap, subdomainNameSchema } from "./rules";
import { containerMemorySchema, cpuQuantity, cpuSchema, memorySchema, quantityValue } from "./quantity";

/**
 * Compute resources of the main container. Requests are always set; memory is always limited
 * (to the request unless told otherwise); CPU is not limited unless asked, since CPU limits
 * throttle latency-sensitive model servers.
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface ResourcesProps {
  /** CPU request, in cores (`0.25`) or as a quantity (`"250m"`). @default "100m" */
  readonly cpu?: number | string;
  /** CPU limit. @default - no CPU limit */
  readonly cpuLimit?: number | string;
  /** Memory request as a quantity (`"512Mi"`). @default "256Mi" */
  readonly memory?: string;
  /** Memory request in megabytes (10^6 bytes), rendered `"<n>M"` (Bodywork's `memory_request_mb` unit). */
  readonly memoryMB?: number;
  /** Memory request in mebibytes (2^20 bytes), rendered `"<n>Mi"`. */
  readonly memoryMiB?: number;
  /**
   * Memory limit. `false` removes the limit (the pod may then be OOM-killed by node pressure
   * at any time, and policy checks will flag it).
   * @default - equal to the memory request
   */
  readonly memoryLimit?: string | false;
  /** Ephemeral storage request and limit. @default - none */
  readonly ephemeralStorage?: string;
}

/**
 * GPUs for the container: the extended resource goes into requests and limits (Kubernetes
 * requires them equal), and the pod tolerates the usual GPU node taint.
 * @see https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/
 */
export interface GpuProps {
  /** Number of GPUs. */
  readonly count: number;
  /** Extended resource name. @default "nvidia.com/gpu" */
  readonly resource?: string;
  /** Tolerate the `<resource>:NoSchedule` taint GPU node pools carry. @default true */
  readonly tolerateTaint?: boolean;
  /** Node labels the pod must match, e.g. `{ "nvidia.com/gpu.product": "NVIDIA-A10G" }`. @default - none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/**
 * Security settings. Every default satisfies the Pod Security "restricted" profile; each can
 * be switched off where an image cannot cope (and policy checks will then say so).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface SecurityProps {
  /** Refuse to start containers whose user is root. Images must declare a numeric non-root USER. @default true */
  readonly runAsNonRoot?: boolean;
  /** UID to run as. @default - the image's USER */
  readonly runAsUser?: number;
  /** GID to run as. @default - the image's group */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes (Orchest sets one so notebooks can write). @default - none */
  readonly fsGroup?: number;
  /** `allowPrivilegeEscalation`. @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** Drop all Linux capabilities. @default true */
  readonly dropAllCapabilities?: boolean;
  /** Seccomp profile; `false` leaves it unset. @default "RuntimeDefault" */
  readonly seccompProfile?: "RuntimeDefault" | false;
  /** Mount the root filesystem read-only. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * A writable emptyDir at `/tmp` (size-limited), needed by most runtimes when the root is read-only.
   * @default true when readOnlyRootFilesystem, else false
   */
  readonly tmpVolume?: boolean;
  /** Size limit of the `/tmp` emptyDir. @default "256Mi" */
  readonly tmpSizeLimit?: string;
  /** Mount the ServiceAccount token into the pod. Workloads get no API access unless asked. @default false */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Reject literal env values whose names look like credentials (`*_TOKEN`, `*PASSWORD*`, ...):
   * they belong in Secrets.
   * @default true
   */
  readonly rejectInlineSecrets?: boolean;
}

/** The container and pod settings every workload (service or batch stage) shares. */
export interface WorkloadProps {
  /**
   * Container image. Must be pinned by a tag other than `latest`, or by digest
   * (`repo/app@sha256:...`), unless `allowMutableImageTag` is set.
   */
  readonly image: string;
  /** Allow `:latest` or untagged images (deploys whatever the tag points to today). @default false */
  readonly allowMutableImageTag?: boolean;
  /** @default - Kubernetes' default (IfNotPresent for pinned tags) */
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  /** Secrets holding registry credentials. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Entrypoint override. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Arguments. @default - the image's CMD */
  readonly args?: readonly string[];
  /** Working directory. @default - the image's WORKDIR */
  readonly workingDir?: string;
  /** Environment variables. Values are literals or references (see `EnvValue`). @default - none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Requests and limits. @default - see ResourcesProps */
  readonly resources?: ResourcesProps;
  /** GPUs. @default - none */
  readonly gpu?: GpuProps;
  /** Security context settings. @default - restricted */
  readonly security?: SecurityProps;
  /**
   * ServiceAccount the pods run as. By default the workload gets its own, with no API access.
   * Give `name` to use an existing one instead.
   * @default - a new ServiceAccount named after the workload
   */
  readonly serviceAccount?: { readonly name?: string; readonly create?: boolean };
  /** Extra labels on every object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the pod template. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

export { INT32_MAX } from "./int32";

/** Labels (or a node selector): valid keys and values. */
export const resourcesSchema = z.strictObject({
  cpu: cpuSchema.optional(),
  cpuLimit: cpuSchema.optional(),
  memory: containerMemorySchema.optional(),
  memoryMB: int32(z.number().int().positive()).optional(),
  memoryMiB: int32(z.number().int().positive()).optional(),
  memoryLimit: z.union([containerMemorySchema, z.literal(false)]).optional(),
  ephemeralStorage: memorySchema.optional(),
});

export const gpuSchema = z.strictObject({
  count: int32(z.number().int().min(1)),
  resource: z
    .string()
    .regex(/^[a-z0-9.-]+\/[a-z0-9.-]+$/, { error: problem("is not an extended resource name", "use e.g. 'nvidia.com/gpu' or 'amd.com/gpu'.") })
    .optional(),
  tolerateTaint: z.boolean().optional(),
  nodeSelector: labelMap.optional(),
});

export const securitySchema = z.strictObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().min(0).optional(),
  runAsGroup: z.number().int().min(0).optional(),
  fsGroup: z.number().int().min(0).optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  dropAllCapabilities: z.boolean().optional(),
  seccompProfile: z.union([z.literal("RuntimeDefault"), z.literal(false)]).optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  tmpVolume: z.boolean().optional(),
  tmpSizeLimit: memorySchema.optional(),
  automountServiceAccountToken: z.boolean().optional(),
  rejectInlineSecrets: z.boolean().optional(),
});

/** zod fields of {@link WorkloadProps}, spread into each workload's schema. */
export const workloadShape = {
  image: z
    .string({ error: problem("is required", "set 'image' to a pinned image such as 'registry.example.com/iris:1.0.0'.") })
    .min(1)
    .regex(IMAGE_REFERENCE, { error: problem("is not a valid image reference", "use 'registry/repository:tag' or 'repository@sha256:<digest>'.") }),
  allowMutableImageTag: z.boolean().optional(),
  imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
  imagePullSecrets: z.array(subdomainNameSchema).optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: absolutePathSchema.optional(),
  env: envSchema.optional(),
  resources: resourcesSchema.optional(),
  gpu: gpuSchema.optional(),
  security: securitySchema.optional(),
  serviceAccount: z.strictObject({ name: subdomainNameSchema.optional(), create: z.boolean().optional() }).optional(),
  labels: labelMap.optional(),
  podAnnotations: z.record(annotationKeySchema, z.string()).optional(),
};

/** Resolved resources. */
export interface ResourcesSpec {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

/** Resolved security settings: every switch decided. */
export type SecuritySpec = Required<Omit<SecurityProps, "runAsUser" | "runAsGroup" | "fsGroup">> & Pick<SecurityProps, "runAsUser" | "runAsGroup" | "fsGroup">;

/** Container and pod settings after defaults: what the render functions consume. */
export interface WorkloadSpec {
  readonly image: string;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly imagePullSecrets: readonly string[];
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env: ReadonlyArray<readonly [string, EnvValue]>;
  readonly resources: ResourcesSpec;
  readonly gpu?: Required<Omit<GpuProps, "nodeSelector">> & Pick<GpuProps, "nodeSelector">;
  readonly security: SecuritySpec;
  /** ServiceAccount name, and whether we create it. */
  readonly serviceAccount: { readonly name: string; readonly create: boolean };
  readonly labels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
}

export const DEFAULT_CPU_REQUEST = "100m";
export const DEFAULT_MEMORY_REQUEST = "256Mi";

function memoryRequest(resources: ResourcesProps): string {
  if (resources.memory !== undefined) return resources.memory;
  if (resources.memoryMiB !== undefined) return `${resources.memoryMiB}Mi`;
  return resources.memoryMB !== undefined ? `${resources.memoryMB}M` : DEFAULT_MEMORY_REQUEST;
}

/** Labels that selectors use; user labels may not replace them. */
const SELECTOR_LABEL_KEYS = ["app.kubernetes.io/name", "app.kubernetes.io/instance"] as const;

/** Cross-field checks shared by all workloads. */
export function checkWorkload(props: z.output<z.ZodObject<typeof workloadShape>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const reason = mutableImageReason(props.image);
  if (reason && !props.allowMutableImageTag) {
    issues.push({
      field: "image",
      problem: `${reason}; the cluster would run whatever that tag points to at pull time`,
      value: props.image,
      fix: "pin a version tag ('repo/app:1.2.3') or a digest ('repo/app@sha256:...'), or set allowMutableImageTag: true.",
    });
  }
  const resources = props.resources ?? {};
  const memoryFields = (["memory", "memoryMB", "memoryMiB"] as const).filter((key) => resources[key] !== undefined);
  if (memoryFields.length > 1) {
    issues.push({
      field: `resources.${memoryFields[1]}`,
      problem: `conflicts with 'resources.${memoryFields[0]}'`,
      value: resources[memoryFields[1]],
      fix: "give the memory request once.",
    });
  }
  const cpuLimit = resources.cpuLimit;
  if (resources.cpu !== undefined && cpuLimit !== undefined && quantityValue(cpuQuantity(cpuLimit)) < quantityValue(cpuQuantity(resources.cpu))) {
    issues.push({
      field: "resources.cpuLimit",
      problem: "is below the CPU request",
      value: resources.cpuLimit,
      fix: "raise the limit or lower 'resources.cpu'.",
    });
  }
  if (typeof resources.memoryLimit === "string" && memoryFields.length <= 1 && quantityValue(resources.memoryLimit) < quantityValue(memoryRequest(resources))) {
    issues.push({
      field: "resources.memoryLimit",
      problem: `is below the memory request (${memoryRequest(resources)})`,
      value: resources.memoryLimit,
      fix: "raise the limit or lower the request.",
    });
  }
  if (props.security?.rejectInlineSecrets !== false) {
    for (const [name, value] of Object.entries(props.env ?? {})) {
      if (SECRET_LOOKING_NAME.test(name) && isLiteral(value)) {
        issues.push({
          field: `env.${name}`,
          problem: "looks like a credential but is given inline, so it would be written into the manifest",
          value: "<redacted>",
          fix: `use EnvValue.fromSecret('<secret-name>', '${name}'), or set security.rejectInlineSecrets: false if it is not secret.`,
        });
      }
    }
  }
  for (const key of SELECTOR_LABEL_KEYS) {
    if (props.labels?.[key] !== undefined) {
      issues.push({
        field: `labels.${key}`,
        problem: "would replace the selector label modelship derives from the name, so the selectors would no longer match the pods",
        value: props.labels[key],
        fix: "remove it; set 'name' to change the object names and selectors.",
      });
    }
  }
  if (props.serviceAccount?.create === false && props.serviceAccount.name === undefined) {
    issues.push({
      field: "serviceAccount.name",
      problem: "is required when serviceAccount.create is false",
      fix: "name the existing ServiceAccount to run as.",
    });
  }
  return issues;
}

/** Applies the documented defaults. `name` names the ServiceAccount we create. */
export function resolveWorkload(props: z.output<z.ZodObject<typeof workloadShape>>, name: string): WorkloadSpec {
  const resources = props.resources ?? {};
  const memory = memoryRequest(resources);
  const requests: Record<string, string> = {
    cpu: cpuQuantity(resources.cpu ?? DEFAULT_CPU_REQUEST),
    memory,
  };
  const limits: Record<string, string> = {};
  if (resources.memoryLimit !== false) limits.memory = resources.memoryLimit ?? memory;
  if (resources.cpuLimit !== undefined) limits.cpu = cpuQuantity(resources.cpuLimit);
  if (resources.ephemeralStorage !== undefined) {
    requests["ephemeral-storage"] = resources.ephemeralStorage;
    limits["ephemeral-storage"] = resources.ephemeralStorage;
  }
  const gpu = props.gpu
    ? {
        count: props.gpu.count,
        resource: props.gpu.resource ?? "nvidia.com/gpu",
        tolerateTaint: props.gpu.tolerateTaint ?? true,
        nodeSelector: props.gpu.nodeSelector,
      }
    : undefined;
  if (gpu) {
    requests[gpu.resource] = String(gpu.count);
    limits[gpu.resource] = String(gpu.count);
  }
  const security = props.security ?? {};
  const readOnlyRootFilesystem = security.readOnlyRootFilesystem ?? true;
  const create = props.serviceAccount?.create ?? props.serviceAccount?.name === undefined;
  return {
    image: props.image,
    imagePullPolicy: props.imagePullPolicy,
    imagePullSecrets: props.imagePullSecrets ?? [],
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    env: Object.entries(props.env ?? {}),
    resources: { requests, limits },
    gpu,
    security: {
      runAsNonRoot: security.runAsNonRoot ?? true,
      runAsUser: security.runAsUser,
      runAsGroup: security.runAsGroup,
      fsGroup: security.fsGroup,
      allowPrivilegeEscalation: security.allowPrivilegeEscalation ?? false,
      dropAllCapabilities: security.dropAllCapabilities ?? true,
      seccompProfile: security.seccompProfile ?? "RuntimeDefault",
      readOnlyRootFilesystem,
      tmpVolume: security.tmpVolume ?? readOnlyRootFilesystem,
      tmpSizeLimit: security.tmpSizeLimit ?? "256Mi",
      automountServiceAccountToken: security.automountServiceAccountToken ?? false,
      rejectInlineSecrets: security.rejectInlineSecrets ?? true,
    },
    serviceAccount: { name: props.serviceAccount?.name ?? name, create },
    labels: props.labels ?? {},
    podAnnotations: props.podAnnotations ?? {},
  };
}
