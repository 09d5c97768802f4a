import type { EnvValue } from "../env";
import { ModelshipValidationError, type ValidationIssue } from "../errors";
import { parseImage } from "../image";
import { resolveModelService, type ModelServiceProps, type ModelServiceSpec, type PortSpec } from "../model-service";
import { DEFAULT_MODEL_MOUNT } from "../model-source";
import { objectName } from "../names";
import { runtimeDefaults } from "../runtime";
import type { KindRef } from "../validate";
import { FEATURE_LABEL, LAB_ENV } from "./constants";
import { grantIssues, resolveGrants, type LabRuleSpec } from "./grants";
import { egressRestricted } from "./network-policy";
import type { ParsedProject, ParsedService } from "./props";

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
export function labServiceBasePath<P extends { readonly port: number }>(
  project: string,
  service: string,
  primary: P,
  routed: readonly P[],
): string | undefined {
  const port = routed.some((p) => p.port === primary.port) ? primary : routed[0];
  return port === undefined ? undefined : labServicePath(project, service, port.port);
}

/** ML Lab's proxy path of a service port, with the trailing slash: `/api/projects/p/services/s/8080/`. */
export function labServicePath(project: string, service: string, port: number): string {
  return `/api/projects/${project}/services/${service}/${port}/`;
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

/** A port of a project service, as given or defaulted. */
export interface LabPort {
  readonly name: string;
  readonly port: number;
  readonly protocol?: string;
}

/**
 * How a service's ports are reached, worked out once for both the checks and the resolve: the
 * ports (given, or Orchest's default), which of them are exposed, and the one ML Lab connects to.
 */
export interface LabPortPlan {
  /** The service's ports: `ports`, else `port` as `http`, else Orchest's default for the image. */
  readonly ports: readonly LabPort[];
  /** Whether the service gave `ports` or `port` itself, or a runtime preset gives them (else `ports` are handed to the ModelService). */
  readonly given: boolean;
  /** Exposure is explicit: a service is internal unless it says `exposed: true` (as in Orchest). */
  readonly exposed: boolean;
  /** The exposed ports as written (`exposedPorts`, else every port's name); empty when internal. */
  readonly exposedRefs: readonly (string | number)[];
  /** The exposed ports, in port order. */
  readonly exposedList: readonly LabPort[];
  /** The exposed ports in `exposedPorts` order: what the routes serve. */
  readonly routed: readonly LabPort[];
  /** Name of the port ML Lab connects to: `primaryPort`, else 8080 when the service has it, else the first. */
  readonly primaryName: string;
  readonly primary: LabPort;
}

/** Plans a service's ports and exposure (see {@link LabPortPlan}). */
export function planLabPorts(service: ParsedService): LabPortPlan {
  // A runtime preset brings its own ports (vLLM 8000, Triton 8000-8002, ...), which the ModelService applies.
  const given = service.ports !== undefined || service.port !== undefined || service.runtime !== undefined;
  const ports = givenPorts(service);
  const exposed = service.exposed ?? false;
  const exposedRefs = exposed ? (service.exposedPorts ?? ports.map((p) => p.name)) : [];
  const exposedList = ports.filter((p) => exposedRefs.includes(p.name) || exposedRefs.includes(p.port));
  const routed = exposedRefs.flatMap((n) => exposedList.filter((p) => p.name === n || p.port === n));
  // ML Lab connects to 8080 when the image exposes it, else to the first port.
  const primaryName = service.primaryPort ?? primaryLabPort(ports).name;
  const primary = ports.find((p) => p.name === primaryName) ?? ports[0];
  return { ports, given, exposed, exposedRefs, exposedList, routed, primaryName, primary };
}

function givenPorts(service: ParsedService): readonly LabPort[] {
  if (service.ports) return service.ports;
  if (service.port !== undefined) return [{ name: "http", port: service.port }];
  if (service.runtime) return runtimeDefaults(service.runtime, { name: service.name, modelDir: DEFAULT_MODEL_MOUNT }).ports;
  const port = defaultLabPort(service.image ?? "", service.name);
  return [{ name: port === FALLBACK_LAB_PORT ? "http" : `port-${port}`, port }];
}

/** What is wrong with one service of the project (its ModelService fields are checked when it resolves). */
export function labServiceIssues(service: ParsedService, at: string, plan: LabPortPlan, props: ParsedProject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { ports, exposed } = plan;
  (service.exposedPorts ?? []).forEach((port, p) => {
    const found = typeof port === "number" ? ports.some((x) => x.port === port) : ports.some((x) => x.name === port);
    if (!found)
      issues.push({
        field: `${at}.exposedPorts[${p}]`,
        problem: "is not a port of the service",
        value: port,
        fix: `use one of ${ports.map((x) => `'${x.name}' (${x.port})`).join(", ")}, or add it to 'ports'.`,
      });
  });
  if (!exposed && service.exposedPorts)
    issues.push({
      field: `${at}.exposedPorts`,
      problem: "is set but the service is not exposed",
      value: service.exposedPorts,
      fix: "set exposed: true, or remove exposedPorts.",
    });
  if (!exposed && service.preserveBasePath)
    issues.push({
      field: `${at}.preserveBasePath`,
      problem: "is set but the service is not exposed",
      value: true,
      fix: "set exposed: true, or remove preserveBasePath.",
    });
  const exposedCountOfService = plan.exposedRefs.length;
  if (exposedCountOfService > 16) {
    issues.push({
      field: `${at}.exposedPorts`,
      problem: `would expose ${exposedCountOfService} ports, but an HTTPRoute holds at most 16 rules`,
      fix: "list at most 16 ports in exposedPorts.",
    });
  }
  const isTcp = (port: { protocol?: string }) => (port.protocol ?? "TCP") === "TCP";
  if (exposed && !service.exposedPorts && !ports.every(isTcp)) {
    issues.push({
      field: `${at}.exposedPorts`,
      problem: "must list the HTTP ports: the service has UDP/SCTP ports, which HTTP routes cannot serve",
      fix: "list the TCP ports to expose.",
    });
  }
  (service.exposedPorts ?? []).forEach((port, p) => {
    const found = ports.find((x) => x.name === port || x.port === port);
    if (found && !isTcp(found))
      issues.push({
        field: `${at}.exposedPorts[${p}]`,
        problem: "is not a TCP port, which HTTP routes cannot serve",
        value: port,
        fix: "expose TCP ports only.",
      });
  });
  const env = service.env ?? {};
  if (service.basePathEnv?.startsWith("LAB_")) {
    issues.push({
      field: `${at}.basePathEnv`,
      problem: "is a LAB_* name, which the LabProject reserves for ML Lab's variables (LAB_ENDPOINT, LAB_PROJECT, LAB_API_TOKEN, LAB_SERVICE_PATH)",
      value: service.basePathEnv,
      fix: "use the variable your app reads, e.g. 'STREAMLIT_SERVER_BASE_URL_PATH'; the base path is in LAB_SERVICE_PATH already.",
    });
  }
  const injected = [...(service.labEnv === false ? [] : LAB_ENV), ...(service.basePathEnv ? [service.basePathEnv] : [])];
  for (const name of injected) {
    if (name === service.basePathEnv && name.startsWith("LAB_")) continue; // reported above
    if (Object.hasOwn(env, name))
      issues.push({
        field: `${at}.env.${name}`,
        problem: "is set by the LabProject",
        value: env[name],
        fix: name.startsWith("LAB_") ? "remove it, or set labEnv: false to manage the LAB_* variables yourself." : "remove it from env, or drop basePathEnv.",
      });
  }
  (service.envInherit ?? []).forEach((name, e) => {
    // own keys only: 'constructor' or '__proto__' are not project variables
    if (!props.env || !Object.hasOwn(props.env, name))
      issues.push({
        field: `${at}.envInherit[${e}]`,
        problem: "is not a project-level env var",
        value: name,
        fix: `add it to the project's env${props.env ? ` (has: ${Object.keys(props.env).join(", ")})` : ""}.`,
      });
    if (injected.includes(name))
      issues.push({ field: `${at}.envInherit[${e}]`, problem: "is set by the LabProject", value: name, fix: "inherit another name." });
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
    issues.push({
      field: `${at}.security.automountServiceAccountToken`,
      problem: "is false but the service has grants, which need its token",
      value: false,
      fix: "remove the grants or the setting.",
    });
  }
  if (service.persistence && service.binds?.["/data"]) {
    issues.push({
      field: `${at}.binds./data`,
      problem: "conflicts with 'persistence' (both provide /data)",
      value: service.binds["/data"],
      fix: "use the project's data directory (binds) or a volume of the service's own (persistence), not both.",
    });
  }
  return issues;
}

/** What a service takes from its project when it resolves. */
export interface LabServiceContext {
  /** The project construct, for errors. */
  readonly ref: KindRef;
  /** Project name. */
  readonly project: string;
  readonly namespace: string;
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly endpoint?: string;
  readonly token: { readonly secretName: string; readonly key: string };
  /** Claim of the project files volume, when a service binds. */
  readonly claimName?: string;
  readonly fsGroup?: number;
  readonly labels: Readonly<Record<string, string>>;
}

function withPrefix(error: ModelshipValidationError, prefix: string, ref: KindRef): ModelshipValidationError {
  return new ModelshipValidationError(
    ref.kind,
    ref.name,
    error.issues.map((issue) => ({ ...issue, field: issue.field ? `${prefix}.${issue.field}` : prefix })),
    ref.path,
  );
}

/**
 * Resolves one project service into the ModelService it renders as, with the project's env,
 * labels, binds and token. Throws the ModelService's errors with fields as `services[i].<field>`.
 */
export function resolveLabService(service: ParsedService, index: number, context: LabServiceContext): LabServiceSpec {
  const { project: name, namespace } = context;
  const { ports, given, exposedList, routed, primaryName, primary } = planLabPorts(service);
  const basePath = labServiceBasePath(name, service.name, primary, routed);
  const env: Record<string, EnvValue> = { ...(service.env ?? {}) };
  for (const inherited of service.envInherit ?? []) env[inherited] = (context.env ?? {})[inherited];
  if (service.labEnv !== false) {
    if (context.endpoint) env.LAB_ENDPOINT = context.endpoint;
    env.LAB_PROJECT = name;
    env.LAB_API_TOKEN = { secretKeyRef: { name: context.token.secretName, key: context.token.key } };
    if (basePath !== undefined) env.LAB_SERVICE_PATH = basePath;
  }
  if (service.basePathEnv && basePath !== undefined) env[service.basePathEnv] = basePath;
  const binds = Object.entries(service.binds ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const claimMounts = [
    ...binds.map(([source, mountPath]) => ({ claimName: context.claimName ?? objectName([name, "files"]), mountPath, subPath: source.slice(1) })),
    ...(service.claimMounts ?? []),
  ];
  const security = { ...(service.security ?? {}) };
  if (binds.length && security.fsGroup === undefined) security.fsGroup = context.fsGroup ?? 1000;
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
    ...(given ? {} : { ports }),
    primaryPort: primaryName,
    namespace,
    partOf: name,
    labels: { ...context.labels, ...(service.labels ?? {}), [FEATURE_LABEL]: "project-service" },
    env,
    security,
    ...(claimMounts.length ? { claimMounts } : {}),
  } as ModelServiceProps;
  let spec: ModelServiceSpec;
  try {
    spec = resolveModelService(modelProps, { name: service.name, path: context.ref.path }, { routedBy: "LabProject" });
  } catch (error) {
    if (error instanceof ModelshipValidationError) throw withPrefix(error, `services[${index}]`, context.ref);
    throw error;
  }
  return {
    name: service.name,
    service: spec,
    exposedPorts: spec.ports.filter((p) => exposedList.some((x) => x.port === p.port)),
    requiresAuthentication: requiresAuthentication ?? true,
    preserveBasePath: preserveBasePath ?? false,
    paths: Object.fromEntries(spec.ports.map((p) => [p.port, labServicePath(name, service.name, p.port)])),
    ...(basePath !== undefined ? { path: basePath } : {}),
    internalHostname: spec.host,
    grants: resolveGrants(grants),
  };
}
