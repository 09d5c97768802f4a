import { LabGrant, LabTemplates, type LabPlatformProps, type LabProjectProps } from "../../lib";

/**
 * An ML Lab project (seeds 000/001) with Orchest-style services (seed 003): a scoring service
 * with an API port and a metrics port, Tensorboard reading the project's /data, an internal
 * Redis, and the workspace code-runner serving code straight from git on port 8091. Every
 * exposed port is reachable at /api/projects/fraud-lab/services/<service>/<port>/ with the
 * project token (header, cookie or query parameter), checked by Envoy Gateway.
 */
/**
 * What every lab project on the cluster shares, applied once before them: admission policies
 * that keep each lab namespace's routes on its own `/api/projects/<project>/services/` paths,
 * on lab.example.com, on the Gateway's HTTPS listener, and one authenticating SecurityPolicy per
 * route. In the YAML form (a definition file):
 *
 * ```yaml
 * kind: LabPlatform
 * name: modelship-lab
 * hostnames: [lab.example.com]
 * gateways: [{ name: eg, namespace: envoy-gateway-system, sectionName: https }]
 * ```
 */
export const labPlatform: LabPlatformProps = {
  hostnames: ["lab.example.com"],
  gateways: [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }],
};

export const labProject: LabProjectProps = {
  name: "fraud-lab",
  endpoint: "https://lab.example.com",
  token: { externalSecret: { store: "vault", storeKind: "ClusterSecretStore", remoteKey: "ml-lab/projects/fraud-lab", remoteProperty: "token" } },
  ingress: {
    gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" },
    hostnames: ["lab.example.com"],
  },
  quota: { cpu: 8, memory: "16Gi", memoryLimit: "16Gi", pods: 30, persistentVolumeClaims: 5, storage: "100Gi" },
  limitRange: true,
  networkPolicy: {
    // HTTPS to public addresses: the code-runner clones its code from GitHub, and services call
    // LAB_ENDPOINT (lab.example.com, a public address here; an in-cluster ML Lab needs its own rule).
    egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "169.254.169.254/32"], ports: [443] }],
    // scoring's grants need the API server, which sits inside 10.0.0.0/8 here: its endpoint
    // addresses (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes).
    apiServer: { cidrs: ["10.0.0.10/32", "10.0.0.11/32", "10.0.0.12/32"] },
  },
  services: [
    {
      name: "scoring",
      image: "registry.example.com/fraud/scoring:2.3.0",
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      exposed: true,
      replicas: 2,
      resources: { cpu: "500m", memory: "1Gi" },
      health: { probe: { type: "http", path: "/healthz" } },
      grants: [LabGrant.readConfigMaps("fraud-thresholds")],
    },
    LabTemplates.tensorboard(),
    LabTemplates.redis(),
    LabTemplates.codeRunner("git+https://github.com/ml-tooling/ml-workspace.git#subdirectory=docker-res/tests/ml-service"),
  ],
};
