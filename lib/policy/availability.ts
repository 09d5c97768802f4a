import type { KubeObject } from "../render/types";
import { isObject, labelSelectorMatches, list, namespaceOf, obj, podViews } from "./pods";
import type { Finding, ObjectSet, PolicyCheck } from "./types";

const SCALED = new Set(["Deployment", "StatefulSet"]);

/** The HPA or KEDA ScaledObject (which creates and drives an HPA) scaling the workload. */
function hpaFor(set: ObjectSet, workload: KubeObject): KubeObject | undefined {
  return set
    .ofKind("HorizontalPodAutoscaler", "ScaledObject")
    .find(
      (hpa) =>
        namespaceOf(hpa) === namespaceOf(workload) &&
        (obj(obj(hpa.spec).scaleTargetRef).kind ?? "Deployment") === workload.kind &&
        obj(obj(hpa.spec).scaleTargetRef).name === workload.metadata.name,
    );
}

/**
 * Most pods a workload may run: its HPA's maximum (an autoscaled workload needs its PDB and spread
 * before it scales out, not after), else `spec.replicas` (default 1).
 */
function maximumReplicas(set: ObjectSet, workload: KubeObject): number {
  const hpa = hpaFor(set, workload);
  if (hpa) return Number(obj(hpa.spec).maxReplicas ?? obj(hpa.spec).maxReplicaCount ?? (hpa.kind === "ScaledObject" ? 100 : 1));
  return Number(obj(workload.spec).replicas ?? 1);
}

function replicated(set: ObjectSet): Array<{ workload: KubeObject; replicas: number; labels: Record<string, string> }> {
  return set
    .ofKind(...SCALED)
    .map((workload) => ({ workload, replicas: maximumReplicas(set, workload), labels: podViews(workload)[0]?.labels ?? {} }))
    .filter((entry) => entry.replicas > 1);
}

export const hasDisruptionBudget: PolicyCheck = {
  name: "deployment-has-poddisruptionbudget",
  severity: "error",
  source: "kube-score",
  summary: "A Deployment or StatefulSet that may run more than one replica (fixed, or up to its HPA's maximum) is covered by a PodDisruptionBudget.",
  run: (set) => {
    const budgets = set.ofKind("PodDisruptionBudget");
    return replicated(set)
      .filter(
        ({ workload, labels }) => !budgets.some((pdb) => namespaceOf(pdb) === namespaceOf(workload) && labelSelectorMatches(obj(pdb.spec).selector, labels)),
      )
      .map(({ workload, replicas }): Finding => ({
        object: workload,
        path: "spec.template.metadata.labels",
        message: `${replicas} replicas (at most) but no PodDisruptionBudget selects its pods, so a node drain may stop them all at once`,
        fix: "add a PodDisruptionBudget (ModelService adds one with maxUnavailable: 1 when replicas > 1; availability.disruptionBudget).",
      }));
  },
};

export const topologySpread: PolicyCheck = {
  name: "topologySpreadConstraint",
  severity: "warning",
  source: "Polaris (kube-score deployment-has-host-podantiaffinity)",
  summary: "A Deployment or StatefulSet that may run more than one replica spreads its pods (topologySpreadConstraints or pod anti-affinity).",
  run: (set) =>
    replicated(set)
      .filter(({ workload }) => {
        const pod = podViews(workload)[0];
        return !(list(pod?.spec.topologySpreadConstraints).length > 0 || isObject(obj(pod?.spec.affinity).podAntiAffinity));
      })
      .map(({ workload, replicas }) => ({
        object: workload,
        path: "spec.template.spec.topologySpreadConstraints",
        message: `${replicas} replicas may all land on one node or zone`,
        fix: "add topologySpreadConstraints over kubernetes.io/hostname and topology.kubernetes.io/zone (ModelService's default when replicas > 1; availability.topologySpread).",
      })),
};

export const hpaWithReplicas: PolicyCheck = {
  name: "deployment-targeted-by-hpa-does-not-have-replicas-configured",
  severity: "error",
  source: "kube-score",
  summary: "A workload scaled by a HorizontalPodAutoscaler does not also fix spec.replicas.",
  run: (set) =>
    set
      .ofKind(...SCALED)
      .filter((workload) => obj(workload.spec).replicas !== undefined && hpaFor(set, workload) !== undefined)
      .map((workload) => ({
        object: workload,
        path: "spec.replicas",
        message: `spec.replicas is ${String(obj(workload.spec).replicas)} while ${hpaFor(set, workload)?.kind} '${hpaFor(set, workload)?.metadata.name}' owns the count: every apply resets the autoscaler's choice`,
        fix: "remove spec.replicas and set the HPA's minReplicas (ModelService does so when 'autoscaling' is set).",
      })),
};

export const availabilityChecks: readonly PolicyCheck[] = [hasDisruptionBudget, topologySpread, hpaWithReplicas];
