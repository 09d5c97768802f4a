import { z } from "zod";
import { envSchema, type EnvValue } from "../env";
import { problem } from "../errors";
import { int32 } from "../int32";
import { modelServiceSchema, type ModelServiceProps } from "../model-service";
import { DNS1035_LABEL } from "../names";
import { objectPatchSchema, type ObjectPatch } from "../patch";
import { containerMemorySchema, cpuSchema, memorySchema } from "../quantity";
import { absolutePathSchema, envVarNameSchema, httpUrlSchema, labelMap, labelNameSchema, secretKeySchema, subdomainNameSchema } from "../rules";
import type { LabGrantProps } from "./grants";
import { labIngressSchema, type LabIngressProps } from "./ingress";

/** Orchest's `scope`: in which target environment a service runs. */
export type LabScope = "interactive" | "noninteractive";

/**
 * Orchest's `binds`: mount the project's data directory (`/data`) and project directory
 * (`/project-dir`) at these container paths. Both live on the project's one files volume
 * (sub-directories `data` and `project-dir`).
 */
export interface LabBindsProps {
  readonly "/data"?: string;
  readonly "/project-dir"?: string;
}

/** A service of a lab project: a ModelService plus ML Lab / Orchest semantics. */
export interface LabServiceProps extends Omit<ModelServiceProps, "name" | "namespace" | "partOf"> {
  /** Service name: the Deployment, Service and path segment (`/services/<name>/`). */
  readonly name: string;
  /** Target environments the service runs in. @default ["interactive", "noninteractive"] */
  readonly scope?: readonly LabScope[];
  /** Project directory mounts (Orchest `binds`). @default - none */
  readonly binds?: LabBindsProps;
  /** Names of project-level env vars this service inherits; they win over `env` on collision. @default - none */
  readonly envInherit?: readonly string[];
  /**
   * Reachable from outside through the project's ingress, at
   * `/api/projects/<project>/services/<service>/<port>/`. Exposure is always explicit, as
   * Orchest's `exposed` (default `false`): giving ports only makes them reachable inside the
   * project. The templates of UIs (Tensorboard, Streamlit, VS Code, the code-runner) set it.
   * @default false (internal only)
   */
  readonly exposed?: boolean;
  /** Which ports are exposed (names or numbers). @default - all of them */
  readonly exposedPorts?: readonly (string | number)[];
  /** Require the project token. `false` exposes the service to anyone who reaches the gateway. @default true */
  readonly requiresAuthentication?: boolean;
  /** Keep the full path instead of stripping it to `/` (Orchest's `preserve_base_path`). @default false */
  readonly preserveBasePath?: boolean;
  /**
   * An env var that receives the service's base path (e.g. `STREAMLIT_SERVER_BASE_URL_PATH`); set only
   * when the service is routed (see `LabServiceSpec.path`). @default - none
   */
  readonly basePathEnv?: string;
  /**
   * Inject `LAB_ENDPOINT`, `LAB_PROJECT`, `LAB_API_TOKEN` and, when the service is routed,
   * `LAB_SERVICE_PATH` (its base path, port included). @default true
   */
  readonly labEnv?: boolean;
  /** Read access to the Kubernetes API. @default - none: no API access, no token mounted */
  readonly grants?: readonly LabGrantProps[];
}

/** The project token: referenced, never written into a manifest. */
export interface LabTokenProps {
  /** Secret holding the token. @default "<project>-token" */
  readonly secretName?: string;
  /** Key of the token in the Secret. @default "token" */
  readonly key?: string;
  /**
   * Sync the Secret from an external store (External Secrets Operator) instead of expecting it.
   * The synced Secret holds the token under `key` only: Envoy's api_key_auth strips `Bearer `
   * from the Authorization header itself.
   * @see https://external-secrets.io/latest/api/externalsecret/
   */
  readonly externalSecret?: {
    /** SecretStore name. */
    readonly store: string;
    /** @default "SecretStore" */
    readonly storeKind?: "SecretStore" | "ClusterSecretStore";
    /** Key in the external store. */
    readonly remoteKey: string;
    /** Property of that key. @default - the whole value */
    readonly remoteProperty?: string;
    /** @default "1h" */
    readonly refreshInterval?: string;
  };
}

