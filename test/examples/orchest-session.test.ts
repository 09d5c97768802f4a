import fs from "node:fs";
import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { orchestSessionChart } from "../../examples/orchest-session/cdk8s";
import { pipelineFile } from "../../examples/orchest-session/props";
import { inventory } from "../support/inventory";

// What examples/orchest-session/README.md promises, read against the pipeline file it imports;
// the inventory snapshot lists every object and policy finding, examples.test.ts checks schemas.

type Obj = Record<string, any>;

describe("example orchest-session: an Orchest pipeline's interactive session as a LabProject", () => {
  const objects = Testing.synth(orchestSessionChart(Testing.app())) as Obj[];
  const pipeline = JSON.parse(fs.readFileSync(pipelineFile(), "utf8"));
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
  const container = (name: string) => find("Deployment", name).spec.template.spec.containers[0];
  const env = (name: string) => Object.fromEntries(container(name).env.map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
  const ports = (name: string) => find("Service", name).spec.ports.map((p: Obj) => p.port);

  it("lists its objects and policy findings", async () => {
    await expect(inventory(objects)).toMatchFileSnapshot("__snapshots__/orchest-session.objects.txt");
    expect(objects.filter((o) => o.kind !== "Namespace").every((o) => o.metadata.namespace === "sales-forecast")).toBe(true);
  });

  it("runs the session's services, leaving out mlflow (scope noninteractive: jobs only)", () => {
    expect(pipeline.services.mlflow.scope).toEqual(["noninteractive"]);
    expect(objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name)).toEqual(["streamlit", "postgres", "redis", "questdb"]);
    expect(objects.some((o) => o.metadata.name.includes("mlflow"))).toBe(false);
  });

  it("exposes streamlit on 8501 with its path preserved, and questdb's three ports with the prefix stripped, behind the project token", () => {
    expect(ports("streamlit")).toEqual([8501]);
    expect(ports("questdb")).toEqual([9000, 8812, 9009]);
    const rules = (name: string) =>
      find("HTTPRoute", name).spec.rules.map((r: Obj) => [
        r.matches[0].path.value,
        r.backendRefs[0].port,
        r.filters?.[0]?.urlRewrite?.path?.replacePrefixMatch,
      ]);
    expect(rules("streamlit")).toEqual([["/api/projects/sales-forecast/services/streamlit/8501", 8501, undefined]]);
    expect(rules("questdb")).toEqual([9000, 8812, 9009].map((port) => [`/api/projects/sales-forecast/services/questdb/${port}`, port, "/"]));
    for (const name of ["streamlit", "questdb"]) {
      // requires_authentication (Orchest's default): the project token, as ML Lab takes it
      expect(find("SecurityPolicy", `${name}-auth`).spec).toEqual({
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name }],
        apiKeyAuth: {
          credentialRefs: [{ group: "", kind: "Secret", name: "sales-forecast-token" }],
          extractFrom: [{ params: ["lab_token"] }, { headers: ["authorization"] }, { cookies: ["lab_access_token"] }],
          sanitize: true,
        },
      });
      expect(find("NetworkPolicy", `allow-proxy-${name}`).spec.ingress[0].ports.map((p: Obj) => p.port)).toEqual(ports(name));
    }
    expect(objects.filter((o) => o.kind === "HTTPRoute").map((o) => o.metadata.name)).toEqual(["streamlit", "questdb"]);
  });

  it("keeps postgres and redis internal, on Orchest's default ports (no ports in the file)", () => {
    expect([pipeline.services.postgres.ports, pipeline.services.redis.ports]).toEqual([undefined, undefined]);
    expect([ports("postgres"), ports("redis")]).toEqual([[5432], [6379]]);
    for (const name of ["postgres", "redis"]) {
      expect(objects.some((o) => ["HTTPRoute", "SecurityPolicy"].includes(o.kind) && o.metadata.name.startsWith(name))).toBe(false);
      expect(find("NetworkPolicy", `allow-proxy-${name}`)).toBeUndefined();
    }
  });

  it("sets the file's env, inherited project env from the Secret sales-forecast-env, and no LAB_* variables", () => {
    const uuid = pipeline.uuid;
    expect(env("streamlit")).toEqual({
      HOME: "/tmp",
      ORCHEST_PIPELINE_UUID: uuid,
      STREAMLIT_THEME_BASE: "light",
      WAREHOUSE_URL: { secretKeyRef: { name: "sales-forecast-env", key: "WAREHOUSE_URL" } },
    });
    expect(env("postgres")).toEqual({
      ORCHEST_PIPELINE_UUID: uuid,
      POSTGRES_DB: "sales",
      PGDATA: "/data/pgdata",
      POSTGRES_PASSWORD: { secretKeyRef: { name: "sales-forecast-env", key: "POSTGRES_PASSWORD" } },
    });
    expect(Object.keys(env("redis"))).toEqual(["ORCHEST_PIPELINE_UUID"]);
  });

  it("runs commands as Orchest does: redis from the old entrypoint key, streamlit's args split as a shell would", () => {
    expect([container("redis").command, container("redis").args]).toEqual([["redis-server"], ["--save", "", "--appendonly", "no"]]);
    expect([container("streamlit").command, container("streamlit").args]).toEqual([
      ["bash"],
      ["-c", "umask 002 && streamlit run /project-dir/dashboard.py --server.port 8501 --server.headless true"],
    ]);
  });

  it("mounts the binds from the one project volume, by subPath", () => {
    const claim = find("PersistentVolumeClaim", "sales-forecast-files");
    expect(claim.spec).toEqual({ accessModes: ["ReadWriteMany"], resources: { requests: { storage: "10Gi" } } });
    const mounts = (name: string) => container(name).volumeMounts?.map((m: Obj) => [m.mountPath, m.subPath]);
    expect([mounts("streamlit"), mounts("postgres"), mounts("questdb"), mounts("redis")]).toEqual([
      [["/project-dir", "project-dir"]],
      [["/data", "data"]],
      [["/var/lib/questdb", "data"]],
      undefined,
    ]);
    for (const name of ["streamlit", "postgres", "questdb"])
      expect(find("Deployment", name).spec.template.spec.volumes).toEqual([{ name: "claim-0", persistentVolumeClaim: { claimName: "sales-forecast-files" } }]);
  });

  it("runs each image as a non-root user it works as (Orchest ran them as root), in a restricted namespace", () => {
    const pod = (name: string) => find("Deployment", name).spec.template.spec.securityContext;
    expect([pod("postgres").runAsUser, pod("redis").runAsUser, pod("streamlit").runAsUser, pod("questdb").runAsUser]).toEqual([999, 999, 1000, 1000]);
    expect(find("Namespace", "sales-forecast").metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(find("NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });
});
