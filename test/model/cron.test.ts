import { describe, expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib";
import { resolveBatchStage } from "../../lib/render";
import { cronProblem, goDurationProblem, timeZoneProblem } from "../../lib/model/cron";

// Expectations follow robfig/cron v3 ParseStandard (parser.go) and kubernetes
// pkg/apis/batch/validation/validation.go (validateScheduleFormat, validateTimeZone).
describe("cron schedules, as the API server parses them", () => {
  it.each([
    "0 3 * * *",
    "*/15 * * * *",
    "0 0 1 1 *",
    "0 9-17 * * mon-fri",
    "0 0 * JAN,jul sun",
    "5/10 * ? * *",
    "0,30 * * * *",
    "59 23 31 12 6",
    "0 0 1,,15 * *",
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
    "@every 1h30m",
    "@every 90s",
    "@every 1.5h",
    "@every 0",
    "0   3 * *   *",
  ])("accepts %j", (cron) => expect(cronProblem(cron)).toBeUndefined());

  it.each([
    ["61 * * * *", /minute 61 is above 59/],
    ["a b c d e", /'a' is not a number/],
    ["* 24 * * *", /hour 24 is above 23/],
    ["0 0 0 * *", /day of month 0 is below 1/],
    ["* * * 13 *", /month 13 is above 12/],
    ["* * * * 7", /day of week 7 is above 6/],
    ["5-1 * * * *", /beyond its end/],
    ["*/0 * * * *", /step must be a positive/],
    ["1-2-3 * * * *", /too many hyphens/],
    ["1/2/3 * * * *", /too many slashes/],
    ["0 3 * *", /exactly 5 fields, found 4/],
    ["0 0 3 * * *", /exactly 5 fields, found 6/],
    ["@fortnightly", /not a known macro/],
    ["@every 5", /without a unit/],
    ["@every 5d", /unknown unit 'd'/],
    ["@every ", /not a duration/],
    ["TZ=Europe/London 0 3 * * *", /TZ/],
    ["CRON_TZ=UTC 0 3 * * *", /TZ/],
    ["", /empty/],
  ])("refuses %j", (cron, why) => expect(cronProblem(cron)).toMatch(why));

  it("reads Go durations", () => {
    expect(goDurationProblem("300ms")).toBeUndefined();
    expect(goDurationProblem("-1.5h")).toBeUndefined();
    expect(goDurationProblem("2h45m0.5s")).toBeUndefined();
    expect(goDurationProblem(".s")).toMatch(/not a duration/);
    expect(goDurationProblem("3000000h")).toMatch(/maximum/);
  });
});

describe("time zones, as the API server loads them", () => {
  it.each(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Calcutta", "US/Eastern", "Etc/GMT+2", "America/Argentina/Buenos_Aires"])(
    "accepts %j",
    (zone) => expect(timeZoneProblem(zone)).toBeUndefined(),
  );

  it.each([
    ["Mars/Olympus", /IANA database/],
    ["Local", /Local/],
    ["local", /Local/],
    ["europe/london", /case-sensitive: 'Europe\/London'/],
    ["us/eastern", /case-sensitive/],
    ["UTC+1", /IANA/],
    ["+05:00", /IANA time zone name/],
    ["../etc", /IANA time zone name/],
    ["Europe London", /IANA time zone name/],
    ["", /empty/],
  ])("refuses %j", (zone, why) => expect(timeZoneProblem(zone)).toMatch(why));
});

describe("BatchStage schedule validation", () => {
  const image = "registry.example.com/ml/train:1.0.0";
  const error = (schedule: object): ModelshipValidationError => {
    try {
      resolveBatchStage({ image, schedule } as never, { name: "nightly" });
    } catch (caught) {
      if (caught instanceof ModelshipValidationError) return caught;
      throw caught;
    }
    throw new Error("expected a validation error");
  };

  it("names the field, the value and the fix for a bad cron", () => {
    expect(error({ cron: "61 * * * *" }).message).toBe(
      "BatchStage 'nightly': 'schedule.cron' is not a valid schedule: minute 61 is above 59 in '61' (got \"61 * * * *\"). Fix: use five fields 'minute hour day-of-month month day-of-week', e.g. '0 3 * * *', or '@daily' / '@every 6h'.",
    );
  });

  it("refuses a time zone the cluster cannot load", () => {
    expect(error({ cron: "@daily", timeZone: "Mars/Olympus" }).issues).toEqual([
      expect.objectContaining({ field: "schedule.timeZone", value: "Mars/Olympus" }),
    ]);
  });

  it("keeps a valid schedule", () => {
    expect(resolveBatchStage({ image, schedule: { cron: " @every 6h ", timeZone: "Europe/London" } }, { name: "nightly" }).schedule).toMatchObject({
      cron: "@every 6h",
      timeZone: "Europe/London",
    });
  });
});
