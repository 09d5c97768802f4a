import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Chart, Testing } from "cdk8s";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { irisScoringChart } from "../../examples/iris-scoring/cdk8s";
import { labProjectChart } from "../../examples/lab-project/cdk8s";
import { mlPipeline } from "../../examples/ml-pipeline/props";
import { Workflow as Cdk8sWorkflow } from "../../lib";
import { withoutPulumiAnnotations } from "../../lib/pulumi/await";
import type { RecordedResource } from "../../lib/pulumi/mocks";
import { formatPreview, kubeObjectOf, orderByDependencies, readProject } from "../../lib/pulumi/preview";
import { objectId, type KubeObject } from "../../lib/render/types";

const record = (urn: string, kind: string, extra: Partial<RecordedResource> = {}): RecordedResource => ({
  urn,
  type: `kubernetes:v1:${kind}`,
  name: urn,
  parent: "",
  dependencies: [],
  provider: "",
  custom: true,
  inputs: { kind },
  ...extra,
});

describe("orderByDependencies", () => {
  it("puts parents and dependencies first, and breaks ties by kind install order", () => {
    const resources = [
      record("deploy", "Deployment", { dependencies: ["job"] }),
      record("job", "Job", { parent: "stage" }),
      record("svc", "Service"),
      record("stage", "BatchStage", { custom: false }),
      record("ns", "Namespace"),
      record("sa", "ServiceAccount"),
    ];
    expect(orderByDependencies(resources).map((r) => r.urn)).toEqual(["ns", "sa", "svc", "stage", "job", "deploy"]);
    expect(orderByDependencies([...resources].reverse()).map((r) => r.urn)).toEqual(["ns", "sa", "svc", "stage", "job", "deploy"]);
  });

  it("reports a cycle", () => {
    expect(() => orderByDependencies([record("a", "Job", { dependencies: ["b"] }), record("b", "Job", { dependencies: ["a"] })])).toThrow(
      /dependency cycle among a, b/,
    );
  });
});

describe("readProject", () => {
  it("merges Pulumi.yaml defaults, Pulumi.<stack>.yaml and overrides, and lists encrypted keys", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-preview-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: demo\nruntime: nodejs\nconfig:\n  namespace:\n    type: string\n    default: ml\n  replicas:\n    type: integer\n    default: 2\n",
    );
    fs.writeFileSync(
      path.join(dir, "Pulumi.prod.yaml"),
      "config:\n  demo:namespace: ml-prod\n  kubernetes:context: prod\n  demo:token:\n    secure: AAABAx==\n",
    );
    const project = readProject(dir, "prod", { replicas: "3" });
    expect(project.name).toBe("demo");
    expect(project.config).toEqual({ "demo:namespace": "ml-prod", "demo:replicas": "3", "kubernetes:context": "prod" });
    expect(project.encrypted).toEqual(["demo:token"]);
    expect(() => readProject(os.tmpdir(), "dev")).toThrow(/no Pulumi.yaml/);
  });
});

describe("npm run preview -- stacks/iris-scoring", () => {
  const output = execFileSync(
    "npm",
    ["run", "--silent", "preview", "--", "stacks/iris-scoring", "--config", "imageName=registry.example.com/ml/iris-scoring:2.0.0"],
    {
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "error" },
    },
  );
  const documents = parseAllDocuments(output).map((doc) => doc.toJS() as Record<string, unknown> | null);
  const objects = documents.filter((doc): doc is Record<string, unknown> => doc !== null && typeof doc === "object" && "kind" in doc);

  it("prints the docker build, then the objects in dependency order", () => {
    const build = output.indexOf("# docker build . -f Dockerfile --platform linux/amd64 -t registry.example.com/ml/iris-scoring:2.0.0");
    expect(build).toBeGreaterThan(0);
    expect(output).toContain("# docker push registry.example.com/ml/iris-scoring:2.0.0");
    expect(output.indexOf("kind: Deployment")).toBeGreaterThan(build);
    expect(output).toMatch(
      /# \d\. kubernetes:apps\/v1:Deployment scoring-service\/iris-scoring \(in ModelService 'iris-scoring'\); after: Image iris-scoring-image/,
    );
    expect(output).toMatch(/url: "http:\/\/iris-scoring\.scoring-service\.svc\.cluster\.local:5000"/);
  });

  it("creates the objects of the cdk8s twin, except the image (the pushed digest) and await timeouts", () => {
    const twin = Testing.synth(irisScoringChart(Testing.app()));
    expect(objects.map((o) => objectId(o as unknown as KubeObject)).sort()).toEqual(twin.map((o) => objectId(o as KubeObject)).sort());
    for (const expected of twin) {
      const actual = objects.find((o) => objectId(o as unknown as KubeObject) === objectId(expected as KubeObject)) as Record<string, any>;
      const copy = structuredClone(actual);
      // The stack builds 2.0.0 (the twin names 1.0.0): the version label is the built tag.
      const versioned = [copy.metadata.labels, copy.spec?.template?.metadata?.labels].filter(Boolean);
      for (const labels of versioned) {
        expect(labels["app.kubernetes.io/version"]).toBe("2.0.0");
        labels["app.kubernetes.io/version"] = "1.0.0";
      }
      if (copy.kind === "Deployment") {
        expect(copy.metadata.annotations).toEqual({ "pulumi.com/timeoutSeconds": "180" });
        delete copy.metadata.annotations;
        const container = copy.spec.template.spec.containers[0];
        expect(container.image).toMatch(/^registry\.example\.com\/ml\/iris-scoring@sha256:[a-f0-9]{64}$/);
        container.image = expected.spec.template.spec.containers[0].image;
      }
      expect(copy).toEqual(expected);
    }
  });
});

