// Every example's YAML and every CLI example, applied to a real kube-apiserver with server-side
// apply and strict field validation: unknown fields, wrong types, CRD CEL rules and admission
// (Pod Security on LabProject namespaces) are the server's own verdicts.
import { describe, expect, it } from "vitest";
import { apply, objectPath, record, request, waitFor } from "./support/api";
import { ADMISSION_POLICY_KINDS, allSources } from "./support/sources";

// Namespaces first (a LabProject's is in its stream), then everything that lives in them.
const rank = (o: any) => (o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2);

describe("server-side apply (fieldValidation=Strict)", () => {
  const sources = allSources();
  let applied = 0;

  it("found the examples", () => {
    expect(sources.filter((s) => s.name.startsWith("dist/")).length).toBeGreaterThan(0);
    expect(sources.filter((s) => s.name.startsWith("modelship synth")).length).toBeGreaterThan(0);
  });

  for (const source of sources) {
    it(`${source.name}: every object is accepted`, async () => {
      const rejected: string[] = [];
      // Namespaces the stream uses but does not create are created first, as the CLI docs say.
      const own = new Set(source.objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
      for (const ns of new Set(source.objects.map((o) => o.metadata?.namespace).filter(Boolean))) {
        if (own.has(ns)) continue;
        // Labelled Pod Security "restricted" (enforce + warn), so that every pod our workloads
        // make is held to it, not only a LabProject's.
        const labels = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" };
        const r = await request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels } });
        if (r.status !== 201 && r.status !== 409) rejected.push(`Namespace/${ns}: ${r.status} ${r.body?.message}`);
      }
      for (const obj of [...source.objects].filter((o) => !ADMISSION_POLICY_KINDS.has(o.kind)).sort((a, b) => rank(a) - rank(b))) {
        let r = await apply(obj, { dryRun: source.dryRun === true && obj.kind !== "Namespace" });
        // A Job's pod template is immutable, and the same project imported from another version
        // (test/corpus/ holds several) names the same Job: replace it, as `kubectl replace` would.
        if (r.status === 422 && obj.kind === "Job" && /field is immutable/.test(r.body?.message ?? "") && source.dryRun) {
          // A dry run against a stored Job of that name: check it under a name of its own.
          r = await apply({ ...obj, metadata: { ...obj.metadata, name: `${obj.metadata.name}-dry-run` } }, { dryRun: true });
        } else if (r.status === 422 && obj.kind === "Job" && /field is immutable/.test(r.body?.message ?? "")) {
          const at = await objectPath(obj);
          await request("DELETE", `${at}?propagationPolicy=Background`);
          await waitFor(`${at} deleted`, 60_000, async () => (await request("GET", at)).status === 404);
          r = await apply(obj);
        }
        const id = `${obj.kind}/${obj.metadata?.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata?.name}`;
        if (r.status >= 300) rejected.push(`${id}: ${r.status} ${r.body?.message ?? JSON.stringify(r.body)}`);
        else applied++;
        // Pod Security's warn mode answers a workload whose pods would be refused with a Warning
        // header, not an error: count that as a rejection too.
        for (const w of r.warnings) if (/PodSecurity|violate/i.test(w)) rejected.push(`${id}: warning: ${w}`);
      }
      record("apply", { objectsApplied: applied });
      expect(rejected).toEqual([]);
    });
  }
});
