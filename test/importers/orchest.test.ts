import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib/model/errors";
import { loadOrchestPipeline, orchestImporter } from "../../lib/importers/orchest";
import { shellWords } from "../../lib/importers/shell-words";
import type { LabProjectProps } from "../../lib/model/lab-project";
import type { KubeObject } from "../../lib/render/types";
import { kindHandlers } from "../../lib/spec/kinds";
import { expectValidObjects } from "../support/schema-check";

const session = path.join(__dirname, "..", "..", "examples", "orchest-session", "pipeline.orchest");
const legacy = path.join(__dirname, "fixtures", "tensorboard-legacy.orchest");

function load(file: string): { props: LabProjectProps; objects: KubeObject[] } {
  const text = fs.readFileSync(file, "utf8");
  expect(orchestImporter.detect(path.basename(file), text)).toBe(true);
  const [document] = orchestImporter.load(path.basename(file), text);
  expect(document.kind).toBe("LabProject");
  const objects = kindHandlers[document.kind].render(document.props, { name: String(document.props.name) });
  expectValidObjects(objects);
  return { props: document.props as LabProjectProps, objects };
}
const named = (objects: readonly KubeObject[], kind: string, name: string): any => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0];
};
const env = (objects: readonly KubeObject[], name: string): Record<string, unknown> =>
  Object.fromEntries(named(objects, "Deployment", name).spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
function errorOf(text: string): ModelshipValidationError {
  try {
    loadOrchestPipeline("broken.orchest", text);
  } catch (error) {
    if (error instanceof ModelshipValidationError) return error;
    throw error;
  }
  throw new Error("expected an error");
}
const pipeline = (services: Record<string, unknown>) => JSON.stringify({ name: "p", uuid: "u", steps: {}, services });

describe("Orchest importer: the sales-forecast session", () => {
  const { props, objects } = load(session);

  it("names the project after the pipeline and keeps the interactive services in order", () => {
    expect(props.name).toBe("sales-forecast");
    expect(props.services!.map((s) => s.name)).toEqual(["streamlit", "postgres", "redis", "questdb", "mlflow"]);
    // mlflow is scoped to jobs (noninteractive): not part of an interactive session.
    expect(objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name)).toEqual(["streamlit", "postgres", "redis", "questdb"]);
  });

  it("streamlit: exposed with its base path preserved, told its base path", () => {
    const route = named(objects, "HTTPRoute", "streamlit");
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.rules[0].matches[0].path.value).toBe("/api/projects/sales-forecast/services/streamlit/8501");
    expect(route.spec.rules[0].filters).toBeUndefined();
    expect(env(objects, "streamlit").LAB_SERVICE_PATH).toBe("/api/projects/sales-forecast/services/streamlit/8501/");
    expect(named(objects, "SecurityPolicy", "streamlit-auth").spec.apiKeyAuth.sanitize).toBe(true);
    expect(named(objects, "Deployment", "streamlit").spec.template.spec.containers[0].args).toEqual(["-c", "umask 002 && streamlit run /project-dir/dashboard.py --server.port 8501 --server.headless true"]);
  });

  it("postgres and redis: no ports given, Orchest's default ports, internal only", () => {
    expect(named(objects, "Service", "postgres").spec.ports.map((p: any) => p.port)).toEqual([5432]);
    expect(named(objects, "Service", "redis").spec.ports.map((p: any) => p.port)).toEqual([6379]);
    expect(objects.filter((o) => ["HTTPRoute", "SecurityPolicy"].includes(o.kind) && /^(postgres|redis)/.test(o.metadata.name))).toEqual([]);
    // the old `entrypoint` key is the command, shell-split
    expect(named(objects, "Deployment", "redis").spec.template.spec.containers[0].command).toEqual(["redis-server", "--save", "", "--appendonly", "no"]);
  });

  it("postgres: inherited env comes from the project env Secret, the service's own env stays", () => {
    expect(env(objects, "postgres")).toMatchObject({ POSTGRES_DB: "sales", POSTGRES_PASSWORD: { secretKeyRef: { name: "sales-forecast-env", key: "POSTGRES_PASSWORD" } } });
    const mounts = named(objects, "Deployment", "postgres").spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ name: "claim-0", mountPath: "/data", subPath: "data" });
  });

  it("questdb: three ports, each routed and stripped", () => {
    const route = named(objects, "HTTPRoute", "questdb");
    expect(route.spec.rules.map((r: any) => r.matches[0].path.value)).toEqual([9000, 8812, 9009].map((p) => `/api/projects/sales-forecast/services/questdb/${p}`));
    expect(route.spec.rules.every((r: any) => r.filters[0].type === "URLRewrite")).toBe(true);
    expect(named(objects, "Service", "questdb").spec.ports.map((p: any) => p.name)).toEqual(["port-9000", "port-8812", "port-9009"]);
  });

  it("mounts /data and /project-dir from one project PVC", () => {
    expect(objects.filter((o) => o.kind === "PersistentVolumeClaim").map((o) => o.metadata.name)).toEqual(["sales-forecast-files"]);
  });
});

