import { z } from "zod";
import type { ValidationIssue } from "./errors";
import type { ProbeProps } from "./probe";

/** The serving runtimes modelship knows. */
export type RuntimePreset = "vllm" | "triton" | "mlserver" | "torchserve" | "bentoml" | "flask" | "fastapi";

/**
 * A serving runtime preset: image, command, ports, probes, metrics, shared memory and shutdown of
 * a known model server, as defaults under the ModelService's own props. Every prop the preset
 * sets can be overridden by giving it on the ModelService (`image`, `args`, `ports`,
 * `health.readiness`, `security.runAsUser`, ...); objects (`health`, `security`, `shutdown`,
 * `metrics`, `env`) are merged key by key, so overriding one probe keeps the others.
 */
export interface RuntimeProps {
  readonly preset: RuntimePreset;
  /** vLLM's `--served-model-name` (the `model` field clients send). @default - the service name */
  readonly servedModelName?: string;
  /** flask / fastapi: an HTTP health path; without it the probes are TCP connects (the seeds' apps have none). @default - none */
  readonly healthPath?: string;
}

/** The options of a {@link Runtime} factory: a runtime's props less the preset itself. */
export type RuntimeOptions = Omit<RuntimeProps, "preset">;

/** Static factories for runtime presets. */
export const Runtime = {
  /** vLLM's OpenAI-compatible server (`vllm serve`), port 8000, `/health`, metrics on `/metrics`. */
  vllm(options: Pick<RuntimeOptions, "servedModelName"> = {}): RuntimeProps {
    return { preset: "vllm", ...options };
  },
  /** NVIDIA Triton: HTTP 8000, gRPC 8001, metrics 8002; `/v2/health/ready` and `/v2/health/live`. */
  triton(): RuntimeProps {
    return { preset: "triton" };
  },
  /** Seldon MLServer: HTTP 8080, gRPC 8081, metrics 8082; V2 health endpoints. */
  mlserver(): RuntimeProps {
    return { preset: "mlserver" };
  },
  /** TorchServe: inference 8080 (`/ping`), metrics 8082; the management API is not exposed. */
  torchserve(): RuntimeProps {
    return { preset: "torchserve" };
  },
  /** A BentoML service image (`bentoml containerize`): port 3000, `/readyz`, `/livez`, `/metrics`. Give `image`. */
  bentoml(): RuntimeProps {
    return { preset: "bentoml" };
  },
  /** A Flask app like the seeds' (`app.run(host='0.0.0.0', port=5000)`). Give `image`. */
  flask(options: Pick<RuntimeOptions, "healthPath"> = {}): RuntimeProps {
    return { preset: "flask", ...options };
  },
  /** A FastAPI app under uvicorn (port 8000). Give `image`. */
  fastapi(options: Pick<RuntimeOptions, "healthPath"> = {}): RuntimeProps {
    return { preset: "fastapi", ...options };
  },
};

export const runtimeSchema = z.strictObject({
  preset: z.enum(["vllm", "triton", "mlserver", "torchserve", "bentoml", "flask", "fastapi"]),
  servedModelName: z.string().min(1).optional(),
  healthPath: z.string().startsWith("/").optional(),
});

/** Pinned default images (exact release tags). */
export const RUNTIME_IMAGES: Readonly<Partial<Record<RuntimePreset, string>>> = {
  vllm: "vllm/vllm-openai:v0.11.0",
  triton: "nvcr.io/nvidia/tritonserver:25.01-py3",
  mlserver: "docker.io/seldonio/mlserver:1.7.1",
  torchserve: "pytorch/torchserve:0.12.0-cpu",
};