/** Namespace guard rails. @see https://kubernetes.io/docs/concepts/policy/resource-quotas/ */
export interface LabQuotaProps {
  /** Sum of CPU requests. */
  readonly cpu?: number | string;
  /** Sum of memory requests. */
  readonly memory?: string;
  /** Sum of memory limits. */
  readonly memoryLimit?: string;
  readonly pods?: number;
  readonly persistentVolumeClaims?: number;
  /** Sum of storage requests. */
  readonly storage?: string;
  /** Sum of GPU requests (`requests.nvidia.com/gpu`). */
  readonly gpus?: number;
}

/** Container defaults for pods that set none. @see https://kubernetes.io/docs/concepts/policy/limit-range/ */
export interface LabLimitRangeProps {
  /** @default "100m" */
  readonly defaultCpuRequest?: number | string;
  /** @default "256Mi" */
  readonly defaultMemoryRequest?: string;
  /** @default - the memory request */
  readonly defaultMemoryLimit?: string;
  /** @default - no maximum */
  readonly maxMemory?: string;
  /** @default - no maximum */
  readonly maxCpu?: number | string;
}

/** NetworkPolicy switches. @see https://kubernetes.io/docs/concepts/services-networking/network-policies/ */
export interface LabNetworkPolicyProps {
  /** Deny all ingress and egress not allowed below. @default true */
  readonly defaultDeny?: boolean;
  /** Allow DNS lookups (UDP/TCP 53) to the cluster DNS. @default true */
  readonly allowDns?: boolean;
  /** Where cluster DNS runs. @default { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } } */
  readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Let the project's pods talk to each other (Orchest's internal connectivity). @default true */
  readonly allowWithinProject?: boolean;
  /** Let the proxy namespace reach exposed ports. @default true */
  readonly allowFromProxy?: boolean;
  /** Extra egress, e.g. `{ cidr: "0.0.0.0/0", ports: [443] }` for a code-runner cloning from git. @default - none */
  readonly egress?: ReadonlyArray<{ readonly cidr: string; readonly except?: readonly string[]; readonly ports?: readonly number[] }>;
  /**
   * Where the Kubernetes API server is, for services with `grants`: each granting service gets
   * egress to these addresses and ports (policy `allow-api-server-<service>`). Required when a
   * service has grants and the project's policies restrict egress: a NetworkPolicy cannot select
   * the API server by label (it runs on the host network or outside the cluster), and its address
   * is the cluster's, so there is no safe default to guess.
   * @default - none: grants are refused while egress is restricted
   */
  readonly apiServer?: LabApiServerProps;
  /**
   * The Prometheus pods that scrape the services' `metrics` ports: each service with `metrics`
   * (and its canary) admits them on that port only (policy `allow-metrics-<service>`), so a
   * scrape-based autoscaler (KEDA's Prometheus trigger) sees its metric under default deny.
   * @default - none: nothing outside the project scrapes the pods
   */
  readonly metricsScraper?: LabPeerProps;
}

