import { list, namespaceOf, obj } from "./pods";
import type { Finding, PolicyCheck } from "./types";

export const wildcardInRules: PolicyCheck = {
  name: "wildcard-in-rules",
  severity: "error",
  source: "kube-linter",
  summary: "RBAC rules name their API groups, resources and verbs; no '*'.",
  run: (set) => {
    const findings: Finding[] = [];
    for (const role of set.ofKind("Role", "ClusterRole")) {
      list(role.rules).forEach((rule, index) => {
        for (const field of ["apiGroups", "resources", "verbs", "nonResourceURLs"]) {
          if (list(obj(rule)[field]).some((value) => typeof value === "string" && value.includes("*"))) {
            findings.push({
              object: role,
              path: `rules[${index}].${field}`,
              message: `rule grants '*' in ${field}: it also grants whatever is added later`,
              fix: `list the ${field} the workload needs.`,
            });
          }
        }
      });
    }
    return findings;
  },
};

export const clusterScopedRbac: PolicyCheck = {
  name: "cluster-scoped-rbac",
  severity: "error",
  source: "modelship (kube-linter cluster-admin-role-binding)",
  summary: "Permissions are namespaced: no ClusterRole, no ClusterRoleBinding, no RoleBinding to a ClusterRole.",
  run: (set) => [
    ...set.ofKind("ClusterRole", "ClusterRoleBinding").map((object) => ({
      object,
      path: "kind",
      message: `a ${object.kind} grants permissions in every namespace`,
      fix: `use a namespaced ${object.kind === "ClusterRole" ? "Role" : "RoleBinding"}.`,
    })),
    ...set
      .ofKind("RoleBinding")
      .filter((binding) => obj(binding.roleRef).kind === "ClusterRole")
      .map((object) => ({
        object,
        path: "roleRef.kind",
        message: `binds ClusterRole '${String(obj(object.roleRef).name)}', whose rules are defined outside this namespace`,
        fix: "bind a Role defined next to the workload, with only the rules it needs.",
      })),
  ],
};

export const namespaceNetworkPolicy: PolicyCheck = {
  name: "namespace-has-networkpolicy",
  severity: "error",
  source: "modelship (kube-score pod-networkpolicy, per namespace)",
  summary: "Every Namespace created in the set has at least one NetworkPolicy in it (e.g. default-deny plus allows).",
  run: (set) => {
    const covered = new Set(set.ofKind("NetworkPolicy").map(namespaceOf));
    return set
      .ofKind("Namespace")
      .filter((ns) => !covered.has(ns.metadata.name))
      .map((ns) => ({
        object: ns,
        path: "metadata.name",
        message: `namespace '${ns.metadata.name}' is created without a NetworkPolicy, so every pod in the cluster can reach its pods`,
        fix: "add a NetworkPolicy in it (a default deny, plus the ingress the workloads need).",
      }));
  },
};

const CRON = (kind: string, apiVersion: string) => kind === "CronJob" || (kind === "CronWorkflow" && apiVersion.startsWith("argoproj.io/"));

export const cronjobDeadline: PolicyCheck = {
  name: "cronjob-has-deadline",
  severity: "error",
  source: "kube-score",
  summary: "CronJobs (and Argo CronWorkflows) set startingDeadlineSeconds, so missed runs are not started late in a burst.",
  run: (set) =>
    set.objects
      .filter((o) => CRON(o.kind, o.apiVersion) && typeof obj(o.spec).startingDeadlineSeconds !== "number")
      .map((object) => ({
        object,
        path: "spec.startingDeadlineSeconds",
        message: "no startingDeadlineSeconds: after downtime, missed runs start at once (and more than 100 missed runs stop the schedule)",
        fix: "set spec.startingDeadlineSeconds (e.g. a fraction of the schedule interval).",
      })),
};

export const cronjobConcurrency: PolicyCheck = {
  name: "cronjob-concurrency-policy",
  severity: "error",
  source: "modelship",
  summary: "CronJobs (and Argo CronWorkflows) set concurrencyPolicy to Forbid or Replace, so runs never overlap.",
  run: (set) =>
    set.objects
      .filter((o) => CRON(o.kind, o.apiVersion))
      .filter((o) => {
        const policy = obj(o.spec).concurrencyPolicy;
        return policy !== "Forbid" && policy !== "Replace";
      })
      .map((object) => ({
        object,
        path: "spec.concurrencyPolicy",
        message: `concurrencyPolicy is ${obj(object.spec).concurrencyPolicy === undefined ? "unset (Allow)" : String(obj(object.spec).concurrencyPolicy)}: a slow run overlaps the next one`,
        fix: "set spec.concurrencyPolicy: Forbid (or Replace).",
      })),
};

export const clusterChecks: readonly PolicyCheck[] = [wildcardInRules, clusterScopedRbac, namespaceNetworkPolicy, cronjobDeadline, cronjobConcurrency];