/** The props a preset sets (a subset of ModelServiceProps). */
export interface RuntimeDefaults {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports: ReadonlyArray<{ readonly name: string; readonly port: number; readonly appProtocol?: string }>;
  readonly health: { readonly probe?: ProbeProps; readonly readiness?: ProbeProps; readonly startup?: ProbeProps; readonly maxStartupSeconds?: number };
  readonly metrics?: { readonly port: string; readonly path: string };
  readonly shm?: boolean;
  readonly home?: boolean;
  readonly security?: { readonly runAsUser?: number; readonly runAsGroup?: number };
  readonly shutdown?: { readonly terminationGracePeriodSeconds?: number };
  readonly env?: Readonly<Record<string, string>>;
  /** The preset's command reads the model directory. */
  readonly needsModel: boolean;
}

const http = (path: string, port?: string): ProbeProps => ({ type: "http", path, ...(port ? { port } : {}) });

/**
 * Preset defaults. Sources: vLLM `docker/Dockerfile` (vllm serve, port 8000, /health, /metrics);
 * Triton's server docs (8000/8001/8002, /v2/health/{ready,live}, runs as UID 1000 `triton-server`);
 * MLServer's settings (http 8080, grpc 8081, metrics 8082 `/metrics`); TorchServe's docker
 * config.properties (inference 8080 `/ping`, management 8081, metrics 8082); BentoML's server
 * (3000, /readyz, /livez, /metrics, container user UID 1034); KServe's ServingRuntimes
 * (config/runtimes/*.yaml, v0.20.0) for the non-root UIDs and the model-directory flags.
 */
export function runtimeDefaults(runtime: z.output<typeof runtimeSchema>, context: { name: string; modelDir: string }): RuntimeDefaults {
  const dir = context.modelDir;
  switch (runtime.preset) {
    case "vllm":
      return {
        image: RUNTIME_IMAGES.vllm,
        command: ["vllm", "serve"],
        args: [dir, "--port=8000", `--served-model-name=${runtime.servedModelName ?? context.name}`],
        ports: [{ name: "http", port: 8000, appProtocol: "http" }],
        health: { probe: http("/health"), maxStartupSeconds: 1200 },
        metrics: { port: "http", path: "/metrics" },
        shm: true,
        home: true,
        // The image declares no user; torch asks getpass for a user name, which needs USER without a passwd entry.
        security: { runAsUser: 1000, runAsGroup: 1000 },
        env: { USER: "vllm" },
        // Streamed completions can run for minutes: let in-flight requests finish.
        shutdown: { terminationGracePeriodSeconds: 130 },
        needsModel: true,
      };
    case "triton":
      return {
        image: RUNTIME_IMAGES.triton,
        command: ["tritonserver"],
        args: [`--model-repository=${dir}`, "--http-port=8000", "--grpc-port=8001", "--metrics-port=8002"],
        ports: [
          { name: "http", port: 8000, appProtocol: "http" },
          { name: "grpc", port: 8001, appProtocol: "kubernetes.io/h2c" },
          { name: "metrics", port: 8002, appProtocol: "http" },
        ],
        health: { probe: http("/v2/health/live"), readiness: http("/v2/health/ready"), startup: http("/v2/health/ready"), maxStartupSeconds: 600 },
        metrics: { port: "metrics", path: "/metrics" },
        shm: true,
        home: true,
        security: { runAsUser: 1000, runAsGroup: 1000 },
        needsModel: true,
      };
    case "mlserver":
      return {
        image: RUNTIME_IMAGES.mlserver,
        command: ["mlserver", "start", dir],
        ports: [
          { name: "http", port: 8080, appProtocol: "http" },
          { name: "grpc", port: 8081, appProtocol: "kubernetes.io/h2c" },
          { name: "metrics", port: 8082, appProtocol: "http" },
        ],
        health: { probe: http("/v2/health/live"), readiness: http("/v2/health/ready"), startup: http("/v2/health/ready"), maxStartupSeconds: 300 },
        metrics: { port: "metrics", path: "/metrics" },
        home: true,
        needsModel: true,
      };
    case "torchserve":
      return {
        image: RUNTIME_IMAGES.torchserve,
        // Token authorization (on by TorchServe's default) writes random per-pod keys into the pod,
        // which no client could read: authenticate at the Gateway instead. Registering models
        // through the management API stays off (TorchServe's model API control default).
        command: [
          "torchserve",
          "--start",
          "--foreground",
          "--ncs",
          "--disable-token-auth",
          `--model-store=${dir}`,
          "--models=all",
          "--ts-config=/home/model-server/config.properties",
        ],
        // Logs, metrics and TEMP (the image sets /home/model-server/tmp) would be on the read-only root.
        env: { LOG_LOCATION: "/tmp/logs", METRICS_LOCATION: "/tmp/logs", TEMP: "/tmp" },
        ports: [
          { name: "http", port: 8080, appProtocol: "http" },
          { name: "metrics", port: 8082, appProtocol: "http" },
        ],
        health: { probe: http("/ping", "http"), maxStartupSeconds: 300 },
        metrics: { port: "metrics", path: "/metrics" },
        home: true,
        security: { runAsUser: 1000, runAsGroup: 1000 },
        needsModel: true,
      };
    case "bentoml":
      return {
        ports: [{ name: "http", port: 3000, appProtocol: "http" }],
        health: { probe: http("/livez"), readiness: http("/readyz"), startup: http("/readyz"), maxStartupSeconds: 300 },
        metrics: { port: "http", path: "/metrics" },
        home: true,
        // `bentoml containerize` images run as the named user `bentoml`; runAsNonRoot needs the number.
        security: { runAsUser: 1034 },
        needsModel: false,
      };
    case "flask":
    case "fastapi": {
      const probe: ProbeProps = runtime.healthPath ? http(runtime.healthPath) : { type: "tcp" };
      return { ports: [{ name: "http", port: runtime.preset === "flask" ? 5000 : 8000, appProtocol: "http" }], health: { probe }, needsModel: false };
    }
  }
}

