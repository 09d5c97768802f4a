// Every stack in stacks/ through the real Pulumi engine and the kubernetes provider, both built
// from their Go modules (test/e2e/setup.sh), against this cluster: `pulumi up` with a local file
// backend and a passphrase from the environment, resources created in the order of the program's
// DAG (checked with the server's timestamps), awaits honoured, then `pulumi destroy` leaves the
// namespaces empty. A stack that builds an image (@pulumi/docker) needs a Docker engine, which
// these machines have not: it is skipped, and the run says so.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { get, list, record, request, waitFor } from "./support/api";
import { distSources, root } from "./support/sources";
import { provisionVolumes } from "./support/volumes";

const bin = process.env.E2E_BIN ?? "";
const work = process.env.E2E_DIR ?? "";
const stacks = fs
  .readdirSync(path.join(root, "stacks"))
  .filter((d) => fs.existsSync(path.join(root, "stacks", d, "Pulumi.yaml")))
  .sort();
const needsDocker = (name: string) => fs.existsSync(path.join(root, "stacks", name, "Dockerfile"));

function pulumiEnv(): NodeJS.ProcessEnv {
  fs.mkdirSync(path.join(work, "pulumi-state"), { recursive: true });
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(work, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "pulumi-state")}`,
    PULUMI_CONFIG_PASSPHRASE: "modelship-e2e",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // Everything it needs is built locally; a download attempt would only hang on this network.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
  };
}

function pulumi(dir: string, args: string[], log: string): { code: number; out: string } {
  const r = spawnSync(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
    cwd: dir,
    env: pulumiEnv(),
    encoding: "utf8",
    timeout: 600_000,
  });
  const out = `$ pulumi ${args.join(" ")}\n${r.stdout}\n${r.stderr}\n`;
  fs.appendFileSync(log, out);
  return { code: r.status ?? -1, out };
}

/** A copy of the stack's project files outside the repo (stack config files land there), with the
 *  repo's build/ and node_modules/ linked in, so `../../build/stacks/<name>` resolves as in the repo. */
function projectDir(name: string): string {
  const base = path.join(work, "stacks-root");
  fs.mkdirSync(path.join(base, "stacks"), { recursive: true });
  for (const l of ["build", "node_modules", "package.json"]) if (!fs.existsSync(path.join(base, l))) fs.symlinkSync(path.join(root, l), path.join(base, l));
  const dir = path.join(base, "stacks", name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ["Pulumi.yaml", "index.js"]) fs.copyFileSync(path.join(root, "stacks", name, f), path.join(dir, f));
  return dir;
}

// Kinds whose objects must be gone from a namespace after `pulumi destroy` (the controller-made
// defaults, the "default" ServiceAccount and the "kube-root-ca.crt" ConfigMap, are not ours).
const LEFTOVERS = [
  "/apis/apps/v1/deployments",
  "/apis/batch/v1/jobs",
  "/apis/batch/v1/cronjobs",
  "/api/v1/services",
  "/api/v1/configmaps",
  "/api/v1/serviceaccounts",
  "/api/v1/persistentvolumeclaims",
  "/api/v1/secrets",
  "/apis/policy/v1/poddisruptionbudgets",
  "/apis/autoscaling/v2/horizontalpodautoscalers",
  "/apis/networking.k8s.io/v1/networkpolicies",
  "/apis/rbac.authorization.k8s.io/v1/roles",
  "/apis/rbac.authorization.k8s.io/v1/rolebindings",
  "/api/v1/resourcequotas",
  "/api/v1/limitranges",
  "/api/v1/pods",
  "/apis/gateway.networking.k8s.io/v1/httproutes",
  "/apis/gateway.envoyproxy.io/v1alpha1/securitypolicies",
  "/apis/external-secrets.io/v1/externalsecrets",
];
async function leftovers(ns: string): Promise<string[]> {
  const live = await get(`/api/v1/namespaces/${ns}`);
  if (!live) return [];
  const found: string[] = [];
  for (const p of LEFTOVERS) {
    const [prefix, plural] = [p.slice(0, p.lastIndexOf("/")), p.slice(p.lastIndexOf("/") + 1)];
    for (const o of await list(`${prefix}/namespaces/${ns}/${plural}`)) {
      if (plural === "serviceaccounts" && o.metadata.name === "default") continue;
      if (plural === "configmaps" && o.metadata.name === "kube-root-ca.crt") continue;
      if (o.metadata.deletionTimestamp) continue;
      found.push(`${plural}/${o.metadata.name}`);
    }
  }
  return found;
}

async function deleteNamespace(ns: string): Promise<void> {
  await request("DELETE", `/api/v1/namespaces/${ns}`);
  await waitFor(`namespace ${ns} deleted`, 180_000, async () => (await request("GET", `/api/v1/namespaces/${ns}`)).status === 404);
}

let up = 0;
describe("pulumi up / destroy of every stack", () => {
  it("found the stacks and the built Pulumi CLI, language host and provider", () => {
    expect(stacks.length).toBeGreaterThan(0);
    for (const b of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-kubernetes"]) expect(fs.existsSync(path.join(bin, b)), `${bin}/${b}`).toBe(true);
  });

  for (const name of stacks) {
    if (needsDocker(name)) {
      it.skip(`stacks/${name}: SKIPPED - builds its image with @pulumi/docker, and no Docker engine runs here`, () => {});
      continue;
    }
    it(`stacks/${name}: up in DAG order, then destroy leaves the namespaces empty`, async () => {
      const log = path.join(work, "logs", `pulumi-${name}.log`);
      // The example's objects from the apply test live in the same namespaces: start clean.
      const example = distSources().find((s) => s.name === `dist/${name}.k8s.yaml`)?.objects ?? [];
      const namespaces = [
        ...new Set(example.map((o) => o.metadata.namespace ?? (o.kind === "Namespace" ? o.metadata.name : undefined)).filter(Boolean)),
      ] as string[];
      const created = new Set(example.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
      for (const ns of namespaces) await deleteNamespace(ns);
      // A stack that deploys into an existing namespace (its config says "must exist") gets it.
      const restricted = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" };
      for (const ns of namespaces)
        if (!created.has(ns)) await request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: restricted } });
      await provisionVolumes(example.filter((o) => o.kind === "PersistentVolumeClaim"));

      const dir = projectDir(name);
      expect(pulumi(dir, ["stack", "init", "e2e"], log).code).toBe(0);
      const upRun = pulumi(dir, ["up", "--yes", "--skip-preview", "--stack", "e2e"], log);
      expect(upRun.code, upRun.out.slice(-4000)).toBe(0);
      up++;
      record("pulumi", { stacksUp: up });

      const state = JSON.parse(execFileSync(path.join(bin, "pulumi"), ["stack", "export", "--stack", "e2e"], { cwd: dir, env: pulumiEnv(), encoding: "utf8" }));
      const resources: any[] = state.deployment.resources ?? [];
      const kube = resources.filter((r) => r.type.startsWith("kubernetes:") && r.custom && !r.type.startsWith("pulumi:providers:"));
      expect(kube.length).toBeGreaterThan(0);
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const problems: string[] = [];
      for (const r of kube) {
        const md = r.outputs?.metadata;
        if (!md?.creationTimestamp) problems.push(`${r.urn}: no server metadata in the state`);
        // Every dependency (parents' dependencies included) that is a Kubernetes object was
        // created before this one; a Job was complete before it (the provider awaits it).
        for (const depUrn of [...(r.dependencies ?? []), ...resources.filter((x) => x.urn === r.parent).flatMap((x) => x.dependencies ?? [])]) {
          const dep = byUrn.get(depUrn);
          for (const d of dep && dep.custom ? [dep] : resources.filter((x) => x.custom && x.type.startsWith("kubernetes:") && isChild(x, depUrn, byUrn))) {
            const dmd = d.outputs?.metadata;
            if (!dmd?.creationTimestamp || !md?.creationTimestamp) continue;
            if (Date.parse(dmd.creationTimestamp) > Date.parse(md.creationTimestamp)) problems.push(`${r.urn} was created before its dependency ${d.urn}`);
            if (d.type === "kubernetes:batch/v1:Job") {
              const done = d.outputs?.status?.completionTime;
              if (!done || Date.parse(done) > Date.parse(md.creationTimestamp))
                problems.push(`${r.urn} was created before Job ${dmd.name} completed (${done})`);
            }
          }
        }
      }
      // The Job-before-Deployment edge of a workflow stack must have been checked at least once.
      if (kube.some((r) => r.type === "kubernetes:batch/v1:Job") && kube.some((r) => r.type === "kubernetes:apps/v1:Deployment")) {
        const dep = kube.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
        const job = kube.find((r) => r.type === "kubernetes:batch/v1:Job")!;
        const server = await get(`/apis/apps/v1/namespaces/${dep.outputs.metadata.namespace}/deployments/${dep.outputs.metadata.name}`);
        expect(Date.parse(server.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(job.outputs.status.completionTime));
      }
      expect(problems).toEqual([]);

      const down = pulumi(dir, ["destroy", "--yes", "--skip-preview", "--stack", "e2e"], log);
      expect(down.code, down.out.slice(-4000)).toBe(0);
      // The garbage collector removes dependents (a Job's pods, a Deployment's ReplicaSets) after
      // the provider's delete returns: give it a minute.
      for (const ns of namespaces) {
        const left = await waitFor(`${ns} empty`, 90_000, async () => ((await leftovers(ns)).length === 0 ? [] : undefined)).catch(async () => leftovers(ns));
        expect({ ns, left }).toEqual({ ns, left: [] });
      }
    });
  }
});

function isChild(r: any, ancestor: string, byUrn: Map<string, any>): boolean {
  for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === ancestor) return true;
  return false;
}
