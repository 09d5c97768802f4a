import { createHash } from "node:crypto";
import { z } from "zod";
import { absolutePathSchema, envVarNameSchema, relativePathSchema, subdomainNameSchema } from "./rules";
import { problem, type ValidationIssue } from "./errors";
import { IMAGE_REFERENCE, mutableImageReason } from "./image";
import { containerMemorySchema, cpuSchema, memorySchema } from "./quantity";
import { DEFAULT_MODEL_FILE_ENV } from "./volumes";

/** Env var names a model source sets; `false` leaves one out. */
export interface ModelEnvProps {
  /** Holds the model directory. @default "MODEL_DIR" */
  readonly dir?: string | false;
  /** Holds the model file's path, when `file` is given. @default "MODEL_FILE" (the Docker-izing seed's name) */
  readonly file?: string | false;
}

/** What every model source sets: where it is mounted, the model file in it, the env var names. */
export interface ModelSourceCommonProps {
  /** Where the model is mounted in the server container. @default "/models" */
  readonly mountPath?: string;
  /** The model file inside the source, relative (`model.pkl`), for `MODEL_FILE`. @default - none: only MODEL_DIR is set */
  readonly file?: string;
  /** Env var names. @default { dir: "MODEL_DIR", file: "MODEL_FILE" } */
  readonly env?: ModelEnvProps;
}

/**
 * The model packaged as an OCI image or artifact (ModelPack, KitOps, KServe modelcar), mounted
 * read-only as a Kubernetes image volume: no download, no extra container, allowed under the
 * `restricted` Pod Security profile. The kubelet pulls it like any image (node cache included,
 * so pods on one node share one copy). Needs the ImageVolume feature (beta, on by default from
 * Kubernetes 1.35) and a runtime that supports it (containerd >= 2.1, CRI-O >= 1.31).
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/image-volumes/
 */
export interface ImageModelSource extends ModelSourceCommonProps {
  readonly type: "image";
  /** `registry/repo@sha256:<digest>`: pinned by digest unless `allowTag`. */
  readonly reference: string;
  /** Accept an exact version tag instead of a digest (never `:latest`). @default false */
  readonly allowTag?: boolean;
  /** @default - Kubernetes' default (IfNotPresent for a digest) */
  readonly pullPolicy?: "Always" | "IfNotPresent" | "Never";
}

/** The container that downloads a model. */
export interface DownloaderProps {
  /**
   * Image with KServe's storage initializer (`initializer-entrypoint <uri> <dir>`; s3, gs, Azure
   * blob, https and hf), which runs as UID 1000. Pinned; replace it with a mirror of your own.
   * @default "kserve/storage-initializer:v0.20.0"
   */
  readonly image?: string;
  /** @default "100m" */
  readonly cpu?: number | string;
  /** Memory request and limit. @default "1Gi" */
  readonly memory?: string;
}

/**
 * A model in object storage or a model hub, downloaded before the server starts by an init
 * container (restricted security context, like the server's) into a size-limited emptyDir, or
 * into a cache claim shared by the pods so only the first one downloads. Credentials come only
 * from a Secret (`credentialsSecret`, given to the downloader alone) or from workload identity
 * (the pod's ServiceAccount, `serviceAccount.name`); never inline.
 */
export interface UriModelSource extends ModelSourceCommonProps {
  readonly type: "uri";
  /**
   * `s3://bucket/path`, `gs://bucket/path`, `azure://<account>/<container>/<path>` (or the
   * `https://<account>.blob.core.windows.net/...` URL), `https://...` (one file or archive), or
   * `hf://<org>/<model>@<revision>` (a Hugging Face repo, pinned to a commit or tag).
   */
  readonly uri: string;
  /** Size limit of the emptyDir the model is downloaded into. @default "20Gi" */
  readonly sizeLimit?: string;
  /** An existing claim to cache the download in (ReadWriteMany), instead of an emptyDir per pod. @default - none */
  readonly cacheClaim?: string;
  /** Secret whose keys become the downloader's env (e.g. AWS_ACCESS_KEY_ID, HF_TOKEN). @default - none (workload identity or public) */
  readonly credentialsSecret?: string;
  /** Expected sha256 of `file`, checked on every start, after the download or on the cached copy (the pod does not start on a mismatch). @default - none */
  readonly sha256?: string;
  /** How long the download may take: added to the Deployment's progress deadline and Pulumi's wait. @default 600 */
  readonly downloadSeconds?: number;
  /** The download container. @default - see DownloaderProps */
  readonly downloader?: DownloaderProps;
}

/** A model on an existing claim (ReadOnlyMany or ReadWriteMany), mounted read-only. */
export interface ClaimModelSource extends ModelSourceCommonProps {
  readonly type: "pvc";
  readonly claimName: string;
  /** Directory inside the claim. @default - the whole claim */
  readonly subPath?: string;
}

