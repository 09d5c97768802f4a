import { describe, expect, it } from "vitest";
import { resolveLabPlatform } from "../../lib/model/lab";
import { renderLabPlatform, ROUTE_PATHS_EXPRESSION, SECURITY_POLICY_EXPRESSIONS } from "../../lib/render/lab-platform";
import { resolveLabProject } from "../../lib/model/lab";
import { renderLabProject } from "../../lib/render/lab-project";
import { expectValidObjects } from "../support/schema-check";
import { ingressFor, scoringService } from "../support/lab-fixtures";

const render = (props = {}) => renderLabPlatform(resolveLabPlatform(props, { name: "platform" }));
const vap = (objects: any[], suffix: string) => objects.find((o) => o.kind === "ValidatingAdmissionPolicy" && o.metadata.name.endsWith(suffix));

describe("LabPlatform", () => {
  it("renders a ValidatingAdmissionPolicy and its Deny binding for HTTPRoutes and for SecurityPolicies, schema-valid", () => {
    const objects = render({ hostnames: ["lab.example.com"] });
    expectValidObjects(objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ValidatingAdmissionPolicy/modelship-lab-httproutes",
      "ValidatingAdmissionPolicyBinding/modelship-lab-httproutes",
      "ValidatingAdmissionPolicy/modelship-lab-securitypolicies",
      "ValidatingAdmissionPolicyBinding/modelship-lab-securitypolicies",
      "ValidatingAdmissionPolicy/modelship-lab-ingresses",
      "ValidatingAdmissionPolicyBinding/modelship-lab-ingresses",
    ]);
    for (const binding of objects.filter((o) => o.kind === "ValidatingAdmissionPolicyBinding") as any[]) {
      expect(binding.spec).toEqual({ policyName: binding.metadata.name, validationActions: ["Deny"] });
    }
  });

  it("labels every object with the recommended labels, as every other construct does", () => {
    for (const object of render() as any[]) {
      expect(object.metadata.labels).toEqual({
        "app.kubernetes.io/name": "modelship-lab",
        "app.kubernetes.io/instance": "modelship-lab",
        "app.kubernetes.io/component": "lab-platform",
        "app.kubernetes.io/part-of": "modelship-lab",
        "app.kubernetes.io/managed-by": "modelship",
      });
    }
  });

  it("selects lab namespaces by the project label a LabProject sets, and never fails open", () => {
    const routes = vap(render(), "httproutes");
    expect(routes.spec.failurePolicy).toBe("Fail");
    expect(routes.spec.matchConstraints).toEqual({
      namespaceSelector: { matchExpressions: [{ key: "lab.modelship.io/project", operator: "Exists" }] },
      // A version the API server's type checker checks against (it skips wildcard versions), and every version.
      resourceRules: [
        { apiGroups: ["gateway.networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["httproutes"] },
        { apiGroups: ["gateway.networking.k8s.io"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["httproutes"] },
      ],
    });
    expect(vap(render(), "securitypolicies").spec.matchConstraints.resourceRules.map((r: any) => r.apiVersions)).toEqual([["v1alpha1"], ["*"]]);
    const ns: any = renderLabProject(
      resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [scoringService] }, { name: "demo" }),
    ).find((o) => o.kind === "Namespace");
    expect(ns.metadata.labels["lab.modelship.io/project"]).toBe("demo");
  });

  it("limits routes to the project's own prefix, read from the namespace label", () => {
    const routes = vap(render(), "httproutes");
    expect(routes.spec.variables).toEqual([
      { name: "project", expression: "namespaceObject.metadata.labels['lab.modelship.io/project']" },
      { name: "prefix", expression: "'/api/projects/' + variables.project + '/services/'" },
    ]);
    expect(routes.spec.validations.map((v: any) => v.expression)).toEqual([ROUTE_PATHS_EXPRESSION]);
  });

  it("limits host names only when given", () => {
    expect(vap(render({ hostnames: ["lab.example.com", "*.lab.example.com"] }), "httproutes").spec.validations[1].expression).toBe(
      "has(object.spec.hostnames) && size(object.spec.hostnames) > 0 && object.spec.hostnames.all(host, host in ['lab.example.com', '*.lab.example.com'])",
    );
  });

  it("limits parent Gateways to the platform's listeners only when given, naming the fix", () => {
    expect(vap(render(), "httproutes").spec.validations).toHaveLength(1);
    const [, listeners] = vap(render({ gateways: [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }] }), "httproutes").spec.validations;
    expect(listeners.expression).toBe(
      "has(object.spec.parentRefs) && size(object.spec.parentRefs) > 0 && object.spec.parentRefs.all(ref, (!has(ref.group) || ref.group == 'gateway.networking.k8s.io') && (!has(ref.kind) || ref.kind == 'Gateway') && 'namespace' in dyn(ref) && has(ref.sectionName) && ((dyn(ref)['namespace'] == 'envoy-gateway-system' && ref.name == 'eg' && ref.sectionName == 'https')))",
    );
    // The admission run sees only `namespace` (unstructured maps), while `__namespace__` passes the
    // type checker: a map key of dyn(ref) reads alike in both, on any server version.
    expect(listeners.expression).not.toMatch(/\.(__)?namespace\b/);
    expect(listeners.message).toBe(
      "routes of lab projects attach only to the platform's listeners: envoy-gateway-system/eg sectionName https. Fix: make every spec.parentRefs[] entry one of them, with namespace and sectionName.",
    );
    expect(() => resolveLabPlatform({ gateways: [{ name: "eg", namespace: "envoy-gateway-system" }] } as never, { name: "platform" })).toThrow(
      /'gateways\[0\]\.sectionName'/,
    );
  });

  it("keeps SecurityPolicies one per whole route, by targetRefs, authenticating; switchable", () => {
    expect(vap(render(), "securitypolicies").spec.validations.map((v: any) => v.expression)).toEqual(Object.values(SECURITY_POLICY_EXPRESSIONS));
    expect(vap(render({ securityPolicies: false }), "securitypolicies")).toBeUndefined();
  });

  it("refuses bad props naming the field", () => {
    expect(() => resolveLabPlatform({ hostnames: ["lab example com"] }, { name: "platform" })).toThrow(/'hostnames\[0\]' is not a valid host name/);
    expect(() => resolveLabPlatform({ name: "Bad_Name" } as never, { name: "platform" })).toThrow(/'name'/);
  });
});
