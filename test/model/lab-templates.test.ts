import { describe, expect, it } from "vitest";
import { LAB_TEMPLATE_IMAGES, LabTemplates } from "../../lib/model/lab";
import { resolveLabProject, type LabServiceProps } from "../../lib/model/lab";
import { renderLabProject } from "../../lib/render/lab-project";
import { checkObjects } from "../../lib/policy";
import { expectValidObjects } from "../support/schema-check";

const templates: Record<string, LabServiceProps> = {
  tensorboard: LabTemplates.tensorboard(),
  streamlit: LabTemplates.streamlit("registry.example.com/ml/streamlit:1.40.0"),
  vscode: LabTemplates.vscode(),
  redis: LabTemplates.redis(),
  "code-runner": LabTemplates.codeRunner("git+https://github.com/org/repo.git#subdirectory=service"),
};

describe("LabTemplates start under the restricted defaults", () => {
  const project = {
    name: "demo",
    ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" } },
    services: Object.values(templates),
  };
  const spec = resolveLabProject(project, { name: "demo" });
  const objects = renderLabProject(spec, { name: "demo" });
  const pod = (name: string) => (objects.find((o) => o.kind === "Deployment" && o.metadata.name === name) as any).spec.template.spec;

  it.each(Object.keys(templates))("%s runs as a non-root uid its image works with (the kubelet refuses a root USER under runAsNonRoot)", (name) => {
    const security = pod(name).securityContext;
    expect(security.runAsNonRoot).toBe(true);
    // Images whose USER is root or a name (tensorflow, python bases) start only with an explicit uid.
    expect(security.runAsUser).toBeGreaterThan(0);
  });

  it("gives writable paths where the image writes: /tmp always, the root filesystem for code-server and the code-runner's installs", () => {
    for (const name of ["tensorboard", "streamlit", "redis"]) {
      const container = pod(name).containers[0];
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    }
    for (const name of ["vscode", "code-runner"]) expect(pod(name).containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    // Tensorflow's and Streamlit's HOME is /root otherwise: not writable for uid 1000.
    for (const name of ["tensorboard", "streamlit"]) expect(pod(name).containers[0].env).toContainEqual({ name: "HOME", value: "/tmp" });
  });

  it("gives the project token only to the code-runner, the one template that reads LAB_* variables", () => {
    const tokenHolders = Object.keys(templates).filter((name) => (pod(name).containers[0].env ?? []).some((e: any) => e.name === "LAB_API_TOKEN"));
    expect(tokenHolders).toEqual(["code-runner"]);
    const optedIn = resolveLabProject({ ...project, services: [LabTemplates.redis({ labEnv: true })] }, { name: "demo" }).services[0].service.workload.env;
    expect(optedIn.map(([name]) => name)).toContain("LAB_API_TOKEN");
  });

  it("renders schema-valid, policy-clean objects with pinned images", () => {
    expectValidObjects(objects);
    expect(checkObjects(objects).filter((v) => v.severity === "error")).toEqual([]);
    for (const image of Object.values(LAB_TEMPLATE_IMAGES)) expect(image).toMatch(/:[0-9]/);
  });
});
