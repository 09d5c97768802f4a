import { describe, expect, it } from "vitest";
import { ModelSource, ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";
import { downloaderUri } from "../../lib/model/model-source";

const base = { image: "registry.example.com/ml/iris:1.0.0" };
const DIGEST = "sha256:" + "a".repeat(64);

function errorOf(props: Record<string, unknown>): string {
  try {
    resolveModelService({ ...base, ...props } as unknown as ModelServiceProps, { name: "iris" });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelshipValidationError);
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

describe("ModelSource URIs, as KServe's storage initializer reads them", () => {
  it.each([
    ["s3://models/iris/v3", "s3://models/iris/v3"],
    ["gs://models/iris", "gs://models/iris"],
    // KServe matches Azure blobs by their https URL (kserve_storage.py _AZURE_BLOB_RE).
    ["azure://acct/models/iris", "https://acct.blob.core.windows.net/models/iris"],
    // KServe's Hugging Face form is hf://<owner>/<model>[:<revision>] (kserve_storage.py _download_hf).
    ["hf://meta-llama/Llama-3.1-8B-Instruct@0e9e39f", "hf://meta-llama/Llama-3.1-8B-Instruct:0e9e39f"],
    ["https://example.com/models/iris.tar.gz", "https://example.com/models/iris.tar.gz"],
  ])("%s -> %s", (uri, expected) => {
    expect(downloaderUri(uri)).toBe(expected);
  });

  it("refuses what the downloader cannot read", () => {
    expect(downloaderUri("ftp://host/model")).toBeUndefined();
    expect(downloaderUri("hf://only-one-part@main")).toBeUndefined();
  });

  it("the factories build the same data as the YAML form", () => {
    expect(ModelSource.s3("models", "/iris/v3", { file: "model.pkl" })).toEqual({ type: "uri", uri: "s3://models/iris/v3", file: "model.pkl" });
    expect(ModelSource.huggingFace("org/model", "abc123")).toEqual({ type: "uri", uri: "hf://org/model@abc123" });
    expect(ModelSource.image(`registry.example.com/models/iris@${DIGEST}`)).toEqual({ type: "image", reference: `registry.example.com/models/iris@${DIGEST}` });
  });
});

describe("ModelSource validation", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "image model by tag",
      { model: { type: "image", reference: "registry.example.com/models/iris:3" } },
      /'model\.reference' is pinned by a tag.*Fix: pin it by digest/,
    ],
    [
      "image model :latest",
      { model: { type: "image", reference: "registry.example.com/models/iris:latest", allowTag: true } },
      /'model\.reference' uses the mutable ':latest' tag/,
    ],
    ["unpinned hf repo", { model: { type: "uri", uri: "hf://org/model" } }, /'model\.uri' names no revision.*Fix: pin a commit or tag/],
    ["unknown scheme", { model: { type: "uri", uri: "ftp://host/model" } }, /'model\.uri' is not a supported model URI \(got "ftp:\/\/host\/model"\)/],
    [
      "sha256 without file",
      { model: { type: "uri", uri: "s3://models/iris", sha256: "a".repeat(64) } },
      /'model\.sha256' checks a single file, but 'file' is not given/,
    ],
    ["bad sha256", { model: { type: "uri", uri: "s3://models/iris", file: "m.pkl", sha256: "xyz" } }, /'model\.sha256' is not a sha256 digest/],
    ["file outside the model", { model: { type: "pvc", claimName: "models", file: "../etc/passwd" } }, /'model\.file' must be a relative path without '\.\.'/],
    [
      "model and modelFile",
      { persistence: true, modelFile: { path: "/data/m.pkl" }, model: { type: "pvc", claimName: "models" } },
      /'modelFile' is given together with 'model'/,
    ],
    ["MODEL_DIR set twice", { model: { type: "pvc", claimName: "models" }, env: { MODEL_DIR: "/x" } }, /'env\.MODEL_DIR' is also set by 'model'/],
    [
      "model over /tmp",
      { model: { type: "pvc", claimName: "models", mountPath: "/tmp" } },
      /'model\.mountPath' mounts a volume at '\/tmp', which 'security\.tmpVolume' already uses/,
    ],
    [
      "HOME set twice",
      { model: { type: "pvc", claimName: "models" }, env: { HOME: "/x" } },
      /'env\.HOME' is also set by 'home'.*Fix: remove it from env, or set home: false/,
    ],
    [
      "mutable downloader",
      { model: { type: "uri", uri: "s3://models/iris", downloader: { image: "my/downloader:latest" } } },
      /'model\.downloader\.image' uses the mutable ':latest' tag/,
    ],
  ])("%s", (_label, props, expected) => {
    expect(errorOf(props)).toMatch(expected);
  });

  it("sets MODEL_DIR and MODEL_FILE (names switchable) and accounts for the download in the progress deadline", () => {
    const spec = resolveModelService({ ...base, model: ModelSource.s3("models", "iris", { file: "model.pkl", downloadSeconds: 900 }) }, { name: "iris" });
    expect(spec.model?.env).toEqual([
      ["MODEL_DIR", "/models"],
      ["MODEL_FILE", "/models/model.pkl"],
    ]);
    // 900 s download + 60 s startup + 60 s slack: beyond Kubernetes' 600 s default.
    expect(spec.progressDeadlineSeconds).toBe(1020);
    const renamed = resolveModelService(
      { ...base, model: ModelSource.pvc("models", { file: "m.onnx", env: { dir: false, file: "WEIGHTS" } }) },
      { name: "iris" },
    );
    expect(renamed.model?.env).toEqual([["WEIGHTS", "/models/m.onnx"]]);
    expect(renamed.progressDeadlineSeconds).toBeUndefined();
  });

  it("adds a writable home with a model source, and not without (switchable)", () => {
    expect(resolveModelService({ ...base, model: ModelSource.pvc("models") }, { name: "iris" }).scratch.home).toEqual({
      mountPath: "/home/modelship",
      sizeLimit: "1Gi",
    });
    expect(resolveModelService({ ...base, model: ModelSource.pvc("models"), home: false }, { name: "iris" }).scratch.home).toBeUndefined();
    expect(resolveModelService(base, { name: "iris" }).scratch.home).toBeUndefined();
  });
});
