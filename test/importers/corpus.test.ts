import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bodyworkImporter } from "../../lib/importers/bodywork";
import { bodyworkIniImporter } from "../../lib/importers/bodywork-ini";
import { orchestImporter } from "../../lib/importers/orchest";
import { ModelshipValidationError } from "../../lib/model/errors";
import { checkObjects } from "../../lib/policy";
import type { KubeObject } from "../../lib/render/types";
import type { ImportOptions, DefinitionDocument } from "../../lib/definitions/document";
import { kindHandlers } from "../../lib/definitions/kinds";
import { BODYWORK_EXPECTATIONS, type BodyworkStageExpectation } from "../corpus/bodywork-expectations";
import { ORCHEST_EXPECTATIONS } from "../corpus/orchest-expectations";
import { allObjects, argoTemplates } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

// Every file under test/corpus/ is a real file from a public repository (see its SOURCE), run
// against what the original tool does with it (test/corpus/*-expectations.ts, written by hand
// from the tools' source).

type Obj = Record<string, any>;
const CORPUS = path.join(__dirname, "..", "corpus");
const IMAGE = "registry.example.com/corpus/project:1.0.0";
const GATEWAY = "gateway-system/public:https";

function corpusDirs(kind: string): string[] {
  return fs
    .readdirSync(path.join(CORPUS, kind))
    .filter((d) => fs.statSync(path.join(CORPUS, kind, d)).isDirectory())
    .map((d) => `${kind}/${d}`);
}

function load(dir: string, options: ImportOptions): DefinitionDocument[] {
  const full = path.join(CORPUS, dir);
  const file = fs.readdirSync(full).find((f) => /^bodywork\.(ya?ml|ini)$|\.orchest$|pipeline\.json$/.test(f))!;
  const fileName = path.join(full, file);
  const text = fs.readFileSync(fileName, "utf8");
  const importer = [bodyworkImporter, bodyworkIniImporter, orchestImporter].find((i) => i.detect(file, text))!;
  return importer.load(fileName, text, options);
}

function refusal(run: () => unknown): ModelshipValidationError {
  try {
    run();
  } catch (error) {
    // Refusals are validation errors naming field and fix, never a crash.
    expect(error).toBeInstanceOf(ModelshipValidationError);
    const issues = (error as ModelshipValidationError).issues;
    for (const issue of issues) {
      expect(issue.field === "" || typeof issue.field === "string").toBe(true);
      expect(issue.fix, `${issue.field}: ${issue.problem}`).toBeTruthy();
    }
    return error as ModelshipValidationError;
  }
  throw new Error("expected the file to be refused");
}

/** Renders, schema-checks and policy-checks; `mutableTags` when the run accepted untagged images on purpose. */
function render(document: DefinitionDocument, mutableTags = false): KubeObject[] {
  const objects = kindHandlers[document.kind].resolveAndRender(document.props, { name: String(document.props.name) });
  expectValidObjects(allObjects(objects));
  expect(
    checkObjects(allObjects(objects), { skip: mutableTags ? ["latest-tag"] : [] })
      .filter((v) => v.severity === "error")
      .map((v) => `${v.check}: ${v.message}`),
  ).toEqual([]);
  return objects;
}

it("holds at least 40 real files, each with its SOURCE, and an expectation for each", () => {
  const dirs = [...corpusDirs("bodywork"), ...corpusDirs("bodywork-ini"), ...corpusDirs("orchest")];
  expect(dirs.length).toBeGreaterThanOrEqual(40);
  for (const dir of dirs) {
    expect(fs.readFileSync(path.join(CORPUS, dir, "SOURCE"), "utf8"), dir).toMatch(
      /^repository: https:\/\/github\.com\/.+\n(path|paths): .+\ncommit: [0-9a-f]{40} .+\nlicence: .+/,
    );
    expect({ ...BODYWORK_EXPECTATIONS, ...ORCHEST_EXPECTATIONS }[dir], dir).toBeDefined();
  }
});

