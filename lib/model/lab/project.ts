import { z } from "zod";
import { ModelshipValidationError, type ValidationIssue } from "../errors";
import { DNS1035_LABEL, objectName } from "../names";
import type { ObjectPatch } from "../patch";
import { validateProps, type ConstructRef, type KindRef } from "../validate";
import { PROJECT_LABEL, RESERVED_NAMESPACES } from "./constants";
import { checkLabIngress, checkLabIngressForProject, ingressNamespaces, labIngressWarnings, resolveLabIngress, type LabIngressSpec } from "./ingress";
import { labLimitRangeIssues, resolveLabLimitRange } from "./limit-range";
import { labEgressWarnings, resolveLabNetworkPolicy } from "./network-policy";
import { labProjectSchema, type LabProjectProps, type LabScope, type ParsedProject } from "./props";
import { labCanaryIssues } from "./canary";
import { labServiceIssues, planLabPorts, resolveLabService, type LabServiceSpec } from "./services";

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
    readonly externalSecret?: {
      readonly store: string;
      readonly storeKind: "SecretStore" | "ClusterSecretStore";
      readonly remoteKey: string;
      readonly remoteProperty?: string;
      readonly refreshInterval: string;
    };
  };
  readonly environment: LabScope;
  readonly ingress?: LabIngressSpec;
  readonly quota?: Readonly<Record<string, string>>;
  readonly limitRange?: {
    readonly defaultRequest: Readonly<Record<string, string>>;
    readonly default: Readonly<Record<string, string>>;
    readonly max?: Readonly<Record<string, string>>;
  };
  readonly deployer?: { readonly name: string; readonly subjects: ReadonlyArray<{ readonly kind: "User" | "Group"; readonly name: string }> };
  readonly networkPolicy?: {
    readonly defaultDeny: boolean;
    readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
    readonly allowWithinProject: boolean;
    readonly allowFromProxy: boolean;
    readonly egress: ReadonlyArray<{ readonly cidr: string; readonly except?: readonly string[]; readonly ports?: readonly number[] }>;
    /** API server egress for services with grants. */
    readonly apiServer?: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
    /** The Prometheus pods admitted to the services' metrics ports. */
    readonly metricsScraper?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  };
  readonly storage?: {
    readonly claimName: string;
    readonly size: string;
    readonly storageClassName?: string;
    readonly accessMode: "ReadWriteOnce" | "ReadWriteMany";
  };
  readonly services: readonly LabServiceSpec[];
  /** Services left out because their scope excludes `environment`. */
  readonly skippedServices: readonly string[];
  /** Things that render but deserve attention (e.g. the retired ingress-nginx). */
  readonly warnings: readonly string[];
  readonly patches: readonly ObjectPatch[];
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
    if (seen.has(service.name))
      issues.push({ field: `${at}.name`, problem: "is used by another service", value: service.name, fix: "give each service a unique name." });
    seen.add(service.name);
    const plan = planLabPorts(service);
    const active = (service.scope ?? ["interactive", "noninteractive"]).includes(environment);
    if (plan.exposed && active) exposedCount++;
    if (service.binds && Object.keys(service.binds).length && active) binding++;
    issues.push(...labServiceIssues(service, at, plan, props), ...labCanaryIssues(service, at, plan, props));
  });
  if (exposedCount > 0) issues.push(...checkLabIngress(props.ingress ?? {}, "ingress"));
  if (binding > 1 && props.storage?.accessMode === "ReadWriteOnce") {
    issues.push({
      field: "storage.accessMode",
      problem: `is ReadWriteOnce but ${binding} services mount the project files, and only one node can attach it`,
      value: "ReadWriteOnce",
      fix: "use 'ReadWriteMany' (the default) with a StorageClass that supports it.",
    });
  }
  issues.push(...labLimitRangeIssues(props.limitRange));
  // One name for both checks: the default deployer is as real as a named one.
  const deployerName = props.deployer === false ? undefined : (props.deployer?.name ?? "deployer");
  if (deployerName !== undefined) {
    const given = props.deployer !== undefined && props.deployer !== false && props.deployer.name !== undefined;
    services.forEach((service, index) => {
      // A pod running as the deployer would carry the deployer's rights to anyone who gets into it.
      if (service.serviceAccount?.name === deployerName) {
        issues.push({
          field: `services[${index}].serviceAccount.name`,
          problem: "is the deployer's ServiceAccount, whose rights would then be in the service's pods",
          value: deployerName,
          fix: "leave serviceAccount unset (each service gets its own), or name another one.",
        });
      } else if (service.serviceAccount?.name === undefined && service.name === deployerName) {
        // A service runs as a ServiceAccount of its own name, which would be the deployer's.
        issues.push(
          given
            ? {
                field: "deployer.name",
                problem: "is also the name of a service (their ServiceAccounts would collide)",
                value: deployerName,
                fix: "rename the deployer or the service.",
              }
            : {
                field: `services[${index}].name`,
                problem: "is the name of the deployer's ServiceAccount (deployer.name defaults to 'deployer'), so the service would run as the deployer",
                value: deployerName,
                fix: "rename the service, or name the deployer: deployer: { name: 'ci-deployer' }.",
              },
        );
      }
    });
  }
  return issues;
}

