import type { ScalingSpec } from "../model/scaling";
import { compact } from "./types";

type Metadata = (name: string) => Record<string, unknown>;

/** PodDisruptionBudget, HorizontalPodAutoscaler and KEDA ScaledObject of a workload, as decided in `resolveScaling`. */
export function renderScaling(scaling: ScalingSpec, target: { name: string; selector: Record<string, string>; metadata: Metadata }): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  const scaleTargetRef = { apiVersion: "apps/v1", kind: "Deployment", name: target.name };
  if (scaling.disruptionBudget) {
    objects.push(
      compact({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: target.metadata(target.name),
        spec: { ...scaling.disruptionBudget, selector: { matchLabels: target.selector } },
      }),
    );
  }
  const hpa = scaling.autoscaling;
  if (hpa) {
    const metric = (name: string, value: number | undefined) =>
      value === undefined ? [] : [{ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: value } } }];
    objects.push(
      compact({
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: target.metadata(target.name),
        spec: {
          scaleTargetRef,
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          metrics: [...metric("cpu", hpa.cpuUtilization), ...metric("memory", hpa.memoryUtilization)],
        },
      }),
    );
  }
  const keda = scaling.keda;
  if (keda) {
    // KEDA trigger metadata values are strings (ScaledObject CRD: map of string to string).
    const cpu = keda.cpuUtilization === undefined ? [] : [{ type: "cpu", metricType: "Utilization", metadata: { value: String(keda.cpuUtilization) } }];
    const prometheus = keda.prometheus.map((trigger) =>
      compact({
        type: "prometheus",
        metadata: {
          serverAddress: trigger.serverAddress,
          query: trigger.query,
          threshold: String(trigger.threshold),
          activationThreshold: trigger.activationThreshold === undefined ? undefined : String(trigger.activationThreshold),
        },
        authenticationRef: trigger.authenticationRef ? { name: trigger.authenticationRef } : undefined,
      }),
    );
    objects.push(
      compact({
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: target.metadata(target.name),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target.name },
          minReplicaCount: keda.minReplicaCount,
          maxReplicaCount: keda.maxReplicaCount,
          pollingInterval: keda.pollingInterval,
          cooldownPeriod: keda.cooldownPeriod,
          triggers: [...cpu, ...prometheus],
        },
      }),
    );
  }
  return objects;
}