/** Objects merged key by key under the user's own. */
const MERGED = ["health", "security", "shutdown", "metrics", "env"] as const;

/**
 * The props with the preset's defaults under them. `modelDir` is where the model is mounted.
 * Returns the props unchanged without a runtime.
 */
export function applyRuntime<T extends { readonly runtime?: z.output<typeof runtimeSchema>; readonly name?: string }>(
  props: T,
  context: { name: string; modelDir: string },
): T {
  if (!props.runtime) return props;
  const defaults = runtimeDefaults(props.runtime, context) as unknown as Record<string, unknown>;
  const given = props as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...given };
  for (const [key, value] of Object.entries(defaults)) {
    if (key === "needsModel" || value === undefined) continue;
    // `port` (a single port) replaces the preset's ports as `ports` does.
    if (key === "ports" && (given.port !== undefined || given.ports !== undefined)) continue;
    // Own command without args: the preset's args belong to the preset's command.
    if (key === "args" && given.command !== undefined) continue;
    if ((MERGED as readonly string[]).includes(key) && typeof given[key] === "object" && given[key] !== null) {
      out[key] = { ...(value as object), ...(given[key] as object) };
    } else if (given[key] === undefined) {
      out[key] = value;
    }
  }
  return out as unknown as T;
}

export function runtimeIssues(props: {
  readonly runtime?: z.output<typeof runtimeSchema>;
  readonly model?: unknown;
  readonly command?: unknown;
  readonly args?: unknown;
}): ValidationIssue[] {
  if (!props.runtime) return [];
  const defaults = runtimeDefaults(props.runtime, { name: "", modelDir: "" });
  if (defaults.needsModel && props.model === undefined && props.command === undefined && props.args === undefined) {
    return [
      {
        field: "model",
        problem: `is required by the ${props.runtime.preset} runtime, whose command loads the model from its directory`,
        fix: "set 'model' (ModelSource.image(...), .uri(...) or .pvc(...)), or give your own 'args'.",
      },
    ];
  }
  return [];
}
