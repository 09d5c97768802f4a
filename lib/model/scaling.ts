import { z } from "zod";
import { httpUrlSchema, intOrPercentSchema } from "./rules";
import type { ValidationIssue } from "./errors";
import { int32 } from "./int32";

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

/** A Prometheus query KEDA scales on (e.g. vLLM's queue length). @see https://keda.sh/docs/latest/scalers/prometheus/ */
export interface PrometheusTriggerProps {
  /** Prometheus URL, e.g. `http://prometheus.monitoring.svc:9090`. */
  readonly serverAddress: string;
  /** PromQL returning one number, e.g. `sum(vllm:num_requests_waiting{namespace="ml",service="llm"})`. */
  readonly query: string;
  /** Target value per replica: KEDA runs ceil(value / threshold) replicas. */
  readonly threshold: number;
  /** At or below this value the service may scale to zero (with minReplicaCount 0). @default 0 */
  readonly activationThreshold?: number;
  /** A KEDA TriggerAuthentication (credentials for Prometheus, from a Secret). @default - none */
  readonly authenticationRef?: string;
}

/**
 * A KEDA ScaledObject that owns the replica count, as `autoscaling` does with an HPA (KEDA creates
 * and drives the HPA). It can scale to zero (`minReplicaCount: 0`) on an external signal; CPU
 * alone cannot, since a pod-less service has no CPU to measure. Needs KEDA in the cluster.
 * @see https://keda.sh/docs/latest/reference/scaledobject-spec/
 */
export interface KedaProps {
  /** @default 1 */
  readonly minReplicaCount?: number;
  readonly maxReplicaCount: number;
  /** Seconds between trigger checks. @default 30 (KEDA's) */
  readonly pollingInterval?: number;
  /** Seconds after the last active trigger before scaling to zero. @default 300 (KEDA's) */
  readonly cooldownPeriod?: number;
  /** CPU utilization target, percent of the request. @default - none (70 when no other trigger is given) */
  readonly cpuUtilization?: number;
  /** Prometheus triggers. @default - none */
  readonly prometheus?: readonly PrometheusTriggerProps[];
}

/** Availability objects added when more than one replica runs. */
export interface AvailabilityProps {
  /**
   * PodDisruptionBudget; `false` for none. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain
   * evict pods that are not Ready (a crash-looping pod would otherwise block node maintenance
   * forever); give `IfHealthyBudget` for Kubernetes' default.
   * @default { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" } when replicas (or the autoscaler's maximum) > 1
   * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
   */
  readonly disruptionBudget?:
    | false
    | {
        readonly maxUnavailable?: number | string;
        readonly minAvailable?: number | string;
        readonly unhealthyPodEvictionPolicy?: "AlwaysAllow" | "IfHealthyBudget";
      };
  /**
   * Spread pods over nodes and zones (ScheduleAnyway), counting only pods of the same ReplicaSet
   * (`matchLabelKeys: [pod-template-hash]`), so old pods leaving during a rollout do not skew it.
   * @default true when replicas (or the autoscaler's maximum) > 1
   */
  readonly topologySpread?: boolean;
}

const percent = z.number().int().min(1).max(100);
const intOrPercent = intOrPercentSchema;

export const autoscalingSchema = z.strictObject({
  minReplicas: int32(z.number().int().min(1)).optional(),
  maxReplicas: int32(z.number().int().min(1)),
  cpuUtilization: percent.optional(),
  memoryUtilization: percent.optional(),
});

export const kedaSchema = z.strictObject({
  minReplicaCount: int32(z.number().int().min(0)).optional(),
  maxReplicaCount: int32(z.number().int().min(1)),
  pollingInterval: int32(z.number().int().min(1)).optional(),
  cooldownPeriod: int32(z.number().int().min(0)).optional(),
  cpuUtilization: percent.optional(),
  prometheus: z
    .array(
      z.strictObject({
        serverAddress: httpUrlSchema("http://prometheus.monitoring.svc:9090"),
        query: z.string().min(1),
        threshold: z.number().positive(),
        activationThreshold: z.number().min(0).optional(),
        authenticationRef: z.string().min(1).optional(),
      }),
    )
    .optional(),
});

export const availabilitySchema = z.strictObject({
  disruptionBudget: z
    .union([
      z.literal(false),
      z.strictObject({
        maxUnavailable: intOrPercent.optional(),
        minAvailable: intOrPercent.optional(),
        unhealthyPodEvictionPolicy: z.enum(["AlwaysAllow", "IfHealthyBudget"]).optional(),
      }),
    ])
    .optional(),
  topologySpread: z.boolean().optional(),
});

/** Resolved scaling: who owns the count, and the availability objects. */
export interface ScalingSpec {
  /** Undefined when an autoscaler owns the count. */
  readonly replicas?: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization?: number; readonly memoryUtilization?: number };
  readonly keda?: {
    readonly minReplicaCount: number;
    readonly maxReplicaCount: number;
    readonly pollingInterval?: number;
    readonly cooldownPeriod?: number;
    readonly cpuUtilization?: number;
    readonly prometheus: readonly PrometheusTriggerProps[];
  };
  readonly disruptionBudget?: {
    readonly maxUnavailable?: number | string;
    readonly minAvailable?: number | string;
    readonly unhealthyPodEvictionPolicy: "AlwaysAllow" | "IfHealthyBudget";
  };
  readonly topologySpread: boolean;
  /** Most pods the service may run: PDB, spread and rollout waits are decided on it. */
  readonly maxPods: number;
}

