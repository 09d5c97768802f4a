import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLabPlatform } from "../../lib/model/lab";
import { resolveLabProject } from "../../lib/model/lab";
import { renderLabPlatform } from "../../lib/render/lab-platform";
import { renderLabProject } from "../../lib/render/lab-project";
import { ingressFor, scoringService } from "../support/lab-fixtures";

// The policies' CEL, run by cel-go (the library kube-apiserver embeds) on admitted and hostile objects.
const hasGo = spawnSync("go", ["version"]).status === 0;

const objects = renderLabProject(resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [scoringService] }, { name: "demo" }));
const route: any = objects.find((o) => o.kind === "HTTPRoute");
const policy: any = objects.find((o) => o.kind === "SecurityPolicy");
const platform = renderLabPlatform(
  resolveLabPlatform(
    { hostnames: ["lab.example.com"], gateways: [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }] },
    { name: "platform" },
  ),
) as any[];
const vap = (suffix: string) => platform.find((o) => o.kind === "ValidatingAdmissionPolicy" && o.metadata.name.endsWith(suffix));
const ns = (project: string) => ({ metadata: { name: project, labels: { "lab.modelship.io/project": project } } });
const rules = (value: unknown, extra: Record<string, unknown> = {}) => ({ ...route, spec: { ...route.spec, rules: value, ...extra } });
const parent = route.spec.parentRefs[0];
const parents = (parentRefs: unknown) => ({ ...route, spec: { ...route.spec, parentRefs } });

const routeCases: Array<[string, unknown, string, boolean]> = [
  ["the project's own route", route, "demo", true],
  ["an Exact path of its own", rules([{ matches: [{ path: { type: "Exact", value: "/api/projects/demo/services/a/80" } }] }]), "demo", true],
  ["another project's route claiming demo's prefix", { ...route, metadata: { ...route.metadata, namespace: "evil" } }, "evil", false],
  ["a regular expression", rules([{ matches: [{ path: { type: "RegularExpression", value: "/api/projects/demo/services/.*" } }] }]), "demo", false],
  ["the CRD's default match '/'", rules([{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }]), "demo", false],
  ["no rules", { ...route, spec: { parentRefs: route.spec.parentRefs, hostnames: route.spec.hostnames } }, "demo", false],
  ["a rule without matches", rules([{ backendRefs: [] }]), "demo", false],
  ["a project whose name extends demo's", rules([{ matches: [{ path: { type: "PathPrefix", value: "/api/projects/demox/services/a" } }] }]), "demo", false],
  ["the project segment without /services/", rules([{ matches: [{ path: { type: "PathPrefix", value: "/api/projects/demo" } }] }]), "demo", false],
  ["no host names", { ...route, spec: { ...route.spec, hostnames: undefined } }, "demo", false],
  ["a foreign host name", { ...route, spec: { ...route.spec, hostnames: ["evil.example.com"] } }, "demo", false],
  [
    "the platform's listener, group and kind left to the CRD's defaults",
    parents([{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }]),
    "demo",
    true,
  ],
  ["the plain-HTTP listener of the same Gateway", parents([{ ...parent, sectionName: "http" }]), "demo", false],
  ["the Gateway without sectionName (every listener)", parents([{ ...parent, sectionName: undefined }]), "demo", false],
  ["a Gateway in the project's own namespace", parents([{ ...parent, namespace: undefined }]), "demo", false],
  ["a Gateway of the same name elsewhere", parents([{ ...parent, namespace: "demo" }]), "demo", false],
  ["the platform's listener and a second one", parents([parent, { ...parent, name: "other" }]), "demo", false],
  ["another kind of parent", parents([{ ...parent, kind: "Service", group: "" }]), "demo", false],
  ["no parentRefs", parents(undefined), "demo", false],
];
const targetRefs = policy.spec.targetRefs;
const policyCases: Array<[string, unknown, boolean]> = [
  ["the route's own policy", policy, true],
  ["a CORS-only policy in its place", { ...policy, spec: { targetRefs, cors: { allowOrigins: ["*"] } } }, false],
  ["a second policy on the route", { ...policy, metadata: { ...policy.metadata, name: "old-cors" } }, false],
  ["targetSelectors", { ...policy, spec: { ...policy.spec, targetRefs: undefined, targetSelectors: [{ kind: "HTTPRoute", matchLabels: {} }] } }, false],
  ["targetRefs and targetSelectors", { ...policy, spec: { ...policy.spec, targetSelectors: [{ kind: "HTTPRoute", matchLabels: {} }] } }, false],
  ["a route rule (sectionName)", { ...policy, spec: { ...policy.spec, targetRefs: [{ ...targetRefs[0], sectionName: "http" }] } }, false],
  [
    "two routes",
    { ...policy, spec: { ...policy.spec, targetRefs: [...targetRefs, { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "x" }] } },
    false,
  ],
  [
    "the Gateway",
    {
      ...policy,
      metadata: { ...policy.metadata, name: "eg-auth" },
      spec: { ...policy.spec, targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "eg" }] },
    },
    false,
  ],
];

