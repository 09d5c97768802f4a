import type { KubeObject } from "../../lib";

/**
 * A hand-written set of every kind the policy checks read (including kinds other constructs
 * emit: Namespace, NetworkPolicy, Role/RoleBinding, HTTPRoute, CronJob, Argo Workflow), written
 * to pass every check and the strict schema check. Tests break one field at a time.
 */
export function compliantObjects(): KubeObject[] {
  const ns = "ml";
  const labels = { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" };
  const podSecurity = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
  const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true };
  const resources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } };
  const probe = { tcpSocket: { port: "http" }, periodSeconds: 10 };
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny", namespace: ns },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "iris", namespace: ns }, automountServiceAccountToken: false },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "iris", namespace: ns, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: "iris",
            automountServiceAccountToken: false,
            securityContext: podSecurity,
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
            ],
            containers: [
              {
                name: "iris",
                image: "registry.example.com/iris:1.0.0",
                ports: [{ name: "http", containerPort: 8080 }],
                env: [
                  { name: "LOG_LEVEL", value: "info" },
                  { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
                ],
                resources,
                startupProbe: { ...probe, failureThreshold: 6 },
                readinessProbe: probe,
                livenessProbe: probe,
                securityContext: containerSecurity,
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "iris", namespace: ns },
      spec: { selector: labels, ports: [{ name: "http", port: 8080, targetPort: "http" }] },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "iris", namespace: ns },
      spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
    },
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "iris", namespace: ns },
      spec: { parentRefs: [{ name: "gateway", namespace: "gateways" }], rules: [{ backendRefs: [{ name: "iris", port: 8080 }] }] },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "train", namespace: ns },
      rules: [{ apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "train", namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "train" },
      subjects: [{ kind: "ServiceAccount", name: "train", namespace: ns }],
    },
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "retrain", namespace: ns },
      spec: {
        schedule: "0 3 * * *",
        startingDeadlineSeconds: 600,
        concurrencyPolicy: "Forbid",
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: "Never",
                automountServiceAccountToken: false,
                securityContext: podSecurity,
                containers: [{ name: "train", image: "registry.example.com/train@sha256:" + "a".repeat(64), resources, securityContext: containerSecurity }],
              },
            },
          },
        },
      },
    },
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "pipeline", namespace: ns },
      spec: {
        entrypoint: "main",
        serviceAccountName: "train",
        securityContext: podSecurity,
        templates: [
          { name: "main", dag: { tasks: [{ name: "prep", template: "prep" }] } },
          { name: "prep", container: { image: "registry.example.com/prep:2.1", resources, securityContext: containerSecurity } },
        ],
      },
    },
  ];
}

/** A deep copy, so tests can break a field without touching other tests' objects. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The one object of a kind (and name) in a set, for editing. */
export function pick(objects: KubeObject[], kind: string, name?: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} in fixtures`);
  return found as Record<string, any>;
}
