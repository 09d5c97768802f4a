import { describe, expect, it } from "vitest";
import { ModelSource, type KubeObject, type ModelServiceProps } from "../../lib";
import { renderCheckedService } from "../support/checked";

const base = { image: "registry.example.com/ml/iris:1.0.0" };
const DIGEST = "sha256:" + "e".repeat(64);

const render = (props: Partial<ModelServiceProps>): KubeObject[] =>
  renderCheckedService({ ...base, ...props } as ModelServiceProps, { name: "iris", path: "test/iris" });
const pod = (objects: KubeObject[]): any => (objects.find((o) => o.kind === "Deployment") as any).spec.template.spec;

describe("model from an OCI image volume", () => {
  const objects = render({ model: ModelSource.image(`registry.example.com/models/iris@${DIGEST}`, { file: "model.pkl" }) });

  it("mounts the image read-only, with no extra container", () => {
    expect(pod(objects).volumes).toContainEqual({ name: "model", image: { reference: `registry.example.com/models/iris@${DIGEST}` } });
    expect(pod(objects).containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
    expect(pod(objects).initContainers).toBeUndefined();
  });

  it("sets MODEL_DIR, MODEL_FILE and a writable HOME", () => {
    expect(pod(objects).containers[0].env).toEqual([
      { name: "MODEL_DIR", value: "/models" },
      { name: "MODEL_FILE", value: "/models/model.pkl" },
      { name: "HOME", value: "/home/modelship" },
      { name: "XDG_CACHE_HOME", value: "/home/modelship/.cache" },
    ]);
    expect(pod(objects).volumes).toContainEqual({ name: "home", emptyDir: { sizeLimit: "1Gi" } });
  });
});

describe("model from object storage", () => {
  const objects = render({ model: ModelSource.s3("models", "iris/v3", { file: "model.pkl", sha256: "f".repeat(64), credentialsSecret: "s3-reader" }) });
  const init = pod(objects).initContainers[0];

  it("downloads in a restricted init container into a size-limited emptyDir, read-only for the server", () => {
    expect(init.image).toBe("kserve/storage-initializer:v0.20.0");
    expect(init.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
    expect(init.volumeMounts).toEqual([
      { name: "tmp", mountPath: "/tmp" },
      { name: "model", mountPath: "/model-download" },
    ]);
    expect(pod(objects).volumes).toContainEqual({ name: "model", emptyDir: { sizeLimit: "20Gi" } });
    expect(pod(objects).containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
  });

  it("passes URI, digest and file as arguments (never into the script) and gives credentials to the downloader only", () => {
    expect(init.command.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(init.command.slice(3)).toEqual(["model-download", "s3://models/iris/v3", "/model-download", "f".repeat(64), "model.pkl"]);
    expect(init.command[2]).not.toContain("s3://");
    expect(init.command[2]).toContain("sha256sum -c");
    expect(init.envFrom).toEqual([{ secretRef: { name: "s3-reader" } }]);
    expect(pod(objects).containers[0].envFrom).toBeUndefined();
  });

  it("a cache claim holds each model in its own directory, downloaded once", () => {
    const cached = render({ model: ModelSource.uri("gs://models/iris", { cacheClaim: "model-cache" }) });
    const spec = pod(cached);
    expect(spec.volumes).toContainEqual({ name: "model", persistentVolumeClaim: { claimName: "model-cache" } });
    const subPath = spec.initContainers[0].volumeMounts[1].subPath;
    expect(subPath).toMatch(/^models\/[0-9a-f]{16}$/);
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", subPath, readOnly: true });
    expect(spec.initContainers[0].command[2]).toContain(".modelship-complete");
  });
});

describe("model on a claim", () => {
  it("mounts the claim read-only", () => {
    const objects = render({ model: ModelSource.pvc("models", { subPath: "iris/v3" }) });
    expect(pod(objects).volumes).toContainEqual({ name: "model", persistentVolumeClaim: { claimName: "models", readOnly: true } });
    expect(pod(objects).containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", subPath: "iris/v3", readOnly: true });
  });
});
