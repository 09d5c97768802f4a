import type { LabIngressProps, LabIngressProvider } from "../../lib/model/lab";
import type { LabProjectProps, LabServiceProps } from "../../lib/model/lab";
import { LabTemplates } from "../../lib/model/lab";

/** Ingress settings of each provider, for tests that run over all of them. */
export function ingressFor(provider: LabIngressProvider): LabIngressProps {
  switch (provider) {
    case "gateway-api":
      return { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }, hostnames: ["lab.example.com"] };
    case "istio":
      return {
        provider,
        gateway: { name: "istio-gw", namespace: "istio-ingress", sectionName: "https" },
        istio: { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks", requiredClaims: { permissions: ["project-demo"] } },
      };
    case "ext-auth":
      return {
        provider,
        gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" },
        extAuth: { service: "lab-auth", namespace: "lab-system", port: 8080, path: "/api/auth/verify" },
      };
    case "ingress-nginx":
      return { provider, ingressNginx: { authUrl: "https://lab.example.com/api/auth/verify" }, hostnames: ["lab.example.com"] };
  }
}

/**
 * The NetworkPolicy peer of the proxy pods Envoy Gateway runs for Gateway `eg` in
 * `envoy-gateway-system`: its namespace, and the labels it sets on the proxy pods (envoyproxy/gateway
 * v1.9 internal/infrastructure/kubernetes/proxy/resource.go, EnvoyAppLabel and the owning-gateway
 * labels, as lib/model/lab/ingress.ts renders them by default).
 */
export const ENVOY_PROXY_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
  podSelector: {
    matchLabels: {
      "app.kubernetes.io/name": "envoy",
      "app.kubernetes.io/component": "proxy",
      "gateway.envoyproxy.io/owning-gateway-name": "eg",
      "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system",
    },
  },
} as const;

export const PROVIDERS: readonly LabIngressProvider[] = ["gateway-api", "istio", "ext-auth", "ingress-nginx"];

/** The two-port scoring service the lab tests share. */
export const scoringService: LabServiceProps = {
  name: "scoring",
  image: "registry.example.com/scoring:1.0.0",
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9090 },
  ],
  exposed: true,
};

/** A project with several services: two-port scoring, Tensorboard, Redis, a code-runner, Streamlit. */
export function demoProject(overrides: Partial<LabProjectProps> = {}): LabProjectProps {
  return {
    name: "demo",
    endpoint: "https://lab.example.com",
    ingress: ingressFor("gateway-api"),
    services: [
      scoringService,
      LabTemplates.tensorboard(),
      LabTemplates.redis(),
      LabTemplates.codeRunner("git+https://github.com/ml-tooling/ml-workspace.git#subdirectory=docker-res/tests/ml-service"),
      LabTemplates.streamlit("registry.example.com/streamlit:1.36.0"),
    ],
    ...overrides,
  };
}
