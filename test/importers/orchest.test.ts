import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib/model/errors";
import { loadOrchestPipeline, orchestImporter } from "../../lib/importers/orchest";
import { shellWords } from "../../lib/importers/shell-words";
import type { LabProjectProps } from "../../lib/model/lab";
import type { KubeObject } from "../../lib/render/types";
import { kindHandlers } from "../../lib/definitions/kinds";
import { expectValidObjects } from "../support/schema-check";

const session = path.join(__dirname, "..", "..", "examples", "orchest-session", "pipeline.orchest");
const legacy = path.join(__dirname, "fixtures", "tensorboard-legacy.orchest");

function load(file: string): { props: LabProjectProps; objects: KubeObject[] } {
  const text = fs.readFileSync(file, "utf8");
  expect(orchestImporter.detect(path.basename(file), text)).toBe(true);
  const [document] = orchestImporter.load(file, text);
  expect(document.kind).toBe("LabProject");
  const objects = kindHandlers[document.kind].resolveAndRender(document.props, { name: String(document.props.name) });
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

  it("names the project after its directory (not the pipeline's display name) and keeps the interactive services in order", () => {
    expect(props.name).toBe("orchest-session");
    expect(orchestImporter.load(session, fs.readFileSync(session, "utf8"), { project: "sales-forecast" })[0].props.name).toBe("sales-forecast");
    expect(props.services!.map((s) => s.name)).toEqual(["streamlit", "postgres", "redis", "questdb", "mlflow"]);
    // mlflow is scoped to jobs (noninteractive): not part of an interactive session.
    expect(objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name)).toEqual(["streamlit", "postgres", "redis", "questdb"]);
  });

  it("streamlit: exposed with its base path preserved, told its base path", () => {
    const route = named(objects, "HTTPRoute", "streamlit");
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.rules[0].matches[0].path.value).toBe("/api/projects/orchest-session/services/streamlit/8501");
    expect(route.spec.rules[0].filters).toBeUndefined();
    // Orchest services get no LAB_* variables (no ML Lab token in a third-party container), but Orchest's pipeline UUID.
    expect(env(objects, "streamlit").LAB_SERVICE_PATH).toBeUndefined();
    expect(env(objects, "streamlit").LAB_API_TOKEN).toBeUndefined();
    expect(env(objects, "streamlit").ORCHEST_PIPELINE_UUID).toBe("5a1d3f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6");
    expect(named(objects, "SecurityPolicy", "streamlit-auth").spec.apiKeyAuth.sanitize).toBe(true);
    expect(named(objects, "Deployment", "streamlit").spec.template.spec.containers[0].args).toEqual([
      "-c",
      "umask 002 && streamlit run /project-dir/dashboard.py --server.port 8501 --server.headless true",
    ]);
  });

  it("postgres and redis: no ports given, Orchest's default ports, internal only", () => {
    expect(named(objects, "Service", "postgres").spec.ports.map((p: any) => p.port)).toEqual([5432]);
    expect(named(objects, "Service", "redis").spec.ports.map((p: any) => p.port)).toEqual([6379]);
    expect(objects.filter((o) => ["HTTPRoute", "SecurityPolicy"].includes(o.kind) && /^(postgres|redis)/.test(o.metadata.name))).toEqual([]);
    // Orchest's migration: `entrypoint` is the command, the old `command` string the args, shell-split.
    expect(named(objects, "Deployment", "redis").spec.template.spec.containers[0].command).toEqual(["redis-server"]);
    expect(named(objects, "Deployment", "redis").spec.template.spec.containers[0].args).toEqual(["--save", "", "--appendonly", "no"]);
    // Orchest ran them as root; here as the users their official images have (999), with a writable root.
    for (const name of ["postgres", "redis"]) {
      const pod = named(objects, "Deployment", name).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999 });
      expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    }
  });

  it("postgres: inherited env comes from the project env Secret, the service's own env stays", () => {
    expect(env(objects, "postgres")).toMatchObject({
      POSTGRES_DB: "sales",
      POSTGRES_PASSWORD: { secretKeyRef: { name: "orchest-session-env", key: "POSTGRES_PASSWORD" } },
    });
    const mounts = named(objects, "Deployment", "postgres").spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ name: "claim-0", mountPath: "/data", subPath: "data" });
  });

  it("questdb: three ports, each routed and stripped", () => {
    const route = named(objects, "HTTPRoute", "questdb");
    expect(route.spec.rules.map((r: any) => r.matches[0].path.value)).toEqual(
      [9000, 8812, 9009].map((p) => `/api/projects/orchest-session/services/questdb/${p}`),
    );
    expect(route.spec.rules.every((r: any) => r.filters[0].type === "URLRewrite")).toBe(true);
    expect(named(objects, "Service", "questdb").spec.ports.map((p: any) => p.name)).toEqual(["port-9000", "port-8812", "port-9009"]);
  });

  it("mounts /data and /project-dir from one project PVC", () => {
    expect(objects.filter((o) => o.kind === "PersistentVolumeClaim").map((o) => o.metadata.name)).toEqual(["orchest-session-files"]);
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
    expect(error.issues[0].fix).toContain("--allow-mutable-image");
    expect(error.message).not.toContain("hunter2");
  });

  it("accepts unpinned images only when the CLI says so (--allow-mutable-image)", () => {
    const text = pipeline({ db: { name: "db", image: "postgres" } });
    const [document] = loadOrchestPipeline("p.orchest", text, { allowMutableImageTag: true });
    expect((document.props as LabProjectProps).services![0]).toMatchObject({ image: "postgres", allowMutableImageTag: true });
    expectValidObjects(kindHandlers.LabProject.resolveAndRender(document.props, { name: "p" }));
  });

  it("unclosed quotes in args, and files that are not JSON", () => {
    expect(errorOf(pipeline({ a: { name: "a", image: "redis:7.4.2", args: "-c 'oops" } })).message).toContain(
      "'services.a.args' cannot be split into words: unclosed ' quote",
    );
    expect(errorOf("{ nope").message).toContain("is not valid JSON");
  });

  it("detects pipeline files by extension or by content", () => {
    expect(orchestImporter.detect("x.orchest", "")).toBe(true);
    expect(orchestImporter.detect("pipeline.json", pipeline({}))).toBe(true);
    expect(orchestImporter.detect("other.json", '{"image": "x"}')).toBe(false);
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

describe("Orchest importer: Orchest's run-time semantics", () => {
  const one = (services: Record<string, unknown>, options = {}) => loadOrchestPipeline("/tmp/proj/p.orchest", pipeline(services), options)[0];

  it("lower-cases service names as Orchest's migration does, and refuses two that collide", () => {
    const document = one({ PyWebIO: { name: "PyWebIO", image: "registry.example.com/pywebio:1.8.3", ports: [8080] } });
    expect((document.props as LabProjectProps).services![0].name).toBe("pywebio");
    const error = errorOf(pipeline({ A: { name: "Web", image: "r/x:1", ports: [80] }, B: { name: "web", image: "r/x:1", ports: [81] } }));
    expect(error.message).toContain("'services.B.name' becomes 'web' (Orchest lower-cases names), as does service 'A'");
  });

  it("substitutes $BASE_PATH_PREFIX_<port> with the port's base path, and refuses one without a port", () => {
    const document = one({
      app: {
        name: "app",
        image: "orchest/streamlit:1.0",
        command: "bash",
        args: "-c 'streamlit run x.py'",
        env_variables: { STREAMLIT_SERVER_BASE_URL_PATH: "$BASE_PATH_PREFIX_8501" },
        ports: [8501],
        exposed: true,
        preserve_base_path: true,
      },
    });
    expect((document.props as LabProjectProps).services![0].env).toMatchObject({ STREAMLIT_SERVER_BASE_URL_PATH: "api/projects/proj/services/app/8501" });
    const objects = kindHandlers.LabProject.resolveAndRender(document.props, { name: "proj" });
    const route = named(objects, "HTTPRoute", "app");
    // Orchest's ingress path is `/<base>_<port>` with the base path in the variable: both name the same prefix here.
    expect(route.spec.rules[0].matches[0].path.value).toBe("/api/projects/proj/services/app/8501");
    expect(errorOf(pipeline({ app: { name: "app", image: "r/x:1", ports: [80], env_variables: { BASE: "$BASE_PATH_PREFIX" } } })).message).toContain(
      "'services.app.env_variables.BASE' uses $BASE_PATH_PREFIX, but a path without a port does not reach the service here",
    );
    expect(errorOf(pipeline({ app: { name: "app", image: "r/x:1", ports: [80], args: "--base $BASE_PATH_PREFIX_90" } })).message).toContain(
      "port 90 is not one of the service's ports",
    );
  });

  it("runs `command` as one program, as Orchest does, and refuses a whole command line there", () => {
    const error = errorOf(pipeline({ app: { name: "app", image: "r/x:1", command: "python -m http.server", ports: [8000] } }));
    expect(error.message).toContain("'services.app.command' holds a whole command line, but Orchest runs it as one program name");
    expect(error.issues[0].fix).toBe("set it to the program (\"python\") and move the rest into 'args'.");
  });

  it("warns that steps are not imported, and that an unknown image runs as uid 1000", () => {
    const text = JSON.stringify({
      name: "p",
      uuid: "u",
      steps: { s1: { file_path: "a.ipynb" } },
      services: { app: { name: "app", image: "r/x:1", ports: [80] } },
    });
    const [document] = loadOrchestPipeline("/tmp/proj/p.orchest", text);
    expect(document.warnings).toEqual([
      expect.stringMatching(/^steps: the pipeline's 1 step is not imported, only its services/),
      expect.stringMatching(/^services\.app\.image: 'r\/x:1' is not an image modelship knows the user of; Orchest ran it as root, here it runs as uid 1000/),
    ]);
    const pod = named(kindHandlers.LabProject.resolveAndRender(document.props, { name: "proj" }), "Deployment", "app").spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
  });

  it("attaches exposed services to the --gateway listener", () => {
    const document = one({ app: { name: "app", image: "r/x:1", ports: [80], exposed: true } }, { gateway: "gw-system/public:https" });
    expect((document.props as LabProjectProps).ingress?.gateway).toEqual({ name: "public", namespace: "gw-system", sectionName: "https" });
  });
});
