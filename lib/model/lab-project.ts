import { z } from "zod";
import { envSchema, type EnvValue } from "./env";
import { ModelshipValidationError, problem, type ValidationIssue } from "./errors";
import { parseImage } from "./image";
import { INT32_MAX } from "./int32";
import { checkLabIngress, checkLabIngressForProject, ingressNamespaces, labIngressSchema, labIngressWarnings, resolveLabIngress, type LabIngressProps, type LabIngressSpec } from "./lab-ingress";
import { modelServiceSchema, resolveModelService, type ModelServiceProps, type ModelServiceSpec, type PortSpec } from "./model-service";
import { DNS1035_LABEL, objectName, serviceHost } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { cpuSchema, memorySchema } from "./quantity";
import { absolutePathSchema, envVarNameSchema, labelKeySchema } from "./rules";
import { validateProps, type ConstructRef } from "./validate";
import { labelValueSchema, nameSchema } from "./workload";

/** Orchest's `scope`: in which target environment a service runs. */
export type LabScope = "interactive" | "noninteractive";

/** Resources a project service may be granted read access to (never `secrets`). */
export type LabReadableResource = "configmaps" | "pods" | "pods/log" | "services" | "endpoints" | "persistentvolumeclaims" | "events" | "deployments" | "jobs";

/**
 * Read access for a service's own ServiceAccount (a namespaced Role + RoleBinding). Services get
 * no API access at all unless granted; build grants with {@link LabGrant}.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export interface LabGrantProps {
  readonly resources: readonly LabReadableResource[];
  /** @default ["get", "list", "watch"] */
  readonly verbs?: readonly ("get" | "list" | "watch")[];
  /** Only these objects. @default - every object of the resources in the namespace */
  readonly resourceNames?: readonly string[];
}

/** Intent methods for {@link LabGrantProps}. */
export const LabGrant = {
  /** get/list/watch of the given resources in the project namespace. */
  read(...resources: LabReadableResource[]): LabGrantProps {
    return { resources };
  },
  /** get of named ConfigMaps only. */
  readConfigMaps(...names: string[]): LabGrantProps {
    return { resources: ["configmaps"], verbs: ["get"], resourceNames: names };
  },
  /** get/list/watch of pods and their logs (e.g. a dashboard showing the project's runs). */
  readPods(): LabGrantProps {
    return { resources: ["pods", "pods/log"] };
  },
};

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

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const projectName = z
  .string()
  .max(40)
  .regex(DNS1035_LABEL, { error: problem("is not a valid project name", "use lowercase letters, digits and '-', starting with a letter (at most 40 characters).") });
const envName = envVarNameSchema;
const absolutePath = absolutePathSchema;
/** A mount target: absolute, normalised, and not the root (mounting over `/` hides the image). */
const mountTarget = absolutePath.refine((path) => path !== "/" && path.split("/").slice(1).every((segment) => segment !== "" && segment !== "." && segment !== ".."), {
  error: problem("is not a normalised absolute path below '/' (no '//', '.', '..' or a trailing '/', and not '/' itself)", "write it like '/data' or '/home/user/work'."),
});
const scope = z.enum(["interactive", "noninteractive"]);
/** The bound of a pod fsGroup, and of the quota counts we write. */
export { INT32_MAX };
const count = z.number().int().min(0).max(INT32_MAX, { error: problem(`must be at most ${INT32_MAX} (int32)`, "use a smaller number.") });
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/[0-9]{1,3}$/, { error: problem("is not a CIDR", "use e.g. '0.0.0.0/0' or '10.0.0.0/8'.") });
const labelKey = labelKeySchema;

const { namespace: _namespace, partOf: _partOf, ...serviceShape } = modelServiceSchema.shape;

