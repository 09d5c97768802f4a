import type { KubeObject, ModelServiceProps } from "../lib";

/**
 * The benchmark's reference workload, per model service: Deployment (2 replicas via the HPA's
 * minimum, port 8080, 5 env vars, requests + limits, startup/readiness/liveness probes, restricted
 * security context), Service, HTTPRoute, PodDisruptionBudget, HorizontalPodAutoscaler,
 * ServiceAccount. Every path writes exactly these objects (checked in test/bench/workload.test.ts).
 */
export const BENCH_NAMESPACE = "bench";

export function serviceName(i: number): string {
  return `model-${String(i).padStart(5, "0")}`;
}

/** (a), (b): the service as modelship props. */
export function benchServiceProps(i: number): ModelServiceProps {
  return {
    name: serviceName(i),
    namespace: BENCH_NAMESPACE,
    image: `registry.example.com/ml/model-${i % 50}:1.${i % 7}.0`,
    ports: [{ name: "http", port: 8080 }],
    env: {
      MODEL_NAME: serviceName(i),
      MODEL_VERSION: `1.${i % 7}.0`,
      LOG_LEVEL: "info",
      WORKERS: "2",
      HF_TOKEN: { secretKeyRef: { name: "hf-token", key: "token" } },
    },
    resources: { cpu: "250m", memory: "512Mi", cpuLimit: 1 },
    health: { probe: { type: "http", path: "/healthz" }, maxStartupSeconds: 120 },
    autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
  };
}

/** The route in front of each service (Gateway API), as a plain object. */
export function benchRoute(i: number): KubeObject {
  const name = serviceName(i);
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace: BENCH_NAMESPACE, labels: labelsOf(name, i) },
    spec: {
      parentRefs: [{ name: "gateway", namespace: "gateway-system" }],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: `/models/${name}` } }], backendRefs: [{ name, port: 8080 }] }],
    },
  };
}

function labelsOf(name: string, i: number): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/component": "model-service",
    "app.kubernetes.io/part-of": name,
    "app.kubernetes.io/managed-by": "modelship",
    "app.kubernetes.io/version": `1.${i % 7}.0`,
  };
}

/**
 * (c), (e): the same objects written by hand as literals, the way a user of raw cdk8s or of
 * `yaml` would (no validation, no defaults logic).
 */
export function plainServiceObjects(i: number): KubeObject[] {
  const name = serviceName(i);
  const namespace = BENCH_NAMESPACE;
  const labels = labelsOf(name, i);
  const selector = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
  const metadata = { name, namespace, labels };
  const probe = (extra: Record<string, unknown>) => ({ httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, ...extra });
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata, automountServiceAccountToken: false },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata,
      spec: {
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            topologySpreadConstraints: ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((topologyKey) => ({
              maxSkew: 1,
              topologyKey,
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selector },
              matchLabelKeys: ["pod-template-hash"],
            })),
            terminationGracePeriodSeconds: 40,
            containers: [
              {
                name,
                image: `registry.example.com/ml/model-${i % 50}:1.${i % 7}.0`,
                ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                env: [
                  { name: "MODEL_NAME", value: name },
                  { name: "MODEL_VERSION", value: `1.${i % 7}.0` },
                  { name: "LOG_LEVEL", value: "info" },
                  { name: "WORKERS", value: "2" },
                  { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } },
                ],
                resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "512Mi", cpu: "1" } },
                startupProbe: probe({ failureThreshold: 12 }),
                readinessProbe: probe({ timeoutSeconds: 2, failureThreshold: 3 }),
                livenessProbe: probe({ periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 }),
                lifecycle: { preStop: { sleep: { seconds: 10 } } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata,
      spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }] },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata,
      spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: selector } },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      },
    },
    benchRoute(i),
  ];
}
