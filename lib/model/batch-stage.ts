import { z } from "zod";
import { cronProblem, timeZoneProblem } from "./cron";
import { problem, type ValidationIssue } from "./errors";
import { int32 } from "./int32";
import { DNS1123_LABEL, type WorkloadLabels } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { validateProps, type ConstructRef } from "./validate";
import { checkWorkload, resolveWorkload, workloadShape, type WorkloadProps, type WorkloadSpec } from "./workload";
import { labelNameSchema, labelValueSchema } from "./rules";

/**
 * Runs the stage on a cron schedule: a CronJob instead of a Job.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export interface ScheduleProps {
  /**
   * Cron expression, e.g. `"0 3 * * *"` (03:00 every day), checked as the API server checks it:
   * five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or `jan`-`dec`, day of week
   * 0-6 or `sun`-`sat`; `*`, `?`, `a-b`, `a,b`, `/step`), or `@yearly`, `@monthly`, `@weekly`,
   * `@daily`, `@hourly`, `@every 6h`; no `TZ=` (use `timeZone`).
   */
  readonly cron: string;
  /**
   * IANA time zone of the expression, e.g. `"Europe/London"`, spelled as in the IANA database
   * (case-sensitive; `Local` is refused, as the API server does).
   * @default - the controller's time zone (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What to do when the previous run is still going. `Forbid` skips the new run, so two
   * trainings never write the same model at once.
   * @default "Forbid"
   */
  readonly concurrencyPolicy?: "Forbid" | "Replace" | "Allow";
  /** A run missed by more than this (controller down) is skipped, not started late. @default 300 */
  readonly startingDeadlineSeconds?: number;
  /** Finished runs kept for inspection (Bodywork keeps 1). @default 1 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed runs kept for inspection (Bodywork keeps 1). @default 1 */
  readonly failedJobsHistoryLimit?: number;
  /** Pause the schedule. @default false */
  readonly suspend?: boolean;
}

/**
 * A batch stage: a container that runs to completion (train a model, score a batch), as a Job,
 * or as a CronJob when scheduled. Shares every container setting with ModelService.
 */
export interface BatchStageProps extends WorkloadProps {
  /** Name of the Job (or CronJob) and its ServiceAccount. @default - the construct's id */
  readonly name?: string;
  /** @default - the chart's or provider's namespace */
  readonly namespace?: string;
  /** `app.kubernetes.io/part-of`. @default - the name */
  readonly partOf?: string;
  /**
   * Retries after a failed attempt (Bodywork's `retries`): the Job's `backoffLimit`.
   * @default 0
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
   */
  readonly retries?: number;
  /**
   * Longest the whole stage (all attempts) may run before it is stopped and failed (Bodywork's
   * `max_completion_time_seconds`): the Job's `activeDeadlineSeconds`. `false` for no bound.
   * @default 3600
   */
  readonly maxCompletionSeconds?: number | false;
  /**
   * Delete the finished Job (and its pods and logs) after this many seconds; `false` keeps it.
   * @default 86400 (one day)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
   */
  readonly ttlSecondsAfterFinished?: number | false;
  /** A cron schedule: renders a CronJob. @default - run once (a Job) */
  readonly schedule?: ScheduleProps;
  /** JSON patches on the final objects. @default - none */
  readonly patches?: readonly ObjectPatch[];
}

const seconds = (what: string) =>
  int32(
    z
      .number({ error: problem(`must be a whole number of seconds`, `give ${what} in seconds, e.g. 600.`) })
      .int({ error: problem("must be a whole number of seconds", "use an integer.") })
      .min(1, { error: problem("must be at least 1 second", "use 1 or more.") }),
  );

const retriesSchema = z
  .number({ error: problem("must be an integer >= 0", "use 0 (no retry) or more.") })
  .int({ error: problem("must be an integer >= 0", "use a whole number.") })
  .min(0, { error: problem("must be an integer >= 0", "use 0 (no retry) or more.") })
  .max(100, { error: problem("must be <= 100", "use fewer retries; a stage that fails 100 times will not pass on the 101st.") });

/** A CronJob schedule, checked as the API server does (see `cronProblem`). */
const cronSchema = z
  .string()
  .trim()
  .superRefine((cron, ctx) => {
    const why = cronProblem(cron);
    if (why)
      ctx.addIssue({
        code: "custom",
        message: problem(why, "use five fields 'minute hour day-of-month month day-of-week', e.g. '0 3 * * *', or '@daily' / '@every 6h'."),
        input: cron,
      });
  });

/** An IANA time zone the API server can load (see `timeZoneProblem`). */
const timeZoneSchema = z.string().superRefine((zone, ctx) => {
  const why = timeZoneProblem(zone);
  if (why) ctx.addIssue({ code: "custom", message: problem(why, "use an IANA name such as 'UTC', 'Europe/London' or 'America/New_York'."), input: zone });
});

