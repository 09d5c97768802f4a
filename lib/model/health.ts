import { z } from "zod";
import type { ValidationIssue } from "./errors";
import { probeSchema, type ProbeProps } from "./probe";

/**
 * Health checking. A readiness probe is always rendered (Bodywork renders none, so traffic reaches
 * pods that are not serving); the startup probe's budget covers `maxStartupSeconds`.
 *
 * Readiness and liveness differ by default: readiness answers "send me traffic?" and may fail
 * quickly (2 s timeout, 3 failures); liveness answers "restart me?" and must not fail on a server
 * that is merely busy (a model server whose event loop is saturated answers slowly), so it gets a
 * 10 s timeout, a 20 s period and 6 failures: two minutes of no answer before a restart.
 * Timing given on a probe always wins.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export interface HealthProps {
  /** The check used by the startup, readiness and liveness probes unless each is given. @default Probe.tcp() on the primary port */
  readonly probe?: ProbeProps;
  /** Readiness probe (required: it cannot be switched off). @default - `probe`, timeout 2 s */
  readonly readiness?: ProbeProps;
  /** Liveness probe; `false` for none. @default - `probe`, period 20 s, timeout 10 s, failureThreshold 6 */
  readonly liveness?: ProbeProps | false;
  /** Startup probe check; `false` for none (then `maxStartupSeconds` goes into the readiness delay). @default - `probe` */
  readonly startup?: ProbeProps | false;
  /**
   * How long the server may take to start (load a model, warm up). The startup probe runs every
   * `startup.periodSeconds` (10) with failureThreshold ceil(maxStartupSeconds / period), as Bodywork's
   * `MAX_STARTUP_TIME_SECONDS`. Probes start when the container starts, after init containers
   * (a model download) have finished: the download has its own budget (`model.downloadSeconds`).
   * @default 60
   */
  readonly maxStartupSeconds?: number;
  /**
   * Give liveness the lenient timing above (and readiness its 2 s timeout) where a probe sets none.
   * `false` renders the probes with Kubernetes' timing (1 s timeout, 3 failures) for both.
   * @default true
   */
  readonly distinctLiveness?: boolean;
}

export const healthSchema = z.strictObject({
  probe: probeSchema.optional(),
  readiness: probeSchema.optional(),
  liveness: z.union([probeSchema, z.literal(false)]).optional(),
  startup: z.union([probeSchema, z.literal(false)]).optional(),
  maxStartupSeconds: z.number().int().min(1).max(86400).optional(),
  distinctLiveness: z.boolean().optional(),
});

/** Resolved probes. */
export interface HealthSpec {
  readonly startup?: ProbeProps;
  readonly readiness: ProbeProps;
  readonly liveness?: ProbeProps;
  readonly maxStartupSeconds: number;
}

export const DEFAULT_MAX_STARTUP_SECONDS = 60;
export const STARTUP_PERIOD_SECONDS = 10;
/** Readiness timing where the probe sets none. */
export const READINESS_TIMING = { timeoutSeconds: 2, failureThreshold: 3 } as const;
/** Liveness timing where the probe sets none: a busy server is not restarted. */
export const LIVENESS_TIMING = { periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 } as const;