// The legacy ingress-nginx provider's Ingress of the same service, and what a neighbour could write instead.
const nginxObjects = renderLabProject(
  resolveLabProject(
    { name: "demo", ingress: { ...ingressFor("ingress-nginx"), hostnames: ["lab.example.com"] }, services: [scoringService] },
    { name: "demo" },
  ),
);
const ingress: any = nginxObjects.find((o) => o.kind === "Ingress");
const ingressRule = ingress.spec.rules[0];
const withPaths = (...paths: string[]) => ({
  ...ingress,
  spec: { ...ingress.spec, rules: [{ ...ingressRule, http: { paths: paths.map((path) => ({ ...ingressRule.http.paths[0], path })) } }] },
});
const annotated = (key: string) => ({ ...ingress, metadata: { ...ingress.metadata, annotations: { ...ingress.metadata.annotations, [key]: "x" } } });
const ingressCases: Array<[string, unknown, string, boolean]> = [
  ["the project's own Ingress (regular-expression paths)", ingress, "demo", true],
  ["a plain Prefix path of its own", withPaths("/api/projects/demo/services/scoring/8080"), "demo", true],
  ["another project's Ingress claiming demo's paths", { ...ingress, metadata: { ...ingress.metadata, namespace: "evil" } }, "evil", false],
  ["an alternation reaching another prefix", withPaths("/api/projects/demo/services/x|/api/projects/other/services/y"), "demo", false],
  ["a wildcard after the prefix", withPaths("/api/projects/demo/services/.*"), "demo", false],
  ["the root path", withPaths("/"), "demo", false],
  ["a project whose name extends demo's", withPaths("/api/projects/demox/services/a"), "demo", false],
  ["a rule without paths", { ...ingress, spec: { ...ingress.spec, rules: [{ host: "lab.example.com" }] } }, "demo", false],
  ["a default backend", { ...ingress, spec: { ...ingress.spec, defaultBackend: { service: { name: "scoring", port: { number: 8080 } } } } }, "demo", false],
  ["a foreign host", { ...ingress, spec: { ...ingress.spec, rules: [{ ...ingressRule, host: "evil.example.com" }] } }, "demo", false],
  ["no host (every host of the controller)", { ...ingress, spec: { ...ingress.spec, rules: [{ http: ingressRule.http }] } }, "demo", false],
  ["a server-snippet annotation", annotated("nginx.ingress.kubernetes.io/server-snippet"), "demo", false],
  ["a server-alias annotation", annotated("nginx.ingress.kubernetes.io/server-alias"), "demo", false],
];

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
const caseSets = [
  routeCases.map(([name, object, project]) => ({ name, object, project })),
  policyCases.map(([name, object]) => ({ name, object, project: "demo" })),
  ingressCases.map(([name, object, project]) => ({ name, object, project })),
];
const input = [vap("httproutes"), vap("securitypolicies"), vap("ingresses")].map((p, i) => ({
  variables: p.spec.variables ?? [],
  validations: p.spec.validations.map((v: any) => v.expression),
  messages: p.spec.validations.filter((v: any) => v.messageExpression).map((v: any) => v.messageExpression),
  cases: caseSets[i].map(({ name, object, project }) => plain({ name, object, namespaceObject: ns(project) })),
}));

describe.skipIf(!hasGo)("LabPlatform CEL under cel-go", () => {
  const results: Array<{ policy: number; case: string; admitted: boolean; messages: string[] }> = hasGo
    ? JSON.parse(
        execFileSync("go", ["run", "."], {
          cwd: path.join(__dirname, "..", "support", "cel-check"),
          input: JSON.stringify(input),
          env: { ...process.env, GOFLAGS: "-mod=mod" },
          encoding: "utf8",
          timeout: 600_000,
        }),
      )
    : [];
  const admitted = (policy: number, name: string) => results.find((r) => r.policy === policy && r.case === name)!.admitted;

  it.each(routeCases)("HTTPRoute: %s", (name, _object, _project, expected) => expect(admitted(0, name)).toBe(expected));
  it.each(policyCases)("SecurityPolicy: %s", (name, _object, expected) => expect(admitted(1, name)).toBe(expected));
  it.each(ingressCases)("Ingress: %s", (name, _object, _project, expected) => expect(admitted(2, name)).toBe(expected));
  it("the message expressions evaluate to the sentence users see", () => {
    expect(results.find((r) => r.case === "another project's route claiming demo's prefix")!.messages).toEqual([
      "HTTPRoute scoring: routes of lab project evil may match only PathPrefix or Exact paths under /api/projects/evil/services/. Fix: start every rules[].matches[].path.value with /api/projects/evil/services/, and give every rule a match.",
    ]);
    expect(results.find((r) => r.policy === 1 && r.case === "a second policy on the route")!.messages).toEqual([
      "SecurityPolicy old-cors: in a lab project a SecurityPolicy targets exactly one whole HTTPRoute (no sectionName) and is named <route>-auth, so that no route has two. Fix: change SecurityPolicy scoring-auth (the one policy of HTTPRoute scoring) instead of adding old-cors.",
    ]);
    expect(results.find((r) => r.policy === 1 && r.case === "a route rule (sectionName)")!.messages[0]).toMatch(
      /Fix: remove targetRefs\[0\]\.sectionName: the policy covers the whole route\.$/,
    );
    expect(results.find((r) => r.policy === 2 && r.case === "another project's Ingress claiming demo's paths")!.messages).toEqual([
      "Ingress scoring: Ingresses of lab project evil serve only paths under /api/projects/evil/services/. Fix: start every rules[].http.paths[].path with /api/projects/evil/services/ in plain path characters (a regular expression may end only in (/|$)(.*)), and give every rule its paths.",
    ]);
    expect(results.find((r) => r.policy === 1 && r.case === "the Gateway")!.messages[0]).toMatch(
      /Fix: give it one targetRefs entry, the HTTPRoute, and name it <route>-auth\.$/,
    );
  });
});
