import fc from "fast-check";
import { Chart, Testing } from "cdk8s";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkObjects, formatViolation, ModelService, ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { kindHandlers } from "../../lib/definitions/kinds";
import { expectValidObjects } from "../support/schema-check";
import { fuzzKinds, validLabProject, validModelService, validWorkflow } from "./arbitraries";

/**
 * Property-based tests over every registered kind. FUZZ_RUNS sets the cases per property
 * (default 1000: about 8,650 cases in all, some 12 s on one core; `npm run fuzz` runs 10,000 per
 * property, 20,000 per kind).
 * FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = (numRuns: number) => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });
/**
 * Per-test time limit: a guard against a hang, not a speed check (speed is measured in bench/).
 * 200 ms a case: a property of 1,000 cases takes 5-25 s on a quiet core but several times that on a
 * loaded machine, and `npm run fuzz` (10,000 per property) must not be cut off either.
 */
const TIMEOUT = Math.max(300_000, RUNS * 200);

function report(label: string, counts: { tried: number; passed: number }): void {
  // the count is part of the contract: CI logs show how much was fuzzed
  console.log(`fuzz ${label}: ${counts.tried} cases tried, ${counts.passed} passed`);
}

// LabProject reports its warnings (an unauthenticated or ingress-nginx route) through
// process.emitWarning; thousands of fuzzed projects would flood the log with them.
beforeAll(() => {
  vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
});
// Test files share a worker process: give the next file the real process.emitWarning back.
afterAll(() => {
  vi.restoreAllMocks();
});

