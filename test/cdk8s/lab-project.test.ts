import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { LabProject } from "../../lib/cdk8s/lab-project";
import { resolveLabProject } from "../../lib/model/lab";
import { renderLabProject } from "../../lib/render/lab-project";
import { expectValidObjects } from "../support/schema-check";
import { demoProject, ingressFor } from "../support/lab-fixtures";

describe("LabProject (cdk8s)", () => {
  it("emits exactly the rendered objects", () => {
    const chart = new Chart(Testing.app(), "c");
    const project = new LabProject(chart, "demo", demoProject());
    const synthesized = Testing.synth(chart);
    expect(synthesized).toEqual(JSON.parse(JSON.stringify(renderLabProject(resolveLabProject(demoProject(), { name: "demo" })))));
    expect(project.apiObjects).toHaveLength(synthesized.length);
    expectValidObjects(synthesized);
  });

  it("exposes resolved attributes of services", () => {
    const project = new LabProject(new Chart(Testing.app(), "c"), "demo", demoProject());
    expect(project.namespace).toBe("demo");
    expect(project.service("redis")).toEqual({
      serviceName: "redis",
      internalHostname: "redis.demo.svc.cluster.local",
      port: 6379,
      url: "http://redis.demo.svc.cluster.local:6379",
    });
    // Redis is internal: no route, so no path (as the Pulumi output); an exposed service has one.
    expect(project.service("redis").path).toBeUndefined();
    expect(project.service("scoring").path).toBe("/api/projects/demo/services/scoring/8080/");
    expect(() => project.service("nope")).toThrow("LabProject 'demo': no service 'nope' (services: scoring, tensorboard, redis, code-runner, streamlit).");
  });

  it("throws at construction, naming the construct path", () => {
    const chart = new Chart(Testing.app(), "c");
    expect(() => new LabProject(chart, "demo", { services: [{ name: "api", image: "registry.example.com/api:1.0.0", port: 80, exposed: true }] })).toThrow(
      "LabProject 'demo' (at c/demo): 'ingress.gateway' is required",
    );
    expect(chart.node.children.filter((c) => c.node.id === "demo")).toHaveLength(1);
  });

  it("records the ingress-nginx warning on the construct", () => {
    const project = new LabProject(
      new Chart(Testing.app(), "c"),
      "demo",
      demoProject({ ingress: ingressFor("ingress-nginx"), networkPolicy: { egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443] }] } }),
    );
    expect(project.node.metadata.filter((m) => m.type === "modelship:warning").map((m) => m.data)).toEqual([expect.stringMatching(/retired upstream/)]);
  });
});