describe("npm run preview -- stacks/lab-project", () => {
  const output = execFileSync("npm", ["run", "--silent", "preview", "--", "stacks/lab-project"], {
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  const objects = parseAllDocuments(output)
    .map((doc) => doc.toJS() as Record<string, unknown> | null)
    .filter((doc): doc is Record<string, unknown> => doc !== null && typeof doc === "object" && "kind" in doc);

  it("creates exactly the objects of the cdk8s twin (apart from await timeouts), the platform's policies first, then the Namespace", () => {
    const twin = Testing.synth(labProjectChart(Testing.app()));
    const id = (o: unknown) => objectId(o as KubeObject);
    expect(objects.map(id).sort()).toEqual(twin.map(id).sort());
    for (const expected of twin) expect(withoutPulumiAnnotations(objects.find((o) => id(o) === id(expected))!)).toEqual(expected);
    const platform = objects.filter((o) => String(o.kind).startsWith("ValidatingAdmissionPolicy"));
    expect(platform).toHaveLength(6);
    expect(objects.slice(0, platform.length)).toEqual(platform);
    expect(objects[platform.length].kind).toBe("Namespace");
    expect(output).toMatch(
      /kubernetes:gateway\.networking\.k8s\.io\/v1:HTTPRoute fraud-lab\/scoring \(in LabProject 'fraud-lab'\); after: Namespace fraud-lab, .*ValidatingAdmissionPolicy modelship-lab-httproutes/,
    );
  });
});

describe("npm run preview -- stacks/ml-pipeline", () => {
  const output = execFileSync("npm", ["run", "--silent", "preview", "--", "stacks/ml-pipeline"], {
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  const objects = parseAllDocuments(output)
    .map((doc) => doc.toJS() as Record<string, unknown> | null)
    .filter((doc): doc is Record<string, unknown> => doc !== null && typeof doc === "object" && "kind" in doc);

  it("shows the DAG edge as dependsOn: every scoring-service object after the training Job", () => {
    const headers = output.split("\n").filter((line) => /^# \d+\. kubernetes:/.test(line));
    const job = headers.findIndex((line) => line.includes("kubernetes:batch/v1:Job ml-pipeline/train"));
    expect(job).toBeGreaterThanOrEqual(0);
    const serving = headers.filter((line) => line.includes("ml-pipeline/scoring-service"));
    expect(serving.length).toBe(4);
    for (const line of serving) {
      expect(headers.indexOf(line)).toBeGreaterThan(job);
      expect(line).toContain("after: ServiceAccount ml-pipeline/train, Job ml-pipeline/train");
    }
  });

  it("creates the objects of the cdk8s Workflow with the plain engine", () => {
    const chart = new Chart(Testing.app(), "ml-pipeline");
    new Cdk8sWorkflow(chart, "ml-pipeline", { ...mlPipeline, engine: "plain" });
    const twin = Testing.synth(chart);
    const id = (o: unknown) => objectId(o as KubeObject);
    expect(objects.map(id).sort()).toEqual(twin.map(id).sort());
    for (const expected of twin) expect(withoutPulumiAnnotations(objects.find((o) => id(o) === id(expected))!)).toEqual(expected);
    const job = objects.find((o) => o.kind === "Job") as { metadata: { annotations: Record<string, string> } };
    expect(job.metadata.annotations).toEqual({ "pulumi.com/timeoutSeconds": "180", "pulumi.com/replaceUnready": "true" });
  });
});

describe("kubeObjectOf", () => {
  it("puts apiVersion and kind first and never shows a Secret's values", () => {
    const secret = record("s", "Secret", {
      type: "kubernetes:core/v1:Secret",
      inputs: { metadata: { name: "token" }, kind: "Secret", apiVersion: "v1", stringData: { token: "hunter2" }, data: { other: "aHVudGVyMg==" } },
    });
    const object = kubeObjectOf(secret)!;
    expect(Object.keys(object).slice(0, 3)).toEqual(["apiVersion", "kind", "metadata"]);
    expect(object).toMatchObject({ stringData: { token: "[redacted]" }, data: { other: "[redacted]" } });
    expect(formatPreview([secret])).not.toContain("hunter2");
  });
});

describe("preview CLI errors", () => {
  // The compiled CLI exists: the stack previews above ran `npm run build:stacks`.
  const cli = (...args: string[]) => {
    try {
      execFileSync("node", ["build/lib/pulumi/preview-cli.js", ...args], { encoding: "utf8", stdio: "pipe" });
      return { code: 0, stderr: "" };
    } catch (error) {
      const failure = error as { status: number; stderr: string };
      return { code: failure.status, stderr: failure.stderr };
    }
  };

  it("exits 1 with a clear message on a missing directory, a bad option or bad config", () => {
    expect(cli("stacks/no-such-stack")).toMatchObject({ code: 1, stderr: expect.stringContaining("stacks/no-such-stack has no index.js") });
    expect(cli()).toMatchObject({ code: 1, stderr: expect.stringContaining("missing the stack directory") });
    expect(cli("stacks/iris-scoring", "--frobnicate")).toMatchObject({ code: 1, stderr: expect.stringContaining("unknown option --frobnicate") });
    expect(cli("stacks/iris-scoring", "--config", "novalue")).toMatchObject({ code: 1, stderr: expect.stringContaining("expected key=value") });
  });

  it("reports a validation error of the stack program and exits 1", () => {
    const result = cli("stacks/iris-scoring", "--config", "imageName=registry.example.com/ml/iris-scoring@sha256:" + "a".repeat(64));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ModelService 'iris-scoring': 'build.imageName' is not a repository with an optional tag");
  });
});