/** apiVersion/kind/namespace/name of each object: two objects with one identity would overwrite each other on apply. */
function identities(objects: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }>): string[] {
  return objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`);
}

it("every registered kind has fuzz generators", () => {
  expect(Object.keys(kindHandlers).filter((kind) => !(kind in fuzzKinds))).toEqual([]);
});

describe.each(Object.entries(fuzzKinds))("%s", (kind, arbitraries) => {
  const handler = kindHandlers[kind];
  const runs = RUNS;
  const allowed = new Set(arbitraries.allowedWarnings ?? []);

  it(
    "random valid props render to schema-valid, policy-clean objects, deterministically",
    () => {
      const counts = { tried: 0, passed: 0 };
      fc.assert(
        fc.property(arbitraries.valid, (props) => {
          counts.tried++;
          const ref = { name: String(props.name ?? "fuzzed") };
          const objects = handler.resolveAndRender(props, ref);
          expect(objects.length).toBeGreaterThan(0);
          expectValidObjects(objects);
          const ids = identities(objects);
          expect(
            ids.filter((id, i) => ids.indexOf(id) !== i),
            "objects with the same identity",
          ).toEqual([]);
          expect(
            checkObjects(objects)
              .filter((v) => !(v.severity === "warning" && allowed.has(v.check)))
              .map(formatViolation),
          ).toEqual([]);
          expect(handler.resolveAndRender(props, ref)).toEqual(objects);
          counts.passed++;
        }),
        params(runs),
      );
      report(`${kind} valid`, counts);
    },
    TIMEOUT,
  );

  it(
    "random invalid props throw a ModelshipValidationError naming the field, never a TypeError, never output",
    () => {
      const counts = { tried: 0, passed: 0 };
      fc.assert(
        fc.property(arbitraries.invalid, ({ props, field, defect }) => {
          counts.tried++;
          let output: unknown;
          let error: unknown;
          try {
            output = handler.resolveAndRender(props, { name: "fuzzed" });
          } catch (e) {
            error = e;
          }
          expect(output, `no output for ${defect}`).toBeUndefined();
          expect(error, `${defect}: ${String(error)}`).toBeInstanceOf(ModelshipValidationError);
          const issues = (error as ModelshipValidationError).issues;
          const named = issues.some((issue) => (field === "" ? issue.field === "" : issue.field === field || issue.field.startsWith(field)));
          expect(named, `${defect}: expected an issue on '${field}', got ${issues.map((i) => `'${i.field}'`).join(", ")}`).toBe(true);
          expect((error as Error).message).toContain(`${kind} 'fuzzed'`);
          counts.passed++;
        }),
        params(runs),
      );
      report(`${kind} invalid`, counts);
    },
    TIMEOUT,
  );
});

describe("ModelService construct", () => {
  it(
    "adds no object to the chart when its props are invalid",
    () => {
      const runs = Math.max(20, Math.floor(RUNS / 10));
      let tried = 0;
      fc.assert(
        fc.property(fuzzKinds.ModelService.invalid, ({ props }) => {
          tried++;
          const chart = new Chart(Testing.app(), "fuzz");
          expect(() => new ModelService(chart, "fuzzed", props as ModelServiceProps)).toThrow(ModelshipValidationError);
          expect(Testing.synth(chart)).toEqual([]);
        }),
        params(runs),
      );
      report("ModelService construct invalid", { tried, passed: tried });
    },
    TIMEOUT,
  );

  /** Each secure default, switched off, is caught by the check that guards it. */
  const switches: Array<[string, (p: Record<string, unknown>) => Record<string, unknown>]> = [
    ["run-as-non-root", (p) => ({ ...p, security: { ...(p.security as object), runAsNonRoot: false } })],
    ["privilege-escalation-container", (p) => ({ ...p, security: { ...(p.security as object), allowPrivilegeEscalation: true } })],
    ["drop-all-capabilities", (p) => ({ ...p, security: { ...(p.security as object), dropAllCapabilities: false } })],
    ["container-seccomp-profile", (p) => ({ ...p, security: { ...(p.security as object), seccompProfile: false } })],
    ["no-read-only-root-fs", (p) => ({ ...p, security: { ...(p.security as object), readOnlyRootFilesystem: false } })],
    ["automountServiceAccountToken", (p) => ({ ...p, security: { ...(p.security as object), automountServiceAccountToken: true } })],
    ["unset-memory-requirements", (p) => ({ ...p, resources: { ...(p.resources as object), memoryLimit: false } })],
    ["latest-tag", (p) => ({ ...p, image: "registry.example.com/model:latest", allowMutableImageTag: true })],
    [
      "env-var-secret",
      (p) => ({ ...p, env: { ...(p.env as object), DB_PASSWORD: "hunter2" }, security: { ...(p.security as object), rejectInlineSecrets: false } }),
    ],
    [
      "deployment-has-poddisruptionbudget",
      (p) => ({ ...p, autoscaling: undefined, replicas: 3, persistence: undefined, availability: { disruptionBudget: false } }),
    ],
    ["topologySpreadConstraint", (p) => ({ ...p, autoscaling: undefined, replicas: 3, persistence: undefined, availability: { topologySpread: false } })],
  ];

  it.each(switches)(
    "switching off the default guarded by %s is reported",
    (check, switchOff) => {
      fc.assert(
        fc.property(validModelService, (props) => {
          const objects = kindHandlers.ModelService.resolveAndRender(JSON.parse(JSON.stringify(switchOff(props))), { name: "fuzzed" });
          expectValidObjects(objects);
          expect(checkObjects(objects).map((v) => v.check)).toContain(check);
        }),
        params(Math.max(10, Math.floor(RUNS / 20))),
      );
    },
    TIMEOUT,
  );
});

/** The generators reach the option space they claim to (a filter or a typo cannot silently narrow them). */
describe("generator coverage", () => {
  const sample = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { numRuns: 300, ...(SEED === undefined ? {} : { seed: SEED }) });

  it("Workflow: every engine, both DAG forms, 1..6 DAG stages of both types, on-failure stages, schedules", () => {
    const workflows = sample(validWorkflow);
    const seen = new Set<string>();
    for (const w of workflows) {
      const stages = w.stages as Record<string, Record<string, unknown>>;
      seen.add(`engine:${String(w.engine ?? "default")}`);
      seen.add(`dag:${typeof w.dag}`);
      seen.add(`size:${Object.keys(stages).length - (w.onFailure ? 1 : 0)}`);
      if (w.onFailure) seen.add("onFailure");
      if (w.schedule) seen.add("schedule");
      const types = new Set(Object.values(stages).map((stage) => Object.keys(stage)[0]));
      if (types.size === 2) seen.add("mixed");
    }
    const expected = [
      "engine:default",
      "engine:argo-workflows",
      "engine:argo-cd",
      "engine:plain",
      "dag:string",
      "dag:object",
      "onFailure",
      "schedule",
      "mixed",
      ...[1, 2, 3, 4, 5, 6].map((n) => `size:${n}`),
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });

  it("LabProject: every ingress provider, templates, exposure with and without auth, binds, scope, env inherit, grants", () => {
    const projects = sample(validLabProject);
    const seen = new Set<string>();
    for (const p of projects) {
      const ingress = p.ingress as { provider?: string };
      seen.add(`provider:${ingress.provider ?? "default"}`);
      for (const s of p.services as Array<Record<string, unknown>>) {
        if (["tensorboard", "redis", "vscode", "streamlit", "code-runner"].includes(String(s.name))) seen.add(`template:${String(s.name)}`);
        if (s.requiresAuthentication === false && s.exposed !== false && (s.port ?? s.ports)) seen.add("exposed-without-auth");
        if (s.exposedPorts) seen.add("exposedPorts");
        if (s.binds) seen.add("binds");
        if (s.scope) seen.add("scope");
        if (s.envInherit) seen.add("envInherit");
        if (s.grants) seen.add("grants");
      }
    }
    const expected = [
      ...["default", "gateway-api", "istio", "ext-auth", "ingress-nginx"].map((p) => `provider:${p}`),
      ...["tensorboard", "redis", "vscode", "streamlit", "code-runner"].map((t) => `template:${t}`),
      ...["exposed-without-auth", "exposedPorts", "binds", "scope", "envInherit", "grants"],
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });
});
