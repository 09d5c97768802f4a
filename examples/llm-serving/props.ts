import { ModelSource, Runtime, type LabProjectProps } from "../../lib";

const STABLE_MODEL = "registry.example.com/models/llama-3.1-8b-instruct@sha256:4f6b0a8d8c4e6a3c1c2d0a7e9b5f3e1d2c4b6a8e0f1d3c5b7a9e2f4d6b8c0a1e";
const CANARY_MODEL = "registry.example.com/models/llama-3.1-8b-instruct-ft@sha256:9a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";

/**
 * An LLM behind a LabProject route: vLLM on one GPU, the weights packaged as an OCI image and
 * mounted as an image volume (pinned by digest, no download), KEDA scaling on vLLM's queue length,
 * and a fine-tuned model as a canary taking 10% of the requests. Both versions are reached at
 * https://llm.example.com/api/projects/llm/services/llm/8000/ with the project token (Envoy
 * Gateway's apiKeyAuth against the Secret `llm-token`), inside a default-deny namespace.
 */
export const llmServing: LabProjectProps = {
  name: "llm",
  ingress: {
    gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" },
    hostnames: ["llm.example.com"],
  },
  quota: { gpus: 5, memory: "192Gi", memoryLimit: "192Gi" },
  // Prometheus scrapes vLLM's /metrics (the KEDA trigger's source); nothing else gets in from outside but the gateway.
  networkPolicy: { metricsScraper: { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" } } },
  services: [
    {
      name: "llm",
      runtime: Runtime.vllm({ servedModelName: "llama-3.1-8b-instruct" }),
      model: ModelSource.image(STABLE_MODEL),
      gpu: { count: 1, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-L4" } },
      runtimeClassName: "nvidia",
      // /dev/shm (2Gi, in memory) counts against the memory limit.
      resources: { cpu: 4, memory: "32Gi" },
      // Scraped by a prometheus-operator Prometheus (kube-prometheus-stack selects release: <its release>).
      metrics: { serviceMonitor: { interval: "15s", labels: { release: "kube-prometheus-stack" } } },
      keda: {
        minReplicaCount: 1,
        maxReplicaCount: 4,
        prometheus: [
          {
            serverAddress: "http://prometheus.monitoring.svc:9090",
            // Requests vLLM accepted but has not started (stable pods only: the canary's are named llm-canary-...).
            query: 'sum(vllm:num_requests_waiting{namespace="llm",pod=~"llm-[a-z0-9]+-[a-z0-9]+"})',
            threshold: 5,
          },
        ],
      },
      exposed: true,
      // vLLM has no use for ML Lab's LAB_* variables (nor the project token in its env).
      labEnv: false,
      canary: { weight: 10, model: ModelSource.image(CANARY_MODEL) },
    },
  ],
};
