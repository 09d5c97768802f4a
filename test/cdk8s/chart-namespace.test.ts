import { App, Chart, Testing, Yaml } from "cdk8s";
import { describe, expect, it } from "vitest";
import { BatchStage } from "../../lib/cdk8s/batch-stage";
import { LabProject } from "../../lib/cdk8s/lab-project";
import { ModelService } from "../../lib/cdk8s/model-service";
import { Workflow } from "../../lib/cdk8s/workflow";
import type { KubeObject } from "../../lib/render/types";
import { allObjects } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

const image = (name: string) => `registry.example.com/ml/${name}:1.0.0`;

/** Keys sorted at every level, as cdk8s writes them (cdk8s `sanitizeValue` with `sortKeys`). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}

/** Top level: apiVersion, kind, metadata first, then the rest sorted (cdk8s `ApiObject.toJson`). */
function asCdk8sOrders(object: KubeObject): unknown {
  const { apiVersion, kind, metadata, ...rest } = sorted(object) as KubeObject;
  return { apiVersion, kind, metadata, ...(rest as object) };
}

/** The YAML cdk8s writes for a chart, and the same writer's YAML for the objects we report. */
function yamlOf(chart: Chart, objects: readonly KubeObject[]): { synthesized: string; reported: string } {
  return { synthesized: Yaml.stringify(...chart.toJson()), reported: Yaml.stringify(...objects.map(asCdk8sOrders)) };
}

describe("a Chart with namespace and labels", () => {
  const chartProps = { namespace: "serving", labels: { team: "ml", "app.kubernetes.io/part-of": "shop" } };

  it("ModelService: the objects reported are the synthesized YAML, byte for byte, and url names the namespace", () => {
    const chart = new Chart(Testing.app(), "c", chartProps);
    const service = new ModelService(chart, "iris", { image: image("iris"), port: 5000, replicas: 2 });
    const { synthesized, reported } = yamlOf(chart, service.objects);
    expect(reported).toBe(synthesized);
    expect(service.spec.namespace).toBe("serving");
    expect(service.url).toBe("http://iris.serving.svc.cluster.local:5000");
    for (const object of service.objects) {
      expect(object.metadata.namespace).toBe("serving");
      expect(object.metadata.labels).toMatchObject({ team: "ml" });
    }
    // The object's own labels win over the chart's (as cdk8s merges them).
    expect(service.objects.find((o) => o.kind === "Deployment")!.metadata.labels!["app.kubernetes.io/part-of"]).not.toBe("shop");
    expectValidObjects(service.objects);
  });

  it("a namespace in the props wins over the chart's", () => {
    const chart = new Chart(Testing.app(), "c", chartProps);
    const service = new ModelService(chart, "iris", { image: image("iris"), namespace: "other" });
    const { synthesized, reported } = yamlOf(chart, service.objects);
    expect(reported).toBe(synthesized);
    expect(service.objects.every((o) => o.metadata.namespace === "other")).toBe(true);
  });

  it("BatchStage, Workflow (plain and Argo) and LabProject: reported objects equal the synthesized YAML", () => {
    for (const engine of ["plain", "argo-workflows"] as const) {
      const chart = new Chart(Testing.app(), "c", chartProps);
      const stage = new BatchStage(chart, "nightly", { image: image("train"), schedule: { cron: "0 3 * * *" } });
      const workflow = new Workflow(chart, "pipeline", {
        engine,
        dag: "train >> score",
        stages: { train: { batch: { image: image("train") } }, score: { service: { image: image("score"), port: 8000 } } },
      });
      const lab = new LabProject(chart, "lab", {});
      const objects = [...stage.objects, ...workflow.objects, ...lab.objects];
      const { synthesized, reported } = yamlOf(chart, objects);
      expect(reported).toBe(synthesized);
      expect(workflow.spec.namespace).toBe("serving");
      expect(lab.namespace).toBe("serving");
      expectValidObjects(allObjects(objects));
    }
  });

  it("a chart without namespace or labels changes nothing", () => {
    const chart = new Chart(new App(), "c");
    const service = new ModelService(chart, "iris", { image: image("iris") });
    expect(service.url).toBe("http://iris:80".replace(":80", `:${service.port}`));
    expect(service.objects.every((o) => o.metadata.namespace === undefined)).toBe(true);
    expect(yamlOf(chart, service.objects).reported).toBe(yamlOf(chart, service.objects).synthesized);
  });
});