/** Pods in another namespace, as a NetworkPolicy peer (namespace AND pod labels). */
export interface LabPeerProps {
  /** Their namespace, e.g. `monitoring`. */
  readonly namespace: string;
  /** Their labels, e.g. `{ "app.kubernetes.io/name": "prometheus" }`. @default - every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes API server's addresses, as NetworkPolicies see them.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-the-kubernetes-api-server
 */
export interface LabApiServerProps {
  /**
   * CIDRs of the API server endpoints: the addresses of
   * `kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`
   * (most CNIs evaluate policies after the `kubernetes` Service's ClusterIP is translated to
   * them), e.g. `["172.18.0.2/32"]`. Adding the ClusterIP (`kubectl get svc kubernetes`) does no harm.
   */
  readonly cidrs: readonly string[];
  /** Ports of the endpoints: 443 (managed clusters, the Service port) and 6443 (kubeadm's default). @default [443, 6443] */
  readonly ports?: readonly number[];
}

/** The project files volume that `binds` mount from. */
export interface LabStorageProps {
  /** @default "10Gi" */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Several services mount it at once, so it must be shareable across nodes. @default "ReadWriteMany" */
  readonly accessMode?: "ReadWriteOnce" | "ReadWriteMany";
  /** Group owning the files (`fsGroup` of pods that bind), so every service can write. @default 1000 */
  readonly fsGroup?: number;
}

/** The deployer identity: what CI uses to roll out the project's services. */
export interface LabDeployerProps {
  /** ServiceAccount and Role name. @default "deployer" */
  readonly name?: string;
  /** Further subjects bound to the Role (e.g. a team's group). @default - none */
  readonly subjects?: ReadonlyArray<{ readonly kind: "User" | "Group"; readonly name: string }>;
}

/**
 * An ML Lab / Orchest project: its own namespace (Pod Security restricted), a least-privilege
 * deployer, default-deny NetworkPolicies, a project token by reference, and services reachable
 * with that token at `/api/projects/<project>/services/<service>/<port>/`.
 */
export interface LabProjectProps {
  /** Project name (`LAB_PROJECT`, the path segment). @default - the construct's id */
  readonly name?: string;
  /** @default - the project name */
  readonly namespace?: string;
  /** Create the Namespace object (false when it exists already). @default true */
  readonly createNamespace?: boolean;
  /** Pod Security Standards level, enforced and warned; `false` for no labels. @default "restricted" */
  readonly podSecurity?: "restricted" | "baseline" | false;
  /** `LAB_ENDPOINT`: the ML Lab URL services talk to. @default - not set */
  readonly endpoint?: string;
  /** The project token. @default { secretName: "<project>-token", key: "token" } */
  readonly token?: LabTokenProps;
  /** Project-level env that services inherit by name (`envInherit`). @default - none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Which services run: those whose scope includes this. @default "interactive" */
  readonly environment?: LabScope;
  readonly services?: readonly LabServiceProps[];
  /** Routes and auth. Required when a service is exposed. @default - provider "gateway-api" */
  readonly ingress?: LabIngressProps;
  /** @default - none */
  readonly quota?: LabQuotaProps;
  /** `true` takes every default. @default - none */
  readonly limitRange?: LabLimitRangeProps | boolean;
  /** `false` for no deployer identity. @default { name: "deployer" } */
  readonly deployer?: LabDeployerProps | false;
  /** `false` for no NetworkPolicies at all. @default - every switch on */
  readonly networkPolicy?: LabNetworkPolicyProps | false;
  /** The files volume of `binds`. @default - created when a service binds */
  readonly storage?: LabStorageProps;
  /** Extra labels on every object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** JSON patches on the final objects. @default - none */
  readonly patches?: readonly ObjectPatch[];
}

// The schemas: what `validateProps` parses props with (and what the JSON Schema is made from).
export const projectNameSchema = z
  .string()
  .max(40)
  .regex(DNS1035_LABEL, {
    error: problem("is not a valid project name", "use lowercase letters, digits and '-', starting with a letter (at most 40 characters)."),
  });
const envName = envVarNameSchema;
const absolutePath = absolutePathSchema;
/** A mount target: absolute, normalised, and not the root (mounting over `/` hides the image). */
const mountTarget = absolutePath.refine(
  (path) =>
    path !== "/" &&
    path
      .split("/")
      .slice(1)
      .every((segment) => segment !== "" && segment !== "." && segment !== ".."),
  {
    error: problem(
      "is not a normalised absolute path below '/' (no '//', '.', '..' or a trailing '/', and not '/' itself)",
      "write it like '/data' or '/home/user/work'.",
    ),
  },
);
const scope = z.enum(["interactive", "noninteractive"]);
const count = int32(z.number().int().min(0));
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/[0-9]{1,3}$/, { error: problem("is not a CIDR", "use e.g. '0.0.0.0/0' or '10.0.0.0/8'.") });

const { namespace: _namespace, partOf: _partOf, ...serviceShape } = modelServiceSchema.shape;

