/**
 * CronJob `schedule` and `timeZone` as the Kubernetes API server checks them
 * (kubernetes pkg/apis/batch/validation/validation.go: `validateScheduleFormat`, `validateTimeZone`),
 * so a schedule we accept is one the cluster accepts. Argo's CronWorkflow parses schedules with the
 * same library.
 */

/** Bounds and names of one cron field (robfig/cron v3 spec.go: `minutes`, `hours`, `dom`, `months`, `dow`). */
interface Bounds {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly Bounds[] = [
  { what: "minute", min: 0, max: 59 },
  { what: "hour", min: 0, max: 23 },
  { what: "day of month", min: 1, max: 31 },
  { what: "month", min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((name, i) => [name, i + 1])) },
  { what: "day of week", min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((name, i) => [name, i])) },
];

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Go's `strconv.Atoi` (optional sign, decimal digits), then robfig's "negative number not allowed". */
function parseInt(text: string, what: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return `'${text}' is not a number (${what})`;
  const value = Number(text);
  if (value < 0) return `negative number ${text} is not allowed (${what})`;
  return value;
}

function parseIntOrName(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseInt(text, bounds.what);
}

/** One comma-separated range: `*`, `?`, `n`, `a-b`, each with an optional `/step` (robfig `getRange`). */
function rangeProblem(expr: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = bounds.min;
    end = bounds.max;
  } else {
    const low = parseIntOrName(lowAndHigh[0], bounds);
    if (typeof low === "string") return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1], bounds);
      if (typeof high === "string") return high;
      end = high;
    } else return `too many hyphens in '${expr}'`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseInt(rangeAndStep[1], `step of ${bounds.what}`);
    if (typeof parsed === "string") return parsed;
    step = parsed;
    if (lowAndHigh.length === 1) end = bounds.max; // "n/step" means "n-max/step"
  } else if (rangeAndStep.length > 2) return `too many slashes in '${expr}'`;
  if (start < bounds.min) return `${bounds.what} ${start} is below ${bounds.min} in '${expr}'`;
  if (end > bounds.max) return `${bounds.what} ${end} is above ${bounds.max} in '${expr}'`;
  if (start > end) return `range start ${start} is beyond its end ${end} in '${expr}'`;
  if (step === 0) return `step must be a positive number in '${expr}'`;
  return undefined;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration` (`[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, at most 2^63-1 ns), which `@every` uses. */
export function goDurationProblem(text: string): string | undefined {
  let rest = text.replace(/^[-+]/, "");
  if (rest === "0") return undefined;
  if (rest === "") return `'${text}' is not a duration`;
  let total = 0;
  while (rest !== "") {
    const match = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/.exec(rest)!;
    const [all, whole, fraction, unit] = match;
    if (whole === "" && (fraction === undefined || fraction === "")) return `'${text}' is not a duration`;
    if (unit === "") return `'${text}' has a number without a unit (ns, us, ms, s, m, h)`;
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) return `'${text}' has an unknown unit '${unit}' (use ns, us, ms, s, m, h)`;
    total += Number(`${whole || "0"}.${fraction ?? ""}0`) * scale;
    rest = rest.slice(all.length);
  }
  // Go keeps a duration in an int64 of nanoseconds (at most 2^63 - 1; as a double, 2^63).
  return total > 2 ** 63 ? `'${text}' is longer than Go's maximum duration (about 292 years)` : undefined;
}

/**
 * Why the API server would refuse `schedule` as a CronJob schedule, or undefined when it accepts it:
 * robfig/cron v3 `ParseStandard` (five fields `minute hour day-of-month month day-of-week`, names
 * `jan`-`dec` and `sun`-`sat`, `*`, `?`, ranges, lists and steps; or `@yearly`, `@annually`,
 * `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every <Go duration>`), and no `TZ`
 * (the API server refuses `TZ=`/`CRON_TZ=` in new schedules: use `timeZone`).
 */
export function cronProblem(schedule: string): string | undefined {
  if (schedule === "") return "is empty";
  if (schedule.includes("TZ")) return "must not hold TZ or CRON_TZ (the API server refuses them)";
  if (schedule.startsWith("@")) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith("@every ")) {
      const problem = goDurationProblem(schedule.slice("@every ".length));
      return problem ? `is not a valid @every schedule: ${problem}` : undefined;
    }
    return `is not a known macro (${[...DESCRIPTORS].join(", ")}, @every <duration>)`;
  }
  const fields = schedule.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `must have exactly 5 fields, found ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    // Go's strings.FieldsFunc: empty list items are skipped.
    for (const expr of fields[i].split(",").filter(Boolean)) {
      const problem = rangeProblem(expr, FIELDS[i]);
      if (problem) return `is not a valid schedule: ${problem}`;
    }
  }
  return undefined;
}

/** One segment of a time zone name as the API server allows it (`validTimeZoneCharacters`). */
const ZONE_PART = /^[A-Za-z._+\-0-9]{1,14}$/;

let canonicalZones: Set<string> | undefined;

/**
 * Why the API server would refuse `timeZone`, or undefined when it accepts it. The server checks
 * each `/`-separated part against `^[A-Za-z._+-0-9]{1,14}$` (no `.`, `..` or leading `-`), refuses
 * `Local`, and loads the zone from the IANA database (Go `time.LoadLocation`). We ask the same
 * database through ICU (`Intl`): a name Node's ICU does not know is refused. ICU matches names
 * without case while the server's file lookup is case-sensitive, so a canonical name must be
 * spelled as in `Intl.supportedValuesOf("timeZone")`, and every part of an alias (`US/Eastern`)
 * must start with a capital letter or digit, as every IANA name does.
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === "") return "must not be empty";
  if (zone.toLowerCase() === "local") return "must be an explicit IANA time zone, not Local";
  if (zone.split("/").some((part) => part === "." || part === ".." || part.startsWith("-") || !ZONE_PART.test(part))) {
    return "is not an IANA time zone name";
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return "is not a time zone in the IANA database";
  }
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (resolved === zone || canonicalZones.has(zone)) return undefined;
  if (resolved.toLowerCase() === zone.toLowerCase() || zone.split("/").some((part) => !/^[A-Z0-9]/.test(part))) {
    return `is not spelled as in the IANA database (zone names are case-sensitive${resolved.toLowerCase() === zone.toLowerCase() ? `: '${resolved}'` : ""})`;
  }
  return undefined;
}