/** Where the model comes from. Build with {@link ModelSource}. */
export type ModelSourceProps = ImageModelSource | UriModelSource | ClaimModelSource;

/** The options of a {@link ModelSource} factory: the source's props less what the factory's arguments give. */
export type ModelSourceOptions<T> = Omit<T, "type" | "reference" | "uri" | "claimName">;

/** Static factories for model sources. */
export const ModelSource = {
  /** An OCI image volume, pinned by digest. */
  image(reference: string, options: ModelSourceOptions<ImageModelSource> = {}): ImageModelSource {
    return { type: "image", reference, ...options };
  },
  /** Any supported URI (s3://, gs://, azure://, https://, hf://). */
  uri(uri: string, options: ModelSourceOptions<UriModelSource> = {}): UriModelSource {
    return { type: "uri", uri, ...options };
  },
  /** `s3://<bucket>/<path>`. */
  s3(bucket: string, path: string, options: ModelSourceOptions<UriModelSource> = {}): UriModelSource {
    return { type: "uri", uri: `s3://${bucket}/${path.replace(/^\/+/, "")}`, ...options };
  },
  /** A Hugging Face repo at a pinned revision. */
  huggingFace(repo: string, revision: string, options: ModelSourceOptions<UriModelSource> = {}): UriModelSource {
    return { type: "uri", uri: `hf://${repo}@${revision}`, ...options };
  },
  /** An existing claim. */
  pvc(claimName: string, options: ModelSourceOptions<ClaimModelSource> = {}): ClaimModelSource {
    return { type: "pvc", claimName, ...options };
  },
};

export const DEFAULT_DOWNLOADER_IMAGE = "kserve/storage-initializer:v0.20.0";
export const DEFAULT_MODEL_MOUNT = "/models";
export const DEFAULT_DOWNLOAD_SECONDS = 600;

const envName = z.union([envVarNameSchema, z.literal(false)]);
const relativePath = relativePathSchema("use a path inside the model, e.g. 'model.pkl'.");
const common = {
  mountPath: absolutePathSchema.optional(),
  file: relativePath.optional(),
  env: z.strictObject({ dir: envName.optional(), file: envName.optional() }).optional(),
};

export const modelSourceSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("image"),
    reference: z.string().regex(IMAGE_REFERENCE, { error: problem("is not a valid image reference", "use 'registry/repository@sha256:<digest>'.") }),
    allowTag: z.boolean().optional(),
    pullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal("uri"),
    uri: z.string().min(1),
    sizeLimit: memorySchema.optional(),
    cacheClaim: subdomainNameSchema.optional(),
    credentialsSecret: subdomainNameSchema.optional(),
    sha256: z
      .string()
      .regex(/^[a-f0-9]{64}$/, { error: problem("is not a sha256 digest", "give 64 lowercase hex digits.") })
      .optional(),
    downloadSeconds: z.number().int().min(1).max(86400).optional(),
    downloader: z
      .strictObject({
        image: z
          .string()
          .regex(IMAGE_REFERENCE, { error: problem("is not a valid image reference", "use 'registry/repository:tag'.") })
          .optional(),
        cpu: cpuSchema.optional(),
        memory: containerMemorySchema.optional(),
      })
      .optional(),
    ...common,
  }),
  z.strictObject({ type: z.literal("pvc"), claimName: subdomainNameSchema, subPath: relativePath.optional(), ...common }),
]);

type ParsedSource = z.output<typeof modelSourceSchema>;

/** The URI forms the downloader accepts, and how ours map to them. */
const URI_FORMS: ReadonlyArray<{ pattern: RegExp; to?: (m: RegExpMatchArray) => string }> = [
  { pattern: /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/ },
  { pattern: /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](\/\S*)?$/ },
  // KServe reads Azure blobs by their https URL.
  {
    pattern: /^azure:\/\/([a-z0-9]{3,24})\/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(\/\S*)?$/,
    to: (m) => `https://${m[1]}.blob.core.windows.net/${m[2]}${m[3] ?? ""}`,
  },
  // KServe's form is hf://<org>/<model>:<revision>.
  { pattern: /^hf:\/\/([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)@([\w.-]+)$/, to: (m) => `hf://${m[1]}/${m[2]}:${m[3]}` },
  { pattern: /^https:\/\/[^\s/]+\/\S+$/ },
];

/** The URI as the downloader takes it, or undefined when we do not accept it. */
export function downloaderUri(uri: string): string | undefined {
  for (const form of URI_FORMS) {
    const match = uri.match(form.pattern);
    if (match) return form.to ? form.to(match) : uri;
  }
  return undefined;
}