describe("Orchest importer: legacy file", () => {
  it("accepts `entrypoint`, and exposes without auth only when the file says so", () => {
    const { objects } = load(legacy);
    const deployment = named(objects, "Deployment", "tensorboard");
    expect(deployment.spec.template.spec.containers[0].command).toEqual(["bash"]);
    expect(deployment.spec.template.spec.containers[0].args).toEqual(["-c", "umask 002 && tensorboard --logdir /data --bind_all"]);
    expect(named(objects, "HTTPRoute", "tensorboard")).toBeDefined();
    expect(objects.filter((o) => o.kind === "SecurityPolicy")).toEqual([]);
  });
});

describe("Orchest importer errors name the key path in the pipeline file", () => {
  it("Orchest environments, bad names, bind sources, scopes and ports", () => {
    const error = errorOf(
      pipeline({
        a: { name: "Bad_Name", image: "environment@1234", binds: { "/home": "/x" }, scope: ["batch"], ports: ["80"] },
      }),
    );
    expect(error.issues.map((i) => i.field)).toEqual(["services.a.name", "services.a.image", "services.a.ports", "services.a.binds./home", "services.a.scope"]);
    expect(error.message).toContain("Orchest pipeline 'broken.orchest': 'services.a.image' is an Orchest environment");
  });

  it("unpinned images and credentials inline, mapped back to Orchest keys", () => {
    const error = errorOf(pipeline({ db: { name: "db", image: "postgres", env_variables: { POSTGRES_PASSWORD: "hunter2" } } }));
    expect(error.issues.map((i) => i.field)).toEqual(["services.db.image", "services.db.env_variables.POSTGRES_PASSWORD"]);
    expect(error.message).not.toContain("hunter2");
  });

  it("accepts unpinned images only when the CLI says so (--allow-mutable-image)", () => {
    const text = pipeline({ db: { name: "db", image: "postgres" } });
    const [document] = loadOrchestPipeline("p.orchest", text, { allowMutableImageTag: true });
    expect((document.props as LabProjectProps).services![0]).toMatchObject({ image: "postgres", allowMutableImageTag: true });
    expectValidObjects(kindHandlers.LabProject.render(document.props, { name: "p" }));
  });

  it("unclosed quotes in args, and files that are not JSON", () => {
    expect(errorOf(pipeline({ a: { name: "a", image: "redis:7.4.2", args: "-c 'oops" } })).message).toContain("'services.a.args' cannot be split into words: unclosed ' quote");
    expect(errorOf("{ nope").message).toContain("is not valid JSON");
  });

  it("detects pipeline files by extension or by content", () => {
    expect(orchestImporter.detect("x.orchest", "")).toBe(true);
    expect(orchestImporter.detect("pipeline.json", pipeline({}))).toBe(true);
    expect(orchestImporter.detect("other.json", "{\"image\": \"x\"}")).toBe(false);
    expect(orchestImporter.detect("bodywork.yaml", "version: '1.1'")).toBe(false);
  });
});

describe("shellWords", () => {
  it("splits like a shell", () => {
    expect(shellWords(`-c 'umask 002 && echo "hi"' --x="a b" c\\ d ''`)).toEqual(["-c", 'umask 002 && echo "hi"', "--x=a b", "c d", ""]);
    expect(shellWords("  ")).toEqual([]);
    expect(() => shellWords('"open')).toThrow(/unclosed/);
  });
});