export const scheduleSchema = z.strictObject({
  cron: cronSchema,
  timeZone: timeZoneSchema.optional(),
  concurrencyPolicy: z.enum(["Forbid", "Replace", "Allow"]).optional(),
  startingDeadlineSeconds: seconds("startingDeadlineSeconds").optional(),
  successfulJobsHistoryLimit: int32(z.number().int().min(0)).optional(),
  failedJobsHistoryLimit: int32(z.number().int().min(0)).optional(),
  suspend: z.boolean().optional(),
});

export const batchStageSchema = z.strictObject({
  ...workloadShape,
  name: labelNameSchema.max(52, { error: problem("must be at most 52 characters (CronJob names are limited to 52)", "shorten it.") }).optional(),
  namespace: labelNameSchema.optional(),
  partOf: labelValueSchema.optional(),
  retries: retriesSchema.optional(),
  maxCompletionSeconds: z.union([seconds("maxCompletionSeconds"), z.literal(false)]).optional(),
  ttlSecondsAfterFinished: z.union([int32(z.number().int().min(0)), z.literal(false)]).optional(),
  schedule: scheduleSchema.optional(),
  patches: z.array(objectPatchSchema).optional(),
});

type ParsedBatchStage = z.output<typeof batchStageSchema>;

/** Schedule after defaults. */
export interface ScheduleSpec {
  readonly cron: string;
  readonly timeZone?: string;
  readonly concurrencyPolicy: "Forbid" | "Replace" | "Allow";
  readonly startingDeadlineSeconds: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly suspend: boolean;
}

/** BatchStage after validation and defaults: the input of `renderBatchStage`. */
export interface BatchStageSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: WorkloadLabels;
  readonly workload: WorkloadSpec;
  readonly retries: number;
  /** Undefined when unbounded. */
  readonly activeDeadlineSeconds?: number;
  /** Undefined when finished Jobs are kept. */
  readonly ttlSecondsAfterFinished?: number;
  readonly schedule?: ScheduleSpec;
  readonly patches: readonly ObjectPatch[];
}

export const DEFAULT_MAX_COMPLETION_SECONDS = 3600;
export const DEFAULT_TTL_SECONDS_AFTER_FINISHED = 86400;
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300;

function crossCheck(props: ParsedBatchStage): ValidationIssue[] {
  return checkWorkload(props);
}

/** Resolves a schedule's defaults (shared with scheduled workflows). */
export function resolveSchedule(schedule: z.output<typeof scheduleSchema>): ScheduleSpec {
  return {
    cron: schedule.cron.trim(),
    timeZone: schedule.timeZone,
    concurrencyPolicy: schedule.concurrencyPolicy ?? "Forbid",
    startingDeadlineSeconds: schedule.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS,
    successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit ?? 1,
    failedJobsHistoryLimit: schedule.failedJobsHistoryLimit ?? 1,
    suspend: schedule.suspend ?? false,
  };
}

/**
 * Validates BatchStage props and applies defaults. Throws a `ModelshipValidationError` naming
 * every bad field; the result is what `renderBatchStage` turns into objects.
 */
export function resolveBatchStage(props: BatchStageProps, ref: ConstructRef): BatchStageSpec {
  const parsed = validateProps({ kind: "BatchStage", ...ref }, batchStageSchema, props, crossCheck);
  const name = parsed.name ?? ref.name;
  if (!DNS1123_LABEL.test(name) || name.length > 52) {
    validateProps({ kind: "BatchStage", ...ref }, z.unknown(), props, () => [
      {
        field: "name",
        problem: "is not a valid Job name (taken from the construct id)",
        value: name,
        fix: "set 'name' to at most 52 lowercase letters, digits and '-'.",
      },
    ]);
  }
  const maxCompletion = parsed.maxCompletionSeconds ?? DEFAULT_MAX_COMPLETION_SECONDS;
  const ttl = parsed.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED;
  return {
    name,
    namespace: parsed.namespace,
    labels: { name, instance: name, component: "batch-stage", partOf: parsed.partOf ?? name },
    workload: resolveWorkload(parsed, name),
    retries: parsed.retries ?? 0,
    activeDeadlineSeconds: maxCompletion === false ? undefined : maxCompletion,
    ttlSecondsAfterFinished: ttl === false ? undefined : ttl,
    schedule: parsed.schedule ? resolveSchedule(parsed.schedule) : undefined,
    patches: parsed.patches ?? [],
  };
}

// The schema and the interface cannot drift: a schema output that is not valid props fails to compile.
const _schemaMatchesProps: z.ZodType<BatchStageProps> = batchStageSchema;
void _schemaMatchesProps;
