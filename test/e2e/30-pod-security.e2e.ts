// Pod Security "restricted" is enforced by the real admission plugin on every LabProject
// namespace: the labels we render are live, a known-bad pod is refused by the server (and by our
// own policy checks), and the pods the controllers created from our workloads were admitted.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { get, list, request } from "./support/api";
import { storedSources, root } from "./support/sources";

const labNamespaces = storedSources()
  .flatMap((s) => s.objects)
  .filter((o) => o.kind === "Namespace" && o.metadata.labels?.["pod-security.kubernetes.io/enforce"]);
const fixture = path.join(__dirname, "fixtures/bad-pod.yaml");
const badPod = parse(fs.readFileSync(fixture, "utf8"));

describe("Pod Security admission", () => {
  it("the examples have LabProject namespaces", () => {
    expect(labNamespaces.length).toBeGreaterThan(0);
  });

  for (const ns of labNamespaces) {
    const name = ns.metadata.name;
    it(`${name}: live labels enforce restricted`, async () => {
      const live = await get(`/api/v1/namespaces/${name}`);
      expect(live.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    });

    it(`${name}: the known-bad pod is refused by the server`, async () => {
      const r = await request("POST", `/api/v1/namespaces/${name}/pods`, badPod);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/violates PodSecurity "restricted:latest"/);
      expect(r.body.message).toMatch(/privileged/);
    });

    it(`${name}: the pods the controllers created are there and restricted-compliant`, async () => {
      const pods = await list(`/api/v1/namespaces/${name}/pods`);
      expect(pods.length).toBeGreaterThan(0);
      expect(await existingPodViolations(name)).toEqual([]);
    });
  }

  it("the re-evaluation of existing pods does report a violating pod (control)", async () => {
    const ns = "e2e-pod-security-control";
    await request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const r = await request("POST", `/api/v1/namespaces/${ns}/pods`, badPod);
    expect(r.status).toBe(201);
    const found = await existingPodViolations(ns);
    expect(found.join("\n")).toMatch(/e2e-bad-pod/);
    await request("DELETE", `/api/v1/namespaces/${ns}`);
  });
});

/**
 * Pod Security re-evaluates a namespace's existing pods when its enforce level or version
 * changes, and answers with warnings naming the pods that violate it. A dry-run label change
 * (restricted at the server's own version) asks for that without changing anything.
 */
async function existingPodViolations(ns: string): Promise<string[]> {
  const version = (await get("/version")).gitVersion.replace(/^v(\d+\.\d+).*/, "v$1");
  const patch = { metadata: { labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": version } } };
  const r = await request("PATCH", `/api/v1/namespaces/${ns}?dryRun=All`, patch, { contentType: "application/merge-patch+json" });
  expect(r.status).toBe(200);
  return r.warnings;
}

describe("our own policy checks", () => {
  it("our own policy checks flag the same fixture (modelship check exits 1)", () => {
    let code = 0;
    let out = "";
    try {
      execFileSync(process.execPath, [path.join(root, "build/lib/cli/main.js"), "check", fixture], { stdio: "pipe" });
    } catch (e: any) {
      code = e.status;
      out = e.stdout.toString();
    }
    expect(code).toBe(1);
    expect(out).toMatch(/privilege/i);
  });
});