export const labServiceSchema = z.strictObject({
  ...serviceShape,
  name: z
    .string({ error: problem("is required", "name the service, e.g. 'scoring'.") })
    .max(50)
    .regex(DNS1035_LABEL, {
      error: problem("is not a valid service name", "use lowercase letters, digits and '-', starting with a letter (e.g. 'tensorboard')."),
    }),
  scope: z.array(scope).min(1).optional(),
  binds: z.strictObject({ "/data": mountTarget.optional(), "/project-dir": mountTarget.optional() }).optional(),
  envInherit: z.array(envName).optional(),
  exposed: z.boolean().optional(),
  exposedPorts: z
    .array(z.union([z.string(), z.number().int()]))
    .min(1)
    .optional(),
  requiresAuthentication: z.boolean().optional(),
  preserveBasePath: z.boolean().optional(),
  basePathEnv: envName.optional(),
  labEnv: z.boolean().optional(),
  grants: z
    .array(
      z.strictObject({
        resources: z.array(z.string()).min(1),
        verbs: z.array(z.string()).min(1).optional(),
        resourceNames: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
});

export const labProjectSchema = z.strictObject({
  name: projectNameSchema.optional(),
  namespace: labelNameSchema.optional(),
  createNamespace: z.boolean().optional(),
  podSecurity: z.union([z.enum(["restricted", "baseline"]), z.literal(false)]).optional(),
  endpoint: httpUrlSchema("https://lab.example.com").optional(),
  token: z
    .strictObject({
      secretName: subdomainNameSchema.optional(),
      key: secretKeySchema.optional(),
      externalSecret: z
        .strictObject({
          store: subdomainNameSchema,
          storeKind: z.enum(["SecretStore", "ClusterSecretStore"]).optional(),
          remoteKey: z.string().min(1),
          remoteProperty: z.string().min(1).optional(),
          refreshInterval: z
            .string()
            .regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, { error: problem("is not a duration", "use e.g. '1h' or '15m'.") })
            .optional(),
        })
        .optional(),
    })
    .optional(),
  env: envSchema.optional(),
  environment: scope.optional(),
  services: z.array(labServiceSchema).optional(),
  ingress: labIngressSchema.optional(),
  quota: z
    .strictObject({
      cpu: cpuSchema.optional(),
      memory: memorySchema.optional(),
      memoryLimit: memorySchema.optional(),
      pods: count.optional(),
      persistentVolumeClaims: count.optional(),
      storage: memorySchema.optional(),
      gpus: count.optional(),
    })
    .optional(),
  limitRange: z
    .union([
      z.boolean(),
      z.strictObject({
        defaultCpuRequest: cpuSchema.optional(),
        defaultMemoryRequest: containerMemorySchema.optional(),
        defaultMemoryLimit: containerMemorySchema.optional(),
        maxMemory: containerMemorySchema.optional(),
        maxCpu: cpuSchema.optional(),
      }),
    ])
    .optional(),
  deployer: z
    .union([
      z.literal(false),
      z.strictObject({
        name: labelNameSchema.optional(),
        subjects: z.array(z.strictObject({ kind: z.enum(["User", "Group"]), name: z.string().min(1) })).optional(),
      }),
    ])
    .optional(),
  networkPolicy: z
    .union([
      z.literal(false),
      z.strictObject({
        defaultDeny: z.boolean().optional(),
        allowDns: z.boolean().optional(),
        dns: z.strictObject({ namespace: labelNameSchema, podLabels: labelMap }).optional(),
        allowWithinProject: z.boolean().optional(),
        allowFromProxy: z.boolean().optional(),
        egress: z
          .array(
            z.strictObject({
              cidr,
              except: z.array(cidr).optional(),
              ports: z.array(z.number().int().min(1).max(65535)).optional(),
            }),
          )
          .optional(),
        apiServer: z.strictObject({ cidrs: z.array(cidr).min(1), ports: z.array(z.number().int().min(1).max(65535)).min(1).optional() }).optional(),
        metricsScraper: z.strictObject({ namespace: labelNameSchema, podLabels: labelMap.optional() }).optional(),
      }),
    ])
    .optional(),
  storage: z
    .strictObject({
      size: memorySchema.optional(),
      storageClassName: z.string().optional(),
      accessMode: z.enum(["ReadWriteOnce", "ReadWriteMany"]).optional(),
      // Kubernetes refuses a pod fsGroup outside 0..2147483647.
      fsGroup: count.optional(),
    })
    .optional(),
  labels: labelMap.optional(),
  patches: z.array(objectPatchSchema).optional(),
});

export type ParsedProject = z.output<typeof labProjectSchema>;
export type ParsedService = z.output<typeof labServiceSchema>;
