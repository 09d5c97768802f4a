import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { checkCommand } from "../../lib/cli/check";
import { compliantObjects } from "../policy/fixtures";

const FOREIGN = path.join(__dirname, "fixtures", "foreign");

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await checkCommand(argv, { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

function tempYaml(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-check-"));
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("modelship check", () => {
  it("reports a tutorial Deployment's problems with file, line, object and fix, and exits 1", async () => {
    const { code, out } = await run(path.join(FOREIGN, "nginx.yaml"));
    expect(code).toBe(1);
    const file = path.join(FOREIGN, "nginx.yaml");
    expect(out).toContain(`${file}:2: error [run-as-non-root] Deployment/nginx-deployment spec.template.spec.securityContext.runAsNonRoot:`);
    for (const check of [
      "privilege-escalation-container",
      "drop-all-capabilities",
      "container-seccomp-profile",
      "unset-cpu-requirements",
      "unset-memory-requirements",
      "no-readiness-probe",
      "no-startup-probe",
      "deployment-has-poddisruptionbudget",
    ]) {
      expect(out).toContain(`error [${check}] Deployment/nginx-deployment`);
    }
    expect(out).toContain("warning [topologySpreadConstraint]");
    expect(out).toContain("Fix: ");
    // the Service selects the Deployment's pods: no service-targets-pod finding
    expect(out).not.toContain("service-targets-pod");
    expect(out).toMatch(/2 objects checked: \d+ error\(s\), 3 warning\(s\)\n$/);
  });

  it("reads a directory recursively, expands kind: List and reports the CronJob's problems", async () => {
    const { code, out } = await run(FOREIGN);
    expect(code).toBe(1);
    const file = path.join(FOREIGN, "cron-list.yaml");
    expect(out).toContain(
      `${file}:2: error [latest-tag] CronJob/ops/cleanup spec.jobTemplate.spec.template.spec.containers[0].image: image 'busybox' of container 'cleanup' has no tag`,
    );
    expect(out).toContain("error [env-var-secret] CronJob/ops/cleanup spec.jobTemplate.spec.template.spec.containers[0].env[0].value");
    expect(out).not.toContain("abc123");
    expect(out).toContain("error [cronjob-has-deadline] CronJob/ops/cleanup");
    expect(out).toContain("error [cronjob-concurrency-policy] CronJob/ops/cleanup");
    expect(out).toContain("3 objects checked");
  });

  it("exits 0 on compliant YAML", async () => {
    const dir = tempYaml(
      "app.yaml",
      compliantObjects()
        .map((o) => stringify(o))
        .join("---\n"),
    );
    const { code, out } = await run(dir);
    expect(code).toBe(0);
    expect(out).toBe("11 objects checked: 0 error(s), 0 warning(s)\n");
  });

  it("checks JSON files too, including a top-level array of objects", async () => {
    const dir = tempYaml("app.json", JSON.stringify(compliantObjects()[2]));
    expect((await run(dir)).out).toBe("1 objects checked: 0 error(s), 0 warning(s)\n");
    const list = tempYaml("all.json", JSON.stringify(compliantObjects()));
    expect(await run(list)).toMatchObject({ code: 0, out: "11 objects checked: 0 error(s), 0 warning(s)\n" });
  });

  it("--skip, --no-warnings and --fail-on-warnings", async () => {
    const nginx = path.join(FOREIGN, "nginx.yaml");
    const skipAll = (await run(nginx, "--list")).out
      .trim()
      .split("\n")
      .map((line) => line.split(" ")[0])
      .filter((name) => name !== "topologySpreadConstraint");
    const onlyWarning = await run(nginx, "--skip", skipAll.join(","));
    expect(onlyWarning.code).toBe(0);
    expect(onlyWarning.out).toContain("0 error(s), 1 warning(s)");
    expect((await run(nginx, `--skip=${skipAll.join(",")}`, "--fail-on-warnings")).code).toBe(1);
    expect((await run(nginx, "--skip", skipAll.join(","), "--no-warnings")).out).toBe("2 objects checked: 0 error(s), 0 warning(s)\n");
  });

  it("--format json gives violations with file and line", async () => {
    const { code, out } = await run(path.join(FOREIGN, "cron-list.yaml"), "--format", "json");
    expect(code).toBe(1);
    const report = JSON.parse(out) as { objects: number; errors: number; violations: Array<{ check: string; file: string; line: number; path: string }> };
    expect(report.objects).toBe(1);
    expect(report.violations.find((v) => v.check === "latest-tag")).toMatchObject({ file: path.join(FOREIGN, "cron-list.yaml"), line: 2 });
  });

  it("bad usage and unreadable input exit 2 (as in every modelship command; policy errors exit 1) with a message on stderr", async () => {
    expect(await run()).toMatchObject({ code: 2, err: expect.stringContaining("give at least one file or directory") });
    expect(await run("/no/such/file.yaml")).toMatchObject({ code: 2, err: expect.stringContaining("no such file or directory") });
    expect(await run(FOREIGN, "--bogus")).toMatchObject({ code: 2, err: expect.stringContaining("unknown option --bogus") });
    expect(await run(FOREIGN, "--skip", "nope")).toMatchObject({ code: 2, err: expect.stringContaining("unknown policy check 'nope'") });
    const broken = tempYaml("broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x\n");
    expect(await run(broken)).toMatchObject({ code: 2, err: expect.stringMatching(/broken\.yaml:\d+: not valid YAML/) });
    const empty = tempYaml("notes.txt", "not a manifest\n");
    expect(await run(empty)).toMatchObject({ code: 2, out: "", err: expect.stringContaining(`no Kubernetes objects found in ${empty}`) });
  });

  it("follows symbolic links to files and directories", async () => {
    const files = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-check-"));
    fs.symlinkSync(path.join(FOREIGN, "nginx.yaml"), path.join(files, "linked.yaml"));
    const linkedFile = await run(files);
    expect(linkedFile.code).toBe(1);
    expect(linkedFile.out).toContain(`${path.join(files, "linked.yaml")}:2: error [run-as-non-root] Deployment/nginx-deployment`);
    expect(linkedFile.out).toMatch(/\n2 objects checked/);
    const dirs = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-check-"));
    fs.symlinkSync(FOREIGN, path.join(dirs, "linked-dir"));
    fs.symlinkSync(dirs, path.join(dirs, "loop")); // a link loop is read once
    const linkedDir = await run(dirs);
    expect(linkedDir.code).toBe(1);
    expect(linkedDir.out).toContain(`${path.join(dirs, "linked-dir", "nginx.yaml")}:2: error [run-as-non-root]`);
    const direct = (await run(FOREIGN)).out.match(/(\d+) objects checked/)?.[1];
    expect(linkedDir.out).toContain(`\n${direct} objects checked`);
  });

  it("--help and --list", async () => {
    expect((await run("--help")).out).toContain("Usage: modelship check");
    const list = (await run("--list")).out;
    expect(list).toContain("run-as-non-root");
    expect(list).toContain("[kube-linter]");
  });
});