export function modelSourceIssues(source: ParsedSource | undefined, field = "model"): ValidationIssue[] {
  if (!source) return [];
  const issues: ValidationIssue[] = [];
  if (source.type === "image") {
    const reason = mutableImageReason(source.reference);
    if (reason)
      issues.push({
        field: `${field}.reference`,
        problem: `${reason}; the model would change under the service`,
        value: source.reference,
        fix: "pin the model image by digest ('repo/model@sha256:...').",
      });
    else if (!source.reference.includes("@sha256:") && !source.allowTag) {
      issues.push({
        field: `${field}.reference`,
        problem: "is pinned by a tag, which can be moved to other content",
        value: source.reference,
        fix: "pin it by digest ('repo/model@sha256:...'), or set allowTag: true.",
      });
    }
  }
  if (source.type === "uri") {
    if (source.uri.startsWith("hf://") && !/@[\w.-]+$/.test(source.uri)) {
      issues.push({
        field: `${field}.uri`,
        problem: "names no revision, so every pod downloads whatever the repo holds when it starts",
        value: source.uri,
        fix: "pin a commit or tag: 'hf://<org>/<model>@<revision>'.",
      });
    } else if (downloaderUri(source.uri) === undefined) {
      issues.push({
        field: `${field}.uri`,
        problem: "is not a supported model URI",
        value: source.uri,
        fix: "use s3://<bucket>/<path>, gs://<bucket>/<path>, azure://<account>/<container>/<path>, https://<host>/<path> or hf://<org>/<model>@<revision>.",
      });
    }
    if (source.sha256 && !source.file)
      issues.push({
        field: `${field}.sha256`,
        problem: "checks a single file, but 'file' is not given",
        fix: "set 'file' to the model file the digest is of.",
      });
    const image = source.downloader?.image;
    const reason = image ? mutableImageReason(image) : undefined;
    if (reason) issues.push({ field: `${field}.downloader.image`, problem: reason, value: image, fix: "pin a version tag or a digest." });
  }
  return issues;
}

/** A resolved model source: what the pod mounts, runs first and sets. */
export interface ModelSourceSpec {
  readonly type: "image" | "uri" | "pvc";
  readonly mountPath: string;
  readonly env: ReadonlyArray<readonly [string, string]>;
  readonly image?: { readonly reference: string; readonly pullPolicy?: string };
  readonly claim?: { readonly claimName: string; readonly subPath?: string };
  readonly download?: {
    readonly uri: string;
    readonly sizeLimit: string;
    readonly cacheClaim?: string;
    /** Directory of this model inside the cache claim. */
    readonly cacheSubPath?: string;
    readonly credentialsSecret?: string;
    readonly sha256?: string;
    readonly file?: string;
    readonly seconds: number;
    readonly image: string;
    readonly cpu: string | number;
    readonly memory: string;
  };
}

export function resolveModelSource(source: ParsedSource): ModelSourceSpec {
  const mountPath = (source.mountPath ?? DEFAULT_MODEL_MOUNT).replace(/\/+$/, "") || "/";
  const env: Array<readonly [string, string]> = [];
  const dirVar = source.env?.dir ?? "MODEL_DIR";
  const fileVar = source.env?.file ?? DEFAULT_MODEL_FILE_ENV;
  if (dirVar) env.push([dirVar, mountPath]);
  if (fileVar && source.file) env.push([fileVar, `${mountPath}/${source.file}`]);
  if (source.type === "image") return { type: "image", mountPath, env, image: { reference: source.reference, pullPolicy: source.pullPolicy } };
  if (source.type === "pvc") return { type: "pvc", mountPath, env, claim: { claimName: source.claimName, subPath: source.subPath } };
  const uri = downloaderUri(source.uri) ?? source.uri;
  // One directory per model in a shared cache, named after the URI (and the pinned digest) so
  // another model, or a new pin of the same URI, never reuses a copy downloaded for the old one.
  const cacheKey = source.sha256 ? `${uri}\n${source.sha256}` : uri;
  const cacheSubPath = source.cacheClaim ? `models/${createHash("sha256").update(cacheKey).digest("hex").slice(0, 16)}` : undefined;
  return {
    type: "uri",
    mountPath,
    env,
    download: {
      uri,
      sizeLimit: source.sizeLimit ?? "20Gi",
      cacheClaim: source.cacheClaim,
      cacheSubPath,
      credentialsSecret: source.credentialsSecret,
      sha256: source.sha256,
      file: source.file,
      seconds: source.downloadSeconds ?? DEFAULT_DOWNLOAD_SECONDS,
      image: source.downloader?.image ?? DEFAULT_DOWNLOADER_IMAGE,
      cpu: source.downloader?.cpu ?? "100m",
      memory: source.downloader?.memory ?? "1Gi",
    },
  };
}