/**
 * Validates LabProject props and applies defaults. Throws one `ModelshipValidationError` naming
 * every bad field (service fields as `services[i].<field>`); the result is what
 * `renderLabProject` turns into objects.
 */
export function resolveLabProject(props: LabProjectProps, ref: ConstructRef): LabProjectSpec {
  const cref: KindRef = { kind: "LabProject", ...ref };
  const parsed = validateProps(cref, labProjectSchema, props, crossCheck);
  const name = parsed.name ?? ref.name;
  if (!DNS1035_LABEL.test(name) || name.length > 40) {
    validateProps(cref, z.unknown(), props, () => [
      {
        field: "name",
        problem: "is not a valid project name (taken from the construct id)",
        value: name,
        fix: "set 'name' to lowercase letters, digits and '-', starting with a letter.",
      },
    ]);
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
    ? {
        claimName: objectName([name, "files"]),
        size: storageProps.size ?? "10Gi",
        storageClassName: storageProps.storageClassName,
        accessMode: storageProps.accessMode ?? "ReadWriteMany",
      }
    : undefined;
  const projectLabels = { ...(parsed.labels ?? {}), [PROJECT_LABEL]: name };

  const services: LabServiceSpec[] = [];
  const issues: ValidationIssue[] = [];
  const context = {
    ref: cref,
    project: name,
    namespace,
    env: parsed.env,
    endpoint: parsed.endpoint,
    token,
    claimName: storage?.claimName,
    fsGroup: storageProps.fsGroup,
    labels: projectLabels,
  };
  // Every service is validated, also those this environment leaves out: a defect must not wait
  // for the other environment's deploy to show up. Only the active ones render.
  (parsed.services ?? []).forEach((service, index) => {
    try {
      const spec = resolveLabService(service, index, context);
      if (active.includes(service)) services.push(spec);
    } catch (error) {
      if (error instanceof ModelshipValidationError) issues.push(...error.issues);
      else throw error;
    }
  });
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
    warnings.push(
      `createNamespace is false, so no Pod Security labels (${parsed.podSecurity ?? "restricted"}) are set: label namespace '${namespace}' with pod-security.kubernetes.io/enforce yourself, and with ${PROJECT_LABEL}: ${name} for the LabPlatform admission policy.`,
    );
  }
  const unauthenticated = services.filter((s) => s.exposedPorts.length && !s.requiresAuthentication).map((s) => s.name);
  warnings.push(...labEgressWarnings(parsed, active));
  if (unauthenticated.length)
    warnings.push(`services ${unauthenticated.map((s) => `'${s}'`).join(", ")} are exposed WITHOUT authentication (requiresAuthentication: false).`);

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
    limitRange: resolveLabLimitRange(parsed.limitRange),
    deployer: parsed.deployer === false ? undefined : { name: parsed.deployer?.name ?? "deployer", subjects: parsed.deployer?.subjects ?? [] },
    networkPolicy: resolveLabNetworkPolicy(parsed),
    storage,
    services,
    skippedServices,
    warnings,
    patches: parsed.patches ?? [],
  };
}