describe.each([...corpusDirs("bodywork"), ...corpusDirs("bodywork-ini")])("Bodywork corpus: %s", (dir) => {
  const expected = BODYWORK_EXPECTATIONS[dir];

  it("is refused without a project image, naming the runner image and the way to build one", () => {
    const error = refusal(() => load(dir, { gateway: GATEWAY }));
    const issue = error.issues.find((i) => i.field === expected.refusedImageField);
    if (expected.refused && !issue) return; // a file Bodywork itself rejects may fail before the image is checked
    expect(issue?.problem).toContain("Bodywork's generic runner");
    expect(issue?.fix).toContain("--image <ref>");
  });

  if (expected.refused) {
    it("is refused as Bodywork refuses it, naming the field and the fix", () => {
      const error = refusal(() => load(dir, { gateway: GATEWAY, image: IMAGE }));
      for (const want of expected.refused!) {
        const issue = error.issues.find((i) => i.field === want.field);
        expect(issue, `${want.field} in ${error.message}`).toBeDefined();
        expect(issue!.fix).toContain(want.fix);
      }
    });
    return;
  }

  it("runs each stage as Bodywork runs it: command, working directory, timeouts, ports, probes, routes, DAG order", () => {
    const [document] = load(dir, { gateway: GATEWAY, image: IMAGE });
    if (expected.namespace) expect(document.props.namespace).toBe(expected.namespace);
    const argo = render(document);
    const plain = render({ ...document, props: { ...document.props, engine: "plain" } });
    const tasks = argoTemplates(argo)[0].dag.tasks as Obj[];
    const stageOf = new Map(Object.keys(expected.stages!).map((s) => [s.replace(/[^a-z0-9]+/gi, "-").toLowerCase(), s]));
    for (const [stage, want] of Object.entries(expected.stages!) as Array<[string, BodyworkStageExpectation]>) {
      const name = stage.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
      const object = plain.find((o) => (o.kind === "Job" || o.kind === "Deployment") && o.metadata.name === name) as Obj;
      expect(object, `${stage} in ${dir}`).toBeDefined();
      const container = object.spec.template.spec.containers[0];
      expect(container.command, stage).toEqual(want.command);
      expect(container.args, stage).toEqual(want.args);
      expect(container.workingDir, stage).toBe(want.workingDir);
      expect(container.image).toBe(IMAGE);
      for (const [envVar, secret] of Object.entries(want.secrets ?? {})) {
        expect(container.env).toContainEqual({ name: envVar, valueFrom: { secretKeyRef: { name: secret, key: envVar } } });
      }
      if (want.batch) {
        expect(object.kind).toBe("Job");
        expect(object.spec.backoffLimit).toBe(want.batch.retries);
        expect(object.spec.activeDeadlineSeconds).toBe(want.batch.deadline);
        expect(object.spec.template.spec.restartPolicy).toBe("Never");
      }
      if (want.service) {
        expect(object.kind).toBe("Deployment");
        expect(object.spec.replicas).toBe(want.service.replicas);
        expect(container.ports).toEqual([{ name: "http", containerPort: want.service.port, protocol: "TCP" }]);
        expect(container.startupProbe).toMatchObject({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: want.service.startupFailures });
        const route = plain.find((o) => o.kind === "HTTPRoute" && o.metadata.name === name) as Obj | undefined;
        if (want.service.ingressPath === undefined) expect(route, stage).toBeUndefined();
        else {
          expect(route?.spec.rules[0].matches, stage).toEqual([{ path: { type: "PathPrefix", value: want.service.ingressPath } }]);
          expect(route?.spec.rules[0].filters).toEqual([{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }]);
          expect(route?.spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name, port: want.service.port }]);
          expect(route?.spec.parentRefs[0]).toMatchObject({ name: "public", namespace: "gateway-system", sectionName: "https" });
        }
      }
      // DAG order: the stage's Argo task(s) wait for exactly the stages of the step before.
      const waits = new Set(
        tasks
          .filter((t) => t.name === name || t.name === `${name}-service`)
          .flatMap((t) => (t.dependencies ?? []) as string[])
          .map((t) => stageOf.get(t.replace(/-service$/, ""))),
      );
      expect([...waits].sort(), stage).toEqual([...want.after].sort());
    }
    // Nothing else runs: the stages of the file are exactly the expected ones.
    expect(
      plain
        .filter((o) => o.kind === "Job" || o.kind === "Deployment")
        .map((o) => stageOf.get(o.metadata.name))
        .sort(),
    ).toEqual(Object.keys(expected.stages!).sort());
  });
});

describe.each(corpusDirs("orchest"))("Orchest corpus: %s", (dir) => {
  const expected = ORCHEST_EXPECTATIONS[dir];

  if (expected.strictRefused) {
    it("refuses untagged images unless --allow-mutable-image, saying so", () => {
      const error = refusal(() => load(dir, { project: "corpus" }));
      expect(
        error.issues
          .filter((i) => i.field.endsWith(".image"))
          .map((i) => i.field)
          .sort(),
      ).toEqual([...expected.strictRefused!].sort());
      for (const issue of error.issues) expect(issue.fix).toContain("--allow-mutable-image");
    });
  }

  if (expected.refused) {
    it("is refused with the field and the fix", () => {
      const error = refusal(() => load(dir, { project: "corpus", allowMutableImageTag: true }));
      for (const want of expected.refused!) {
        const issue = error.issues.find((i) => i.field === want.field);
        expect(issue, `${want.field} in ${error.message}`).toBeDefined();
        expect(issue!.fix).toContain(want.fix);
      }
    });
    return;
  }

  it("runs each service as Orchest runs it, as a non-root user", () => {
    const [document] = load(dir, { project: "corpus", allowMutableImageTag: true });
    for (const warning of expected.warnings ?? [])
      expect(
        document.warnings?.some((w) => w.startsWith(warning)),
        warning,
      ).toBe(true);
    const objects = render(document, true);
    expect(
      objects
        .filter((o) => o.kind === "Deployment")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(Object.keys(expected.services!).sort());
    for (const [name, want] of Object.entries(expected.services!)) {
      const pod = (objects.find((o) => o.kind === "Deployment" && o.metadata.name === name) as Obj).spec.template.spec;
      const container = pod.containers[0];
      expect(container.command, name).toEqual(want.command);
      expect(container.args, name).toEqual(want.args);
      expect(
        container.ports.map((p: Obj) => p.containerPort),
        name,
      ).toEqual(want.ports);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: want.runAsUser });
      const env = Object.fromEntries((container.env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
      expect(env).toMatchObject(want.env ?? {});
      // No ML Lab token in an Orchest service.
      expect(env.LAB_API_TOKEN).toBeUndefined();
      expect(
        (container.volumeMounts ?? [])
          .map((m: Obj) => m.mountPath)
          .filter((p: string) => p !== "/tmp")
          .sort(),
      ).toEqual([...(want.mounts ?? [])].sort());
      const route = objects.find((o) => o.kind === "HTTPRoute" && o.metadata.name === name) as Obj | undefined;
      if (!want.routed) expect(route, name).toBeUndefined();
      else expect(route?.spec.rules.map((r: Obj) => r.backendRefs[0].port)).toEqual(want.routed);
    }
  });
});
