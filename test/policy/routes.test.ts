import { describe, expect, it } from "vitest";
import { checkObjects } from "../../lib/policy";
import { resolveLabProject } from "../../lib/model/lab";
import { renderLabProject } from "../../lib/render/lab-project";
import type { KubeObject } from "../../lib/render/types";
import { ingressFor, scoringService } from "../support/lab-fixtures";

const project = renderLabProject(resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [scoringService] }, { name: "demo" }));
const corsOnly = (spec: Record<string, unknown>): KubeObject =>
  ({
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "SecurityPolicy",
    metadata: { name: "cors", namespace: "demo" },
    spec: { ...spec, cors: { allowOrigins: ["*"] } },
  }) as KubeObject;
const findings = (objects: readonly KubeObject[]) => checkObjects(objects).filter((v) => v.check === "one-security-policy-per-route");

describe("one-security-policy-per-route", () => {
  it("passes a LabProject: one policy per route", () => {
    expect(findings(project)).toEqual([]);
  });

  it("warns on each policy of a route that has two, by targetRefs", () => {
    const found = findings([...project, corsOnly({ targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "scoring" }] })]);
    expect(found.map((v) => v.object.name).sort()).toEqual(["cors", "scoring-auth"]);
    expect(found[0].severity).toBe("warning");
    expect(found[0].message).toMatch(/HTTPRoute 'scoring' is targeted by 2 SecurityPolicies/);
  });

  it("counts policies that select the route by label, and only in the route's namespace", () => {
    expect(findings([...project, corsOnly({ targetSelectors: [{ kind: "HTTPRoute", matchLabels: { "app.kubernetes.io/name": "scoring" } }] })])).toHaveLength(
      2,
    );
    const elsewhere = {
      ...corsOnly({ targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "scoring" }] }),
      metadata: { name: "cors", namespace: "other" },
    } as KubeObject;
    expect(findings([...project, elsewhere])).toEqual([]);
  });
});
