import type { ValidationIssue } from "../errors";
import type { ParsedService } from "./props";

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

const READABLE: readonly string[] = ["configmaps", "pods", "pods/log", "services", "endpoints", "persistentvolumeclaims", "events", "deployments", "jobs"];
const READ_VERBS: readonly string[] = ["get", "list", "watch"];

/** One resolved RBAC rule. */
export interface LabRuleSpec {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** Refuses grants that are not read-only access to the readable resources. */
export function grantIssues(grants: ParsedService["grants"], field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (grants ?? []).forEach((grant, g) => {
    grant.resources.forEach((resource, r) => {
      const at = `${field}[${g}].resources[${r}]`;
      if (resource === "secrets")
        issues.push({
          field: at,
          problem: "grants reading Secrets, which would expose every credential in the namespace",
          value: resource,
          fix: "pass the one value the service needs as env (EnvValue.fromSecret) instead.",
        });
      else if (resource.includes("*"))
        issues.push({ field: at, problem: "is a wildcard", value: resource, fix: `name the resources: ${READABLE.join(", ")}.` });
      else if (!READABLE.includes(resource))
        issues.push({ field: at, problem: "is not a resource a service may read", value: resource, fix: `use one of ${READABLE.join(", ")}.` });
    });
    (grant.verbs ?? []).forEach((verb, v) => {
      if (!READ_VERBS.includes(verb))
        issues.push({
          field: `${field}[${g}].verbs[${v}]`,
          problem: "is not a read verb",
          value: verb,
          fix: "grants are read-only: use 'get', 'list' or 'watch'.",
        });
    });
  });
  return issues;
}

/** Groups each grant's resources into the API groups they live in. */
export function resolveGrants(grants: ParsedService["grants"]): LabRuleSpec[] {
  return (grants ?? []).map((grant) => {
    const apps = grant.resources.filter((r) => r === "deployments");
    const batch = grant.resources.filter((r) => r === "jobs");
    const core = grant.resources.filter((r) => r !== "deployments" && r !== "jobs");
    const groups = [...(core.length ? [""] : []), ...(apps.length ? ["apps"] : []), ...(batch.length ? ["batch"] : [])];
    return {
      apiGroups: groups,
      resources: [...core, ...apps, ...batch],
      verbs: grant.verbs ?? [...READ_VERBS],
      ...(grant.resourceNames ? { resourceNames: grant.resourceNames } : {}),
    };
  });
}
