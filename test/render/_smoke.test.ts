import { it } from "vitest";
import { resolveLabProject } from "../../lib/model/lab-project";
import { LabTemplates } from "../../lib/model/lab-templates";
import { renderLabProject } from "../../lib/render/lab-project";
import { expectValidObjects } from "../support/schema-check";
import { stringify } from "yaml";

it("smoke", () => {
  for (const provider of ["gateway-api", "istio", "ext-auth", "ingress-nginx"] as const) {
    const spec = resolveLabProject({
      token: { externalSecret: { store: "vault", remoteKey: "lab/p" } },
      quota: { cpu: 4, memory: "8Gi" }, limitRange: true,
      ingress: { provider, gateway: provider === "ingress-nginx" ? undefined : { name: "eg", namespace: "envoy-gateway-system" },
        istio: provider === "istio" ? { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/jwks" } : undefined,
        extAuth: provider === "ext-auth" ? { service: "lab-auth", namespace: "lab-system", port: 8080 } : undefined,
        ingressNginx: provider === "ingress-nginx" ? { authUrl: "https://lab.example.com/api/auth" } : undefined,
        hostnames: ["lab.example.com"] },
      services: [
        { name: "scoring", image: "registry.example.com/scoring:1.0.0", ports: [{ name: "http", port: 8080 }, { name: "metrics", port: 9090 }], grants: [{ resources: ["configmaps"] }] },
        LabTemplates.tensorboard(), LabTemplates.redis(), LabTemplates.codeRunner("git+https://github.com/ml-tooling/ml-workspace.git#subdirectory=docker-res/tests/ml-service"),
        LabTemplates.streamlit("registry.example.com/streamlit:1.0.0"), LabTemplates.vscode(),
      ],
    }, { name: "demo" });
    const objects = renderLabProject(spec);
    if (provider === "gateway-api") console.log(stringify(objects.filter(o => ["Deployment","HTTPRoute","SecurityPolicy","PersistentVolumeClaim"].includes(o.kind) && ["streamlit","streamlit-auth","demo-files"].includes(o.metadata.name))));
    expectValidObjects(objects);
  }
});