interface ScalingInput {
  readonly replicas?: number;
  readonly autoscaling?: z.output<typeof autoscalingSchema>;
  readonly keda?: z.output<typeof kedaSchema>;
  readonly availability?: z.output<typeof availabilitySchema>;
}

/** Most pods the props may run. */
export function maxPodsOf(props: ScalingInput): number {
  if (props.keda) return props.keda.maxReplicaCount;
  if (props.autoscaling) return props.autoscaling.maxReplicas;
  return props.replicas ?? 1;
}

export function scalingIssues(props: ScalingInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (props.autoscaling && props.keda) {
    issues.push({
      field: "keda",
      problem: "is set together with 'autoscaling': KEDA creates its own HPA, and two autoscalers would fight over the replica count",
      fix: "keep one of 'autoscaling' (HPA) and 'keda'.",
    });
  }
  const owner = props.keda ? "keda" : props.autoscaling ? "autoscaling" : undefined;
  if (owner && props.replicas !== undefined) {
    const min = owner === "keda" ? "keda.minReplicaCount" : "autoscaling.minReplicas";
    issues.push({
      field: "replicas",
      problem: `is set together with '${owner}', whose ${owner === "keda" ? "ScaledObject" : "HPA"} owns the replica count`,
      value: props.replicas,
      fix: `remove 'replicas' and use ${min}, or remove '${owner}'.`,
    });
  }
  if (props.autoscaling) {
    const min = props.autoscaling.minReplicas ?? 2;
    if (min > props.autoscaling.maxReplicas) {
      issues.push({
        field: "autoscaling.maxReplicas",
        problem: `is below minReplicas (${min})`,
        value: props.autoscaling.maxReplicas,
        fix: "raise maxReplicas or lower minReplicas.",
      });
    }
  }
  if (props.keda) {
    const min = props.keda.minReplicaCount ?? 1;
    if (min > props.keda.maxReplicaCount) {
      issues.push({
        field: "keda.maxReplicaCount",
        problem: `is below minReplicaCount (${min})`,
        value: props.keda.maxReplicaCount,
        fix: "raise maxReplicaCount or lower minReplicaCount.",
      });
    }
    if (min === 0 && !(props.keda.prometheus ?? []).length) {
      issues.push({
        field: "keda.minReplicaCount",
        problem: "is 0 but only a CPU trigger is given, and KEDA cannot scale to zero on CPU (no pod, no CPU to measure)",
        value: 0,
        fix: "add a Prometheus trigger (e.g. on queue length), or use minReplicaCount: 1.",
      });
    }
  }
  const budget = props.availability?.disruptionBudget;
  if (budget && budget.maxUnavailable !== undefined && budget.minAvailable !== undefined) {
    issues.push({ field: "availability.disruptionBudget", problem: "sets both maxUnavailable and minAvailable", value: budget, fix: "give one of them." });
  }
  return issues;
}

export function resolveScaling(props: ScalingInput): ScalingSpec {
  const autoscaling =
    props.autoscaling && !props.keda
      ? {
          minReplicas: props.autoscaling.minReplicas ?? 2,
          maxReplicas: props.autoscaling.maxReplicas,
          cpuUtilization: props.autoscaling.cpuUtilization ?? (props.autoscaling.memoryUtilization === undefined ? 70 : undefined),
          memoryUtilization: props.autoscaling.memoryUtilization,
        }
      : undefined;
  const given = props.keda;
  const keda = given
    ? {
        minReplicaCount: given.minReplicaCount ?? 1,
        maxReplicaCount: given.maxReplicaCount,
        pollingInterval: given.pollingInterval,
        cooldownPeriod: given.cooldownPeriod,
        cpuUtilization: given.cpuUtilization ?? (given.prometheus?.length ? undefined : 70),
        prometheus: given.prometheus ?? [],
      }
    : undefined;
  const replicas = autoscaling || keda ? undefined : (props.replicas ?? 1);
  // An autoscaled service needs its PDB and spread before it scales out: decide on the maximum.
  const maxPods = maxPodsOf(props);
  const budgetProps = props.availability?.disruptionBudget;
  const policy = (budgetProps && budgetProps.unhealthyPodEvictionPolicy) || "AlwaysAllow";
  const bounds =
    budgetProps && (budgetProps.minAvailable !== undefined || budgetProps.maxUnavailable !== undefined)
      ? { maxUnavailable: budgetProps.maxUnavailable, minAvailable: budgetProps.minAvailable }
      : { maxUnavailable: 1 };
  const disruptionBudget = budgetProps === false || maxPods <= 1 ? undefined : { ...bounds, unhealthyPodEvictionPolicy: policy };
  return { replicas, autoscaling, keda, disruptionBudget, topologySpread: props.availability?.topologySpread ?? maxPods > 1, maxPods };
}
