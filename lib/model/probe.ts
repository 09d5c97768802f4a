import { z } from "zod";
import { problem } from "./errors";
import { IANA_SVC_NAME } from "./names";
import { int32 } from "./int32";

/** Port a probe targets: a port name or number; the workload's primary port when omitted. */
export type ProbePort = string | number;

/** Timing shared by all probe kinds. @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/ */
export interface ProbeTiming {
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 (Kubernetes' default) */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
}

export interface HttpProbe extends ProbeTiming {
  readonly type: "http";
  /** Path of the health endpoint, e.g. `/healthz`. */
  readonly path: string;
  /** @default - the primary port */
  readonly port?: ProbePort;
  /** @default "HTTP" */
  readonly scheme?: "HTTP" | "HTTPS";
}
export interface TcpProbe extends ProbeTiming {
  readonly type: "tcp";
  /** @default - the primary port */
  readonly port?: ProbePort;
}
export interface ExecProbe extends ProbeTiming {
  readonly type: "exec";
  /** Command run in the container; exit 0 means healthy. */
  readonly command: readonly string[];
}
export interface GrpcProbe extends ProbeTiming {
  readonly type: "grpc";
  /** gRPC probes take a port number only. @default - the primary port's number */
  readonly port?: number;
  /** Service name for the gRPC health protocol. @default - the server's overall health */
  readonly service?: string;
}

/** How to check a container. Build with {@link Probe}'s static factories. */
export type ProbeProps = HttpProbe | TcpProbe | ExecProbe | GrpcProbe;

/** Dockerfile `HEALTHCHECK` settings (ML Lab asks images to declare one). */
export interface DockerHealthcheck {
  /** `CMD ...` (shell form) or the exec-form array, e.g. `["CMD", "curl", "-f", "http://localhost:8080/health"]`. */
  readonly test: string | readonly string[];
  /** HEALTHCHECK --interval. @default 30 */
  readonly intervalSeconds?: number;
  /** HEALTHCHECK --timeout. @default 30 */
  readonly timeoutSeconds?: number;
  /** HEALTHCHECK --retries. @default 3 */
  readonly retries?: number;
}

/** Static factories for probes. */
export const Probe = {
  /** HTTP GET on `path`; healthy on 2xx/3xx. */
  http(path: string, options: Omit<HttpProbe, "type" | "path"> = {}): HttpProbe {
    return { type: "http", path, ...options };
  },
  /** A TCP connect to the port. */
  tcp(options: Omit<TcpProbe, "type"> = {}): TcpProbe {
    return { type: "tcp", ...options };
  },
  /** A command in the container. */
  exec(command: readonly string[], options: Omit<ExecProbe, "type" | "command"> = {}): ExecProbe {
    return { type: "exec", command, ...options };
  },
  /** gRPC health checking protocol. */
  grpc(options: Omit<GrpcProbe, "type"> = {}): GrpcProbe {
    return { type: "grpc", ...options };
  },
  /**
   * The probe equivalent of a Dockerfile `HEALTHCHECK`: `CMD` exec form runs as is, shell form
   * runs under `/bin/sh -c`; interval, timeout and retries keep their meaning.
   */
  fromDockerHealthcheck(healthcheck: DockerHealthcheck): ExecProbe {
    const timing: ProbeTiming = {
      periodSeconds: healthcheck.intervalSeconds ?? 30,
      timeoutSeconds: healthcheck.timeoutSeconds ?? 30,
      failureThreshold: healthcheck.retries ?? 3,
    };
    const test = healthcheck.test;
    if (typeof test === "string") {
      const shell = test.replace(/^\s*CMD(-SHELL)?\s+/, "");
      return { type: "exec", command: ["/bin/sh", "-c", shell], ...timing };
    }
    const [first, ...rest] = test;
    if (first === "CMD") return { type: "exec", command: rest, ...timing };
    if (first === "CMD-SHELL") return { type: "exec", command: ["/bin/sh", "-c", rest.join(" ")], ...timing };
    return { type: "exec", command: test, ...timing };
  },
};

const seconds = (what: string, min: number) =>
  int32(
    z
      .number()
      .int({ error: problem(`must be a whole number of ${what}`, "drop the fraction.") })
      .min(min),
  );

const timingShape = {
  periodSeconds: seconds("seconds", 1).optional(),
  timeoutSeconds: seconds("seconds", 1).optional(),
  failureThreshold: int32(z.number().int().min(1)).optional(),
  initialDelaySeconds: seconds("seconds", 0).optional(),
};

export const probePortSchema = z.union([
  z.number().int().min(1).max(65535),
  z.string().regex(IANA_SVC_NAME, { error: problem("is not a port name", "use the name of one of the workload's ports, e.g. 'http'.") }),
]);

export const probeSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("http"),
    path: z.string().startsWith("/", { error: problem("must start with '/'", "write the path like '/healthz'.") }),
    port: probePortSchema.optional(),
    scheme: z.enum(["HTTP", "HTTPS"]).optional(),
    ...timingShape,
  }),
  z.strictObject({ type: z.literal("tcp"), port: probePortSchema.optional(), ...timingShape }),
  z.strictObject({ type: z.literal("exec"), command: z.array(z.string()).min(1), ...timingShape }),
  z.strictObject({ type: z.literal("grpc"), port: z.number().int().min(1).max(65535).optional(), service: z.string().optional(), ...timingShape }),
]);
