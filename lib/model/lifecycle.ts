import { z } from "zod";
import { intOrPercentSchema } from "./rules";
import { int32 } from "./int32";

/**
 * Graceful shutdown. When a pod is deleted, the kubelet runs the preStop hook and sends SIGTERM
 * while the endpoint controllers, kube-proxy and gateways are still removing the pod from their
 * backends; for a few seconds requests keep arriving. A preStop `sleep` (the kubelet's built-in
 * sleep action: no shell or binary needed in the image) keeps the server serving through that
 * window, then SIGTERM lets it finish in-flight requests. The grace period covers both.
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
export interface ShutdownProps {
  /** Seconds the preStop hook sleeps before SIGTERM; `false` for no hook. @default 10 */
  readonly preStopSleepSeconds?: number | false;
  /**
   * `terminationGracePeriodSeconds`: preStop plus the time the server may take to drain after SIGTERM.
   * @default - preStopSleepSeconds + 30 (Kubernetes' own 30 s drain); the runtime's when a preset sets one
   */
  readonly terminationGracePeriodSeconds?: number;
}

/**
 * Rolling update. By default a service adds a pod before removing one (`maxSurge: 25%`,
 * `maxUnavailable: 0`), so capacity never drops. With GPUs that surge pod needs a free GPU: on a
 * full GPU pool it stays Pending and the rollout never finishes. A service that requests GPUs
 * therefore replaces one pod at a time instead (`maxSurge: 0`, `maxUnavailable: 1`), accepting one
 * pod less capacity during a rollout. A ReadWriteOnce data volume uses `Recreate` (only one node
 * can attach it). Give both fields to choose yourself.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export interface RolloutProps {
  /** @default "25%", or 0 when GPUs are requested */
  readonly maxSurge?: number | string;
  /** @default 0, or 1 when GPUs are requested */
  readonly maxUnavailable?: number | string;
}

const intOrPercent = intOrPercentSchema;

export const shutdownSchema = z.strictObject({
  preStopSleepSeconds: z.union([z.number().int().min(1).max(3600), z.literal(false)]).optional(),
  terminationGracePeriodSeconds: int32(z.number().int().min(0)).optional(),
});

export const rolloutSchema = z.strictObject({ maxSurge: intOrPercent.optional(), maxUnavailable: intOrPercent.optional() });

export const DEFAULT_PRESTOP_SECONDS = 10;
export const DEFAULT_DRAIN_SECONDS = 30;

/** Resolved shutdown settings. */
export interface ShutdownSpec {
  readonly preStopSleepSeconds?: number;
  readonly terminationGracePeriodSeconds: number;
}

/** Resolved rollout: a strategy object for the Deployment. */
export type RolloutSpec =
  { readonly type: "Recreate" } | { readonly type: "RollingUpdate"; readonly maxSurge: number | string; readonly maxUnavailable: number | string };

export function resolveShutdown(props: z.output<typeof shutdownSchema> = {}, drainSeconds = DEFAULT_DRAIN_SECONDS): ShutdownSpec {
  const preStop = props.preStopSleepSeconds === false ? undefined : (props.preStopSleepSeconds ?? DEFAULT_PRESTOP_SECONDS);
  return { preStopSleepSeconds: preStop, terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? (preStop ?? 0) + drainSeconds };
}

/** The rollout rule above. `singleAttach`: a ReadWriteOnce (or ReadWriteOncePod) volume is mounted, read-only or not. */
export function resolveRollout(props: z.output<typeof rolloutSchema> | undefined, options: { gpu: boolean; singleAttach: boolean }): RolloutSpec {
  if (options.singleAttach && props === undefined) return { type: "Recreate" };
  const surge = options.gpu ? 0 : "25%";
  const unavailable = options.gpu ? 1 : 0;
  return { type: "RollingUpdate", maxSurge: props?.maxSurge ?? surge, maxUnavailable: props?.maxUnavailable ?? unavailable };
}