export const labServiceSchema = z.strictObject({
  ...serviceShape,
  name: z
    .string({ error: problem("is required", "name the service, e.g. 'scoring'.") })
    .max(50)
    .regex(DNS1035_LABEL, { error: problem("is not a valid service name", "use lowercase letters, digits and '-', starting with a letter (e.g. 'tensorboard').") }),
  scope: z.array(scope).min(1).optional(),
  binds: z.strictObject({ "/data": mountTarget.optional(), "/project-dir": mountTarget.optional() }).optional(),
  envInherit: z.array(envName).optional(),
  exposed: z.boolean().optional(),
  exposedPorts: z.array(z.union([z.string(), z.number().int()])).min(1).optional(),
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
  name: projectName.optional(),
  namespace: nameSchema.max(63).optional(),
  createNamespace: z.boolean().optional(),
  podSecurity: z.union([z.enum(["restricted", "baseline"]), z.literal(false)]).optional(),
  endpoint: z.string().regex(/^https?:\/\/\S+$/, { error: problem("is not an http(s) URL", "use e.g. 'https://lab.example.com'.") }).optional(),
  token: z
    .strictObject({
      secretName: nameSchema.optional(),
      key: z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: problem("is not a valid Secret key", "use letters, digits, '-', '_' or '.'.") }).optional(),
      externalSecret: z
        .strictObject({
          store: nameSchema,
          storeKind: z.enum(["SecretStore", "ClusterSecretStore"]).optional(),
          remoteKey: z.string().min(1),
          remoteProperty: z.string().min(1).optional(),
          refreshInterval: z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, { error: problem("is not a duration", "use e.g. '1h' or '15m'.") }).optional(),
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
        defaultMemoryRequest: memorySchema.optional(),
        defaultMemoryLimit: memorySchema.optional(),
        maxMemory: memorySchema.optional(),
        maxCpu: cpuSchema.optional(),
      }),
    ])
    .optional(),
  deployer: z
    .union([
      z.literal(false),
      z.strictObject({
        name: nameSchema.max(63).optional(),
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
        dns: z.strictObject({ namespace: nameSchema, podLabels: z.record(labelKey, labelValueSchema) }).optional(),
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
  labels: z.record(labelKey, labelValueSchema).optional(),
  patches: z.array(objectPatchSchema).optional(),
});

type ParsedProject = z.output<typeof labProjectSchema>;
type ParsedService = z.output<typeof labServiceSchema>;

// ---------------------------------------------------------------------------------------------
// Defaults and constants
// ---------------------------------------------------------------------------------------------

/** Orchest's default ports, by image (or service) name, when a service gives none; else 8080. */
export const DEFAULT_LAB_PORTS: Readonly<Record<string, number>> = {
  redis: 6379,
  postgres: 5432,
  streamlit: 8501,
  mysql: 3306,
  rabbitmq: 5672,
  tensorboard: 6006,
  voila: 8866,
  mlflow: 5000,
  shiny: 8000,
};
export const FALLBACK_LAB_PORT = 8080;

/** The port Orchest would use for an image (and service name) that gives no ports. */
export function defaultLabPort(image: string, serviceName?: string): number {
  const repository = parseImage(image).repository;
  const last = repository.slice(repository.lastIndexOf("/") + 1);
  for (const candidate of [last, serviceName ?? ""]) {
    for (const [key, port] of Object.entries(DEFAULT_LAB_PORTS)) if (candidate.startsWith(key)) return port;
  }
  return FALLBACK_LAB_PORT;
}

/**
 * The port ML Lab connects to (and `LAB_SERVICE_PATH` names): 8080 when the service has it,
 * else the first port. LabProject and the ML Lab importer both use this rule.
 */
export function primaryLabPort<P extends { readonly port: number }>(ports: readonly [P, ...P[]] | readonly P[]): P {
  return ports.find((p) => p.port === FALLBACK_LAB_PORT) ?? ports[0];
}

/**
 * The base path of a service (`LAB_SERVICE_PATH`, the adapters' `path`): the proxy path of its
 * primary port when that port is routed, else of the first routed port (in `exposedPorts` order);
 * undefined when nothing is routed, since no path then reaches the service.
 */
export function labServiceBasePath<P extends { readonly port: number }>(project: string, service: string, primary: P, routed: readonly P[]): string | undefined {
  const port = routed.some((p) => p.port === primary.port) ? primary : routed[0];
  return port === undefined ? undefined : labServicePath(project, service, port.port);
}

/** ML Lab's proxy path of a service port, with the trailing slash: `/api/projects/p/services/s/8080/`. */
export function labServicePath(project: string, service: string, port: number): string {
  return `/api/projects/${project}/services/${service}/${port}/`;
}

export const LAB_ENV = ["LAB_ENDPOINT", "LAB_PROJECT", "LAB_API_TOKEN", "LAB_SERVICE_PATH"] as const;
export const LAB_TOKEN_COOKIE = "lab_access_token";
export const LAB_TOKEN_PARAM = "lab_token";
export const PROJECT_LABEL = "lab.modelship.io/project";
/** Namespaces no project may take: Kubernetes' own (their ServiceAccounts and Secrets are the cluster's). */
export const RESERVED_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease", "default"];
export const FEATURE_LABEL = "lab.modelship.io/feature-type";
const READABLE: readonly string[] = ["configmaps", "pods", "pods/log", "services", "endpoints", "persistentvolumeclaims", "events", "deployments", "jobs"];
const READ_VERBS: readonly string[] = ["get", "list", "watch"];

// ---------------------------------------------------------------------------------------------
// Specs
// ---------------------------------------------------------------------------------------------

/** One resolved RBAC rule. */
export interface LabRuleSpec {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** A project service after defaults. */
export interface LabServiceSpec {
  readonly name: string;
  /** The ModelService it renders as. */
  readonly service: ModelServiceSpec;
  /** Ports reachable through the ingress (empty: internal only). */
  readonly exposedPorts: readonly PortSpec[];
  readonly requiresAuthentication: boolean;
  readonly preserveBasePath: boolean;
  /** Base path of every port, by port number. */
  readonly paths: Readonly<Record<number, string>>;
  /**
   * The service's base path (`LAB_SERVICE_PATH`): its primary port's when that is routed, else the
   * first exposed port's; undefined when the service is not routed. See {@link labServiceBasePath}.
   */
  readonly path?: string;
  /** In-cluster host name (Orchest's `internal_hostname`). */
  readonly internalHostname: string;
  /** Rules of the service's own Role (empty: no API access). */
  readonly grants: readonly LabRuleSpec[];
}

/** LabProject after validation and defaults: the input of `renderLabProject`. */
export interface LabProjectSpec {
  readonly name: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly podSecurity?: "restricted" | "baseline";
  readonly labels: Readonly<Record<string, string>>;
  readonly endpoint?: string;
  readonly token: {
    readonly secretName: string;
    readonly key: string;
    readonly externalSecret?: { readonly store: string; readonly storeKind: "SecretStore" | "ClusterSecretStore"; readonly remoteKey: string; readonly remoteProperty?: string; readonly refreshInterval: string };
  };
  readonly environment: LabScope;
  readonly ingress?: LabIngressSpec;
  readonly quota?: Readonly<Record<string, string>>;
  readonly limitRange?: { readonly defaultRequest: Readonly<Record<string, string>>; readonly default: Readonly<Record<string, string>>; readonly max?: Readonly<Record<string, string>> };
  readonly deployer?: { readonly name: string; readonly subjects: ReadonlyArray<{ readonly kind: "User" | "Group"; readonly name: string }> };
  readonly networkPolicy?: {
    readonly defaultDeny: boolean;
    readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
    readonly allowWithinProject: boolean;
    readonly allowFromProxy: boolean;
    readonly egress: ReadonlyArray<{ readonly cidr: string; readonly except?: readonly string[]; readonly ports?: readonly number[] }>;
    /** API server egress for services with grants. */
    readonly apiServer?: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  };
  readonly storage?: { readonly claimName: string; readonly size: string; readonly storageClassName?: string; readonly accessMode: "ReadWriteOnce" | "ReadWriteMany" };
  readonly services: readonly LabServiceSpec[];
  /** Services left out because their scope excludes `environment`. */
  readonly skippedServices: readonly string[];
  /** Things that render but deserve attention (e.g. the retired ingress-nginx). */
  readonly warnings: readonly string[];
  readonly patches: readonly ObjectPatch[];
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

function givenPorts(service: ParsedService): ReadonlyArray<{ name: string; port: number; protocol?: string }> {
  if (service.ports) return service.ports;
  if (service.port !== undefined) return [{ name: "http", port: service.port }];
  const port = defaultLabPort(service.image ?? "", service.name);
  return [{ name: port === FALLBACK_LAB_PORT ? "http" : `port-${port}`, port }];
}

function portsGiven(service: ParsedService): boolean {
  return service.ports !== undefined || service.port !== undefined;
}

/** Exposure is explicit: a service is internal unless it says `exposed: true` (as in Orchest). */
function isExposed(service: ParsedService): boolean {
  return service.exposed ?? false;
}

function grantIssues(grants: ParsedService["grants"], field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (grants ?? []).forEach((grant, g) => {
    grant.resources.forEach((resource, r) => {
      const at = `${field}[${g}].resources[${r}]`;
      if (resource === "secrets") issues.push({ field: at, problem: "grants reading Secrets, which would expose every credential in the namespace", value: resource, fix: "pass the one value the service needs as env (EnvValue.fromSecret) instead." });
      else if (resource.includes("*")) issues.push({ field: at, problem: "is a wildcard", value: resource, fix: `name the resources: ${READABLE.join(", ")}.` });
      else if (!READABLE.includes(resource)) issues.push({ field: at, problem: "is not a resource a service may read", value: resource, fix: `use one of ${READABLE.join(", ")}.` });
    });
    (grant.verbs ?? []).forEach((verb, v) => {
      if (!READ_VERBS.includes(verb)) issues.push({ field: `${field}[${g}].verbs[${v}]`, problem: "is not a read verb", value: verb, fix: "grants are read-only: use 'get', 'list' or 'watch'." });
    });
  });
  return issues;
}

/**
 * Whether the project's NetworkPolicies restrict egress: any rendered policy with an Egress
 * type selects every pod, so egress is then limited to what the policies allow.
 */
function egressRestricted(props: ParsedProject): boolean {
  const np = props.networkPolicy;
  if (np === false) return false;
  if (!np) return true;
  return np.defaultDeny !== false || np.allowDns !== false || np.allowWithinProject !== false || (np.egress?.length ?? 0) > 0;
}

function crossCheck(props: ParsedProject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const services = props.services ?? [];
  const environment = props.environment ?? "interactive";
  const seen = new Set<string>();
  let exposedCount = 0;
  let binding = 0;
  services.forEach((service, index) => {
    const at = `services[${index}]`;
    if (seen.has(service.name)) issues.push({ field: `${at}.name`, problem: "is used by another service", value: service.name, fix: "give each service a unique name." });
    seen.add(service.name);
    const ports = givenPorts(service);
    const exposed = isExposed(service);
    const active = (service.scope ?? ["interactive", "noninteractive"]).includes(environment);
    if (exposed && active) exposedCount++;
    if (service.binds && Object.keys(service.binds).length && active) binding++;
    (service.exposedPorts ?? []).forEach((port, p) => {
      const found = typeof port === "number" ? ports.some((x) => x.port === port) : ports.some((x) => x.name === port);
      if (!found) issues.push({ field: `${at}.exposedPorts[${p}]`, problem: "is not a port of the service", value: port, fix: `use one of ${ports.map((x) => `'${x.name}' (${x.port})`).join(", ")}, or add it to 'ports'.` });
    });
    if (!exposed && service.exposedPorts) issues.push({ field: `${at}.exposedPorts`, problem: "is set but the service is not exposed", value: service.exposedPorts, fix: "set exposed: true, or remove exposedPorts." });
    if (!exposed && service.preserveBasePath) issues.push({ field: `${at}.preserveBasePath`, problem: "is set but the service is not exposed", value: true, fix: "set exposed: true, or remove preserveBasePath." });
    const exposedCountOfService = exposed ? (service.exposedPorts?.length ?? ports.length) : 0;
    if (exposedCountOfService > 16) {
      issues.push({ field: `${at}.exposedPorts`, problem: `would expose ${exposedCountOfService} ports, but an HTTPRoute holds at most 16 rules`, fix: "list at most 16 ports in exposedPorts." });
    }
    const isTcp = (port: { protocol?: string }) => (port.protocol ?? "TCP") === "TCP";
    if (exposed && !service.exposedPorts && !ports.every(isTcp)) {
      issues.push({ field: `${at}.exposedPorts`, problem: "must list the HTTP ports: the service has UDP/SCTP ports, which HTTP routes cannot serve", fix: "list the TCP ports to expose." });
    }
    (service.exposedPorts ?? []).forEach((port, p) => {
      const found = ports.find((x) => x.name === port || x.port === port);
      if (found && !isTcp(found)) issues.push({ field: `${at}.exposedPorts[${p}]`, problem: "is not a TCP port, which HTTP routes cannot serve", value: port, fix: "expose TCP ports only." });
    });
    const env = service.env ?? {};
    if (service.basePathEnv?.startsWith("LAB_")) {
      issues.push({ field: `${at}.basePathEnv`, problem: "is a LAB_* name, which the LabProject reserves for ML Lab's variables (LAB_ENDPOINT, LAB_PROJECT, LAB_API_TOKEN, LAB_SERVICE_PATH)", value: service.basePathEnv, fix: "use the variable your app reads, e.g. 'STREAMLIT_SERVER_BASE_URL_PATH'; the base path is in LAB_SERVICE_PATH already." });
    }
    const injected = [...(service.labEnv === false ? [] : LAB_ENV), ...(service.basePathEnv ? [service.basePathEnv] : [])];
    for (const name of injected) {
      if (name === service.basePathEnv && name.startsWith("LAB_")) continue; // reported above
      if (Object.hasOwn(env, name)) issues.push({ field: `${at}.env.${name}`, problem: "is set by the LabProject", value: env[name], fix: name.startsWith("LAB_") ? "remove it, or set labEnv: false to manage the LAB_* variables yourself." : "remove it from env, or drop basePathEnv." });
    }
    (service.envInherit ?? []).forEach((name, e) => {
      // own keys only: 'constructor' or '__proto__' are not project variables
      if (!props.env || !Object.hasOwn(props.env, name)) issues.push({ field: `${at}.envInherit[${e}]`, problem: "is not a project-level env var", value: name, fix: `add it to the project's env${props.env ? ` (has: ${Object.keys(props.env).join(", ")})` : ""}.` });
      if (injected.includes(name)) issues.push({ field: `${at}.envInherit[${e}]`, problem: "is set by the LabProject", value: name, fix: "inherit another name." });
    });
    issues.push(...grantIssues(service.grants, `${at}.grants`));
    if (service.grants?.length && egressRestricted(props) && !(props.networkPolicy && props.networkPolicy.apiServer)) {
      issues.push({
        field: `${at}.grants`,
        problem: "need the Kubernetes API server, but the project's NetworkPolicies allow no egress to it (the token would be mounted for nothing)",
        fix: "set networkPolicy.apiServer: { cidrs: ['<address>/32'] } with the addresses of `kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes` (ports 443 and 6443 by default).",
      });
    }
    if (service.grants?.length && service.security?.automountServiceAccountToken === false) {
      issues.push({ field: `${at}.security.automountServiceAccountToken`, problem: "is false but the service has grants, which need its token", value: false, fix: "remove the grants or the setting." });
    }
    if (service.persistence && service.binds?.["/data"]) {
      issues.push({ field: `${at}.binds./data`, problem: "conflicts with 'persistence' (both provide /data)", value: service.binds["/data"], fix: "use the project's data directory (binds) or a volume of the service's own (persistence), not both." });
    }
  });
  if (exposedCount > 0) issues.push(...checkLabIngress(props.ingress ?? {}, "ingress"));
  if (binding > 1 && props.storage?.accessMode === "ReadWriteOnce") {
    issues.push({ field: "storage.accessMode", problem: `is ReadWriteOnce but ${binding} services mount the project files, and only one node can attach it`, value: "ReadWriteOnce", fix: "use 'ReadWriteMany' (the default) with a StorageClass that supports it." });
  }
  const deployer = props.deployer;
  if (deployer && deployer.name && services.some((s) => s.name === deployer.name)) {
    issues.push({ field: "deployer.name", problem: "is also the name of a service (their ServiceAccounts would collide)", value: deployer.name, fix: "rename the deployer or the service." });
  }
  if (deployer !== false) {
    const deployerName = deployer?.name ?? "deployer";
    services.forEach((service, index) => {
      // A pod running as the deployer would carry the deployer's rights to anyone who gets into it.
      if (service.serviceAccount?.name === deployerName) {
        issues.push({ field: `services[${index}].serviceAccount.name`, problem: "is the deployer's ServiceAccount, whose rights would then be in the service's pods", value: deployerName, fix: "leave serviceAccount unset (each service gets its own), or name another one." });
      }
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Resolve
// ---------------------------------------------------------------------------------------------

function resolveGrants(grants: ParsedService["grants"]): LabRuleSpec[] {
  return (grants ?? []).map((grant) => {
    const apps = grant.resources.filter((r) => r === "deployments");
    const batch = grant.resources.filter((r) => r === "jobs");
    const core = grant.resources.filter((r) => r !== "deployments" && r !== "jobs");
    const groups = [...(core.length ? [""] : []), ...(apps.length ? ["apps"] : []), ...(batch.length ? ["batch"] : [])];
    return { apiGroups: groups, resources: [...core, ...apps, ...batch], verbs: grant.verbs ?? [...READ_VERBS], ...(grant.resourceNames ? { resourceNames: grant.resourceNames } : {}) };
  });
}

function withPrefix(error: ModelshipValidationError, prefix: string, ref: ConstructRef): ModelshipValidationError {
  return new ModelshipValidationError(
    ref.kind,
    ref.name,
    error.issues.map((issue) => ({ ...issue, field: issue.field ? `${prefix}.${issue.field}` : prefix })),
    ref.path,
  );
}

/**
 * Validates LabProject props and applies defaults. Throws one `ModelshipValidationError` naming
 * every bad field (service fields as `services[i].<field>`); the result is what
 * `renderLabProject` turns into objects.
 */
export function resolveLabProject(props: LabProjectProps, ref: Omit<ConstructRef, "kind">): LabProjectSpec {
  const cref: ConstructRef = { kind: "LabProject", ...ref };
  const parsed = validateProps(cref, labProjectSchema, props, crossCheck);
  const name = parsed.name ?? ref.name;
  if (!DNS1035_LABEL.test(name) || name.length > 40) {
    validateProps(cref, z.unknown(), props, () => [{ field: "name", problem: "is not a valid project name (taken from the construct id)", value: name, fix: "set 'name' to lowercase letters, digits and '-', starting with a letter." }]);
  }
  const namespace = parsed.namespace ?? name;
  const environment = parsed.environment ?? "interactive";
  const tokenSecret = parsed.token?.secretName ?? objectName([name, "token"]);
  const token = {
    secretName: tokenSecret,
    key: parsed.token?.key ?? "token",
    externalSecret: parsed.token?.externalSecret
      ? {
          store: parsed.token.externalSecret.store,
          storeKind: parsed.token.externalSecret.storeKind ?? "SecretStore",
          remoteKey: parsed.token.externalSecret.remoteKey,
          remoteProperty: parsed.token.externalSecret.remoteProperty,
          refreshInterval: parsed.token.externalSecret.refreshInterval ?? "1h",
        }
      : undefined,
  };
  const storageProps = parsed.storage ?? {};
  const active = (parsed.services ?? []).filter((s) => (s.scope ?? ["interactive", "noninteractive"]).includes(environment));
  const skippedServices = (parsed.services ?? []).filter((s) => !active.includes(s)).map((s) => s.name);
  const needsStorage = active.some((s) => s.binds && Object.keys(s.binds).length > 0);
  const storage = needsStorage
    ? { claimName: objectName([name, "files"]), size: storageProps.size ?? "10Gi", storageClassName: storageProps.storageClassName, accessMode: storageProps.accessMode ?? "ReadWriteMany" }
    : undefined;
  const projectLabels = { ...(parsed.labels ?? {}), [PROJECT_LABEL]: name };

  const services: LabServiceSpec[] = [];
  const issues: ValidationIssue[] = [];
  // Every service is validated, also those this environment leaves out: a defect must not wait
  // for the other environment's deploy to show up. Only the active ones render.
  for (const service of parsed.services ?? []) {
    const index = (parsed.services ?? []).indexOf(service);
    const ports = givenPorts(service);
    const exposed = isExposed(service);
    const exposedNames = exposed ? (service.exposedPorts ?? ports.map((p) => p.name)) : [];
    const exposedList = ports.filter((p) => exposedNames.includes(p.name) || exposedNames.includes(p.port));
    const routed = exposedNames.flatMap((n) => exposedList.filter((p) => p.name === n || p.port === n));
    // ML Lab connects to 8080 when the image exposes it, else to the first port.
    const primaryName = service.primaryPort ?? primaryLabPort(ports).name;
    const primary = ports.find((p) => p.name === primaryName) ?? ports[0];
    const basePath = labServiceBasePath(name, service.name, primary, routed);
    const env: Record<string, EnvValue> = { ...(service.env ?? {}) };
    for (const inherited of service.envInherit ?? []) env[inherited] = (parsed.env ?? {})[inherited];
    if (service.labEnv !== false) {
      if (parsed.endpoint) env.LAB_ENDPOINT = parsed.endpoint;
      env.LAB_PROJECT = name;
      env.LAB_API_TOKEN = { secretKeyRef: { name: token.secretName, key: token.key } };
      if (basePath !== undefined) env.LAB_SERVICE_PATH = basePath;
    }
    if (service.basePathEnv && basePath !== undefined) env[service.basePathEnv] = basePath;
    const binds = Object.entries(service.binds ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const claimMounts = [
      ...binds.map(([source, mountPath]) => ({ claimName: storage?.claimName ?? objectName([name, "files"]), mountPath, subPath: source.slice(1) })),
      ...(service.claimMounts ?? []),
    ];
    const security = { ...(service.security ?? {}) };
    if (binds.length && security.fsGroup === undefined) security.fsGroup = storageProps.fsGroup ?? 1000;
    if (service.grants?.length) security.automountServiceAccountToken = true;
    const {
      scope: _scope,
      binds: _binds,
      envInherit: _envInherit,
      exposed: _exposed,
      exposedPorts: _exposedPorts,
      requiresAuthentication,
      preserveBasePath,
      basePathEnv: _basePathEnv,
      labEnv: _labEnv,
      grants,
      ...rest
    } = service;
    const modelProps = {
      ...rest,
      ...(portsGiven(service) ? {} : { ports }),
      primaryPort: primaryName,
      namespace,
      partOf: name,
      labels: { ...projectLabels, ...(service.labels ?? {}), [FEATURE_LABEL]: "project-service" },
      env,
      security,
      ...(claimMounts.length ? { claimMounts } : {}),
    } as ModelServiceProps;
    let spec: ModelServiceSpec;
    try {
      spec = resolveModelService(modelProps, { name: service.name, path: ref.path });
    } catch (error) {
      if (error instanceof ModelshipValidationError) {
        issues.push(...withPrefix(error, `services[${index}]`, cref).issues);
        continue;
      }
      throw error;
    }
    if (!active.includes(service)) continue;
    services.push({
      name: service.name,
      service: spec,
      exposedPorts: spec.ports.filter((p) => exposedList.some((x) => x.port === p.port)),
      requiresAuthentication: requiresAuthentication ?? true,
      preserveBasePath: preserveBasePath ?? false,
      paths: Object.fromEntries(spec.ports.map((p) => [p.port, labServicePath(name, service.name, p.port)])),
      ...(basePath !== undefined ? { path: basePath } : {}),
      internalHostname: serviceHost(service.name, namespace),
      grants: resolveGrants(grants),
    });
  }
  if (issues.length) throw new ModelshipValidationError(cref.kind, cref.name, issues, cref.path);

  const exposed = services.some((s) => s.exposedPorts.length > 0);
  const ingress = exposed ? resolveLabIngress(parsed.ingress ?? {}, namespace, name) : undefined;
  const reserved = [...RESERVED_NAMESPACES, ...(parsed.ingress ? ingressNamespaces(parsed.ingress) : [])];
  if (reserved.includes(namespace)) {
    issues.push({
      field: parsed.namespace === undefined ? "name" : "namespace",
      problem: `is reserved ('${namespace}' is ${RESERVED_NAMESPACES.includes(namespace) ? "a Kubernetes system namespace" : "the ingress proxies' or the mesh's own namespace, whose ServiceAccounts the project must not run as"})`,
      value: namespace,
      fix: "give the project a namespace of its own, e.g. namespace: 'lab-<project>'.",
    });
  }
  if (exposed) issues.push(...checkLabIngressForProject(parsed.ingress ?? {}, "ingress", name));
  if (issues.length) throw new ModelshipValidationError(cref.kind, cref.name, issues, cref.path);
  const warnings = ingress ? labIngressWarnings(ingress) : [];
  if (parsed.createNamespace === false && parsed.podSecurity !== false) {
    warnings.push(`createNamespace is false, so no Pod Security labels (${parsed.podSecurity ?? "restricted"}) are set: label namespace '${namespace}' with pod-security.kubernetes.io/enforce yourself, and with ${PROJECT_LABEL}: ${name} for the LabPlatform admission policy.`);
  }
  const unauthenticated = services.filter((s) => s.exposedPorts.length && !s.requiresAuthentication).map((s) => s.name);
  // Default deny leaves no way out but DNS and the project: say so where a service must go out.
  const np0 = parsed.networkPolicy;
  if (egressRestricted(parsed) && !(np0 && np0.egress?.length)) {
    const labEnvServices = active.filter((s) => s.labEnv !== false).map((s) => s.name);
    if (parsed.endpoint && labEnvServices.length) {
      warnings.push(`'endpoint' gives services LAB_ENDPOINT (${parsed.endpoint}), but the NetworkPolicies allow no egress to it: add networkPolicy.egress for its address (e.g. { cidr: "<address>/32", ports: [443] }).`);
    }
    const cloners = active.filter((s) => typeof s.env?.EXECUTE_CODE === "string" && s.env.EXECUTE_CODE.startsWith("git+")).map((s) => `'${s.name}'`);
    if (cloners.length) {
      warnings.push(`services ${cloners.join(", ")} clone their code from git (EXECUTE_CODE), but the NetworkPolicies allow no egress: add networkPolicy.egress: [{ cidr: "0.0.0.0/0", except: [<private ranges>], ports: [443] }].`);
    }
  }
  if (unauthenticated.length) warnings.push(`services ${unauthenticated.map((s) => `'${s}'`).join(", ")} are exposed WITHOUT authentication (requiresAuthentication: false).`);

  const quota = parsed.quota
    ? Object.fromEntries(
        Object.entries({
          "requests.cpu": parsed.quota.cpu === undefined ? undefined : String(parsed.quota.cpu),
          "requests.memory": parsed.quota.memory,
          "limits.memory": parsed.quota.memoryLimit,
          pods: parsed.quota.pods === undefined ? undefined : String(parsed.quota.pods),
          persistentvolumeclaims: parsed.quota.persistentVolumeClaims === undefined ? undefined : String(parsed.quota.persistentVolumeClaims),
          "requests.storage": parsed.quota.storage,
          "requests.nvidia.com/gpu": parsed.quota.gpus === undefined ? undefined : String(parsed.quota.gpus),
        }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      )
    : undefined;
  const lr = parsed.limitRange === true ? {} : parsed.limitRange || undefined;
  const limitRange = lr
    ? {
        defaultRequest: { cpu: String(lr.defaultCpuRequest ?? "100m"), memory: lr.defaultMemoryRequest ?? "256Mi" },
        default: { memory: lr.defaultMemoryLimit ?? lr.defaultMemoryRequest ?? "256Mi" },
        max: lr.maxMemory || lr.maxCpu !== undefined ? Object.fromEntries(Object.entries({ memory: lr.maxMemory, cpu: lr.maxCpu === undefined ? undefined : String(lr.maxCpu) }).filter((e): e is [string, string] => e[1] !== undefined)) : undefined,
      }
    : undefined;
  const np = parsed.networkPolicy === false ? undefined : (parsed.networkPolicy ?? {});
  return {
    name,
    namespace,
    createNamespace: parsed.createNamespace ?? true,
    podSecurity: parsed.podSecurity === false ? undefined : (parsed.podSecurity ?? "restricted"),
    labels: projectLabels,
    endpoint: parsed.endpoint,
    token,
    environment,
    ingress,
    quota: quota && Object.keys(quota).length ? quota : undefined,
    limitRange,
    deployer: parsed.deployer === false ? undefined : { name: parsed.deployer?.name ?? "deployer", subjects: parsed.deployer?.subjects ?? [] },
    networkPolicy: np
      ? {
          defaultDeny: np.defaultDeny ?? true,
          dns: np.allowDns === false ? undefined : (np.dns ?? { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }),
          allowWithinProject: np.allowWithinProject ?? true,
          allowFromProxy: np.allowFromProxy ?? true,
          egress: np.egress ?? [],
          apiServer: np.apiServer ? { cidrs: np.apiServer.cidrs, ports: np.apiServer.ports ?? [443, 6443] } : undefined,
        }
      : undefined,
    storage,
    services,
    skippedServices,
    warnings,
    patches: parsed.patches ?? [],
  };
}
