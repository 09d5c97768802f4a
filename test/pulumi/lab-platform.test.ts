import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";

// Mocks first: Pulumi's runtime is process-global.
const run = installMocks();
const { LabPlatform, LabProject } = await import("../../lib/pulumi");
const { expectValidObjects } = await import("../support/schema-check");

const platform = new LabPlatform("lab-platform", { hostnames: ["lab.example.com"] });
new LabProject(
  "demo",
  {
    ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }, hostnames: ["lab.example.com"] },
    services: [{ name: "scoring", image: "registry.example.com/lab/scoring:1.0.0", port: 8080, exposed: true }],
  },
  { dependsOn: [platform] },
);
await run.settled();

const component = run.resources.find((r) => r.type === "modelship:index:LabPlatform") as RecordedResource;
const children = run.resources.filter((r) => r.parent === component.urn);

describe("LabPlatform (Pulumi)", () => {
  it("creates the admission policies and bindings as children", () => {
    expect(children.map((r) => r.type).sort()).toEqual([
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    ]);
    expectValidObjects(children.map((r) => r.inputs));
    expect(platform.spec.hostnames).toEqual(["lab.example.com"]);
  });

  it("a project given the platform in dependsOn makes its routes wait for the policies", () => {
    const route = run.resources.find((r) => r.inputs?.kind === "HTTPRoute") as RecordedResource;
    for (const policy of children) expect(route.dependencies).toContain(policy.urn);
  });
});