/** A port a probe may target. */
export interface ProbeTarget {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

function probeIssues(field: string, probe: ProbeProps | false | undefined, ports: readonly ProbeTarget[], primary: ProbeTarget): ValidationIssue[] {
  if (!probe || probe.type === "exec") return [];
  const port = probe.port ?? primary.name;
  const target = typeof port === "number" ? ports.find((p) => p.port === port) : ports.find((p) => p.name === port);
  if (target) {
    if (target.protocol === "TCP") return [];
    return [
      {
        field: `${field}.port`,
        problem: `targets '${target.name}', a ${target.protocol} port, but ${probe.type} probes connect over TCP`,
        value: port,
        fix: "probe a TCP port, or use an exec probe (Probe.exec([...])).",
      },
    ];
  }
  return [
    {
      field: `${field}.port`,
      problem: "is not one of the service's ports",
      value: port,
      fix: `use one of ${ports.map((p) => `'${p.name}' (${p.port})`).join(", ")}, or add the port to 'ports'.`,
    },
  ];
}

/** Cross-field checks of `health`: probe ports and the startup budget. */
export function healthIssues(health: z.output<typeof healthSchema> = {}, ports: readonly ProbeTarget[], primary: ProbeTarget): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // The default check is TCP on the primary port; it is only used where no specific probe is given.
  const baseUsed = health.probe !== undefined || health.readiness === undefined || health.liveness === undefined || health.startup === undefined;
  if (baseUsed) issues.push(...probeIssues("health.probe", health.probe ?? { type: "tcp" }, ports, primary));
  issues.push(...probeIssues("health.readiness", health.readiness, ports, primary));
  issues.push(...probeIssues("health.liveness", health.liveness, ports, primary));
  issues.push(...probeIssues("health.startup", health.startup, ports, primary));
  const startup = health.startup === false ? undefined : (health.startup ?? health.probe);
  const maxStartup = health.maxStartupSeconds ?? DEFAULT_MAX_STARTUP_SECONDS;
  if (startup?.failureThreshold !== undefined) {
    const budget = startup.failureThreshold * (startup.periodSeconds ?? STARTUP_PERIOD_SECONDS);
    if (budget < maxStartup) {
      issues.push({
        field: "health.startup.failureThreshold",
        problem: `gives a startup budget of ${budget}s, less than maxStartupSeconds (${maxStartup}s)`,
        value: startup.failureThreshold,
        fix: "leave failureThreshold unset so it is derived from maxStartupSeconds, or raise it.",
      });
    }
  }
  return issues;
}

function resolveProbe(probe: ProbeProps, primary: ProbeTarget): ProbeProps {
  if (probe.type === "exec") return probe;
  if (probe.type === "grpc") return { ...probe, port: probe.port ?? primary.port };
  return { ...probe, port: probe.port ?? primary.name };
}

/** Timing defaults under the probe's own settings. */
function withTiming(probe: ProbeProps, timing: Partial<Record<"periodSeconds" | "timeoutSeconds" | "failureThreshold", number>>): ProbeProps {
  return {
    ...probe,
    periodSeconds: probe.periodSeconds ?? timing.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds ?? timing.timeoutSeconds,
    failureThreshold: probe.failureThreshold ?? timing.failureThreshold,
  } as ProbeProps;
}

/** Applies the probe defaults (see {@link HealthProps}). */
export function resolveHealth(health: z.output<typeof healthSchema> = {}, primary: ProbeTarget): HealthSpec {
  const base = resolveProbe(health.probe ?? { type: "tcp" }, primary);
  const distinct = health.distinctLiveness ?? true;
  const maxStartupSeconds = health.maxStartupSeconds ?? DEFAULT_MAX_STARTUP_SECONDS;
  const startupCheck = health.startup === false ? undefined : resolveProbe(health.startup ?? base, primary);
  const startupPeriod = startupCheck?.periodSeconds ?? STARTUP_PERIOD_SECONDS;
  const startup = startupCheck
    ? { ...startupCheck, periodSeconds: startupPeriod, failureThreshold: startupCheck.failureThreshold ?? Math.ceil(maxStartupSeconds / startupPeriod) }
    : undefined;
  const readinessProbe = resolveProbe(health.readiness ?? base, primary);
  const readinessCheck = distinct ? withTiming(readinessProbe, READINESS_TIMING) : readinessProbe;
  const readiness = startup ? readinessCheck : { ...readinessCheck, initialDelaySeconds: readinessCheck.initialDelaySeconds ?? maxStartupSeconds };
  const livenessProbe = health.liveness === false ? undefined : resolveProbe(health.liveness ?? base, primary);
  const liveness = livenessProbe && distinct ? withTiming(livenessProbe, LIVENESS_TIMING) : livenessProbe;
  return {
    startup,
    readiness,
    liveness: liveness && !startup ? { ...liveness, initialDelaySeconds: liveness.initialDelaySeconds ?? maxStartupSeconds } : liveness,
    maxStartupSeconds,
  };
}
