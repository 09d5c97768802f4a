// The lab-project example's LabPlatform, enforced by the real kube-apiserver: its
// ValidatingAdmissionPolicies compile and type-check against the served CRDs with no warning,
// and then, for the projects' own deployers, a lab namespace's HTTPRoutes stay on its own
// prefix, host names and listener, and each route keeps one authenticating SecurityPolicy; the
// refusal names the fix. Objects outside lab namespaces are not judged. Everything but the
// policies is a server-side dry run (admission runs, nothing is stored); the policies are
// removed at the end, so the Pulumi stack of 50-pulumi creates them itself.
import { afterAll, describe, expect, it } from "vitest";
import { apply, objectPath, request, serviceAccount, waitFor, type Impersonate, type Reply } from "./support/api";
import { ADMISSION_POLICY_KINDS, distSources, storedSources } from "./support/sources";

const example = distSources().find((s) => s.name === "dist/lab-project.k8s.yaml")!.objects;
const policies = example.filter((o) => ADMISSION_POLICY_KINDS.has(o.kind));
const stored = storedSources().flatMap((s) => s.objects);
const deployerOf = (namespace: string): Impersonate => {
  const binding = stored.find((o) => o.kind === "RoleBinding" && o.metadata.name === "deployer" && o.metadata.namespace === namespace);
  if (!binding) throw new Error(`no deployer RoleBinding in ${namespace}`);
  return serviceAccount(namespace, binding.subjects[0].name);
};

// The example's project, and a neighbour on the same cluster (the Orchest session's project).
const PROJECT = "fraud-lab";
const NEIGHBOUR = "sales-forecast";
const route = example.find((o) => o.kind === "HTTPRoute" && o.metadata.name === "scoring");
const securityPolicy = example.find((o) => o.kind === "SecurityPolicy" && o.metadata.name === "scoring-auth");
// A namespace the policies do not select (the triton-s3 example's, without the project label).
const OUTSIDE = "vision";

const copy = (o: any, name: string, namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  metadata: { name, namespace },
  spec: { ...o.spec, ...spec },
});
const pathRule = (value: string) => [{ ...route.spec.rules[0], matches: [{ path: { type: "PathPrefix", value } }] }];
const parent = route.spec.parentRefs[0];

const dryRun = (o: any, as?: Impersonate) => apply(o, { as, dryRun: true, fieldManager: "deployer" });
/**
 * A stored object changed as `kubectl patch --type merge` would, dry run. (A server-side apply by
 * another field manager cannot remove fields the examples' manager owns, so a policy's
 * authentication would stay.)
 */
const mergePatch = async (o: any, patch: unknown, as?: Impersonate) =>
  request("PATCH", `${await objectPath(o)}?dryRun=All&fieldManager=deployer&fieldValidation=Strict`, patch, {
    contentType: "application/merge-patch+json",
    as,
  });
const summary = (r: Reply) => `${r.status} ${r.body?.message ?? ""}`;

describe("LabPlatform admission policies on the real API server", () => {
  it("the example has a LabPlatform: three policies and their bindings", () => {
    expect(policies.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ValidatingAdmissionPolicy/modelship-lab-httproutes",
      "ValidatingAdmissionPolicy/modelship-lab-ingresses",
      "ValidatingAdmissionPolicy/modelship-lab-securitypolicies",
      "ValidatingAdmissionPolicyBinding/modelship-lab-httproutes",
      "ValidatingAdmissionPolicyBinding/modelship-lab-ingresses",
      "ValidatingAdmissionPolicyBinding/modelship-lab-securitypolicies",
    ]);
    expect(route && securityPolicy).toBeTruthy();
  });

  it("the policies and bindings are accepted (server-side apply, fieldValidation=Strict)", async () => {
    const rejected: string[] = [];
    for (const o of [...policies].sort((a, b) => Number(a.kind.endsWith("Binding")) - Number(b.kind.endsWith("Binding")))) {
      const r = await apply(o);
      if (r.status >= 300) rejected.push(`${o.kind}/${o.metadata.name}: ${summary(r)}`);
    }
    expect(rejected).toEqual([]);
  });

  it("the API server's type checker reports no warning on any expression", async () => {
    for (const o of policies.filter((p) => p.kind === "ValidatingAdmissionPolicy")) {
      const at = await objectPath(o);
      // The controller-manager's validatingadmissionpolicy-status controller type-checks each
      // generation against the schemas of the matched resources (the CRDs served here).
      const live = await waitFor(`${o.metadata.name} type-checked`, 120_000, async () => {
        const r = await request("GET", at);
        return r.status === 200 && r.body.status?.observedGeneration === r.body.metadata.generation && r.body.status?.typeChecking ? r.body : undefined;
      });
      expect({ policy: o.metadata.name, warnings: live.status.typeChecking.expressionWarnings ?? [] }).toEqual({ policy: o.metadata.name, warnings: [] });
    }
  });

  it("the type checker is live for every policy's resources: control policies with an undefined field get a warning", async () => {
    // Not bound, so they judge nothing; only type-checked, with the same matchConstraints as ours.
    // (With only wildcard versions the checker checks nothing and reports nothing.)
    const controls = policies
      .filter((p) => p.kind === "ValidatingAdmissionPolicy")
      .map((p) => ({
        apiVersion: p.apiVersion,
        kind: p.kind,
        metadata: { name: `e2e-control-${p.metadata.name}` },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: p.spec.matchConstraints,
          validations: [{ expression: "object.spec.noSuchField == 'x'" }],
        },
      }));
    expect(controls).toHaveLength(3);
    try {
      for (const control of controls) {
        expect(summary(await apply(control))).toMatch(/^20[01] /);
        const at = await objectPath(control);
        const live = await waitFor(`${control.metadata.name} type-checked`, 120_000, async () => {
          const r = await request("GET", at);
          return r.status === 200 && r.body.status?.observedGeneration === r.body.metadata.generation && r.body.status?.typeChecking ? r.body : undefined;
        });
        const warnings: any[] = live.status.typeChecking.expressionWarnings ?? [];
        expect({ control: control.metadata.name, fields: warnings.map((w) => w.fieldRef).sort() }).toEqual({
          control: control.metadata.name,
          fields: control.spec.validations.map((_, i) => `spec.validations[${i}].expression`),
        });
        expect(warnings.map((w) => w.warning).join("\n")).toContain("noSuchField");
      }
    } finally {
      for (const control of controls) await request("DELETE", await objectPath(control));
    }
  });

  it("is in force: a route outside the project's prefix is refused (the policies load asynchronously)", async () => {
    const probe = copy(route, "probe", PROJECT, { rules: pathRule("/") });
    const r = await waitFor("the HTTPRoute policy in force", 120_000, async () => {
      const reply = await dryRun(probe);
      return reply.status === 403 ? reply : undefined;
    });
    expect(r.body.message).toContain("ValidatingAdmissionPolicy 'modelship-lab-httproutes' with binding 'modelship-lab-httproutes' denied request");
    await waitFor("the SecurityPolicy policy in force", 120_000, async () => (await dryRun(copy(securityPolicy, "probe", PROJECT))).status === 403);
  });

  it("admits the project's own routes and policies, and a new route under its own prefix, host and listener, from its deployer", async () => {
    const deployer = deployerOf(PROJECT);
    const own = example.filter((o) => (o.kind === "HTTPRoute" || o.kind === "SecurityPolicy") && o.metadata.namespace === PROJECT);
    expect(own.length).toBeGreaterThanOrEqual(2);
    const extra = copy(route, "scoring-v2", PROJECT, {
      rules: [{ ...pathRule(`/api/projects/${PROJECT}/services/scoring-v2/8080`)[0], backendRefs: route.spec.rules[0].backendRefs }],
    });
    // Exact paths too, and parentRefs with group and kind left to the CRD's defaults.
    const exact = copy(route, "scoring-exact", PROJECT, {
      parentRefs: [{ name: parent.name, namespace: parent.namespace, sectionName: parent.sectionName }],
      rules: [
        {
          matches: [{ path: { type: "Exact", value: `/api/projects/${PROJECT}/services/scoring/8080/predict` } }],
          backendRefs: route.spec.rules[0].backendRefs,
        },
      ],
    });
    const refused: string[] = [];
    for (const o of [
      ...own,
      extra,
      exact,
      copy(securityPolicy, "scoring-v2-auth", PROJECT, { targetRefs: [{ ...securityPolicy.spec.targetRefs[0], name: "scoring-v2" }] }),
    ]) {
      const r = await dryRun(o, deployer);
      if (r.status >= 300) refused.push(`${o.kind}/${o.metadata.name}: ${summary(r)}`);
    }
    expect(refused).toEqual([]);
  });

  const prefix = `/api/projects/${PROJECT}/services/`;
  const routeFix = `Fix: start every rules[].matches[].path.value with ${prefix}`;
  const hostFix = "Fix: set spec.hostnames to names from that list.";
  const listenerFix = "Fix: make every spec.parentRefs[] entry one of them, with namespace and sectionName.";
  const refusals: Array<[string, () => any, string, string?]> = [
    [
      "a path outside the project's prefix",
      () => copy(route, "hijack", PROJECT, { rules: pathRule(`/api/projects/${NEIGHBOUR}/services/streamlit/8501`) }),
      routeFix,
    ],
    [
      "a rule without matches (the CRD's default: every path)",
      () => copy(route, "catch-all", PROJECT, { rules: [{ backendRefs: route.spec.rules[0].backendRefs }] }),
      routeFix,
    ],
    [
      "a regular expression path",
      () => copy(route, "regex", PROJECT, { rules: [{ matches: [{ path: { type: "RegularExpression", value: `${prefix}.*` } }] }] }),
      routeFix,
    ],
    [
      "a neighbour's route claiming the project's paths",
      () => copy(route, "hijack", NEIGHBOUR, { rules: pathRule(`${prefix}scoring/8080`) }),
      `Fix: start every rules[].matches[].path.value with /api/projects/${NEIGHBOUR}/services/`,
      NEIGHBOUR,
    ],
    ["a foreign host name", () => copy(route, "evil-host", PROJECT, { hostnames: ["evil.example.com"] }), hostFix],
    [
      "no host names (every host of the listener)",
      () => ({ ...copy(route, "any-host", PROJECT), spec: { parentRefs: route.spec.parentRefs, rules: route.spec.rules } }),
      hostFix,
    ],
    ["the Gateway's plain-HTTP listener", () => copy(route, "plain-http", PROJECT, { parentRefs: [{ ...parent, sectionName: "http" }] }), listenerFix],
    ["the Gateway without a listener", () => copy(route, "no-listener", PROJECT, { parentRefs: [{ ...parent, sectionName: undefined }] }), listenerFix],
    ["another Gateway", () => copy(route, "other-gateway", PROJECT, { parentRefs: [{ ...parent, name: "public", namespace: "gateway-system" }] }), listenerFix],
    ["a Gateway in the project's own namespace", () => copy(route, "own-gateway", PROJECT, { parentRefs: [{ ...parent, namespace: undefined }] }), listenerFix],
    [
      "a second authenticating SecurityPolicy on the route",
      () => copy(securityPolicy, "scoring-extra", PROJECT),
      "Fix: change SecurityPolicy scoring-auth (the one policy of HTTPRoute scoring) instead of adding scoring-extra.",
    ],
    [
      "a policy on one rule of the route (sectionName)",
      () => copy(securityPolicy, "scoring-auth", PROJECT, { targetRefs: [{ ...securityPolicy.spec.targetRefs[0], sectionName: "http" }] }),
      "Fix: remove targetRefs[0].sectionName",
    ],
    [
      "a policy selecting routes by label",
      () => ({
        ...copy(securityPolicy, "scoring-auth", PROJECT),
        spec: { apiKeyAuth: securityPolicy.spec.apiKeyAuth, targetSelectors: [{ kind: "HTTPRoute", matchLabels: { app: "x" } }] },
      }),
      "Fix: replace them with spec.targetRefs",
    ],
  ];

  it.each(refusals)("refuses %s from the project's deployer, naming the fix", async (_name, make, fix, namespace = PROJECT) => {
    const object = make();
    const r = await dryRun(object, deployerOf(namespace));
    expect({ status: r.status, reason: r.body?.reason }, summary(r)).toEqual({ status: 403, reason: "Forbidden" });
    expect(r.body.message).toMatch(
      / is forbidden: ValidatingAdmissionPolicy 'modelship-lab-(httproutes|securitypolicies)' with binding 'modelship-lab-\1' denied request: /,
    );
    expect(r.body.message).toContain(fix);
  });

  it("refuses the deployer's change of the route's policy to CORS only (authentication dropped), naming the fix", async () => {
    const r = await mergePatch(securityPolicy, { spec: { apiKeyAuth: null, cors: { allowOrigins: ["https://lab.example.com"] } } }, deployerOf(PROJECT));
    expect({ status: r.status, reason: r.body?.reason }, summary(r)).toEqual({ status: 403, reason: "Forbidden" });
    expect(r.body.message).toContain("denied request: a SecurityPolicy of a lab project authenticates");
    expect(r.body.message).toContain("Fix: keep the route's authentication in the policy");
    // The same patch that keeps the authentication is admitted.
    expect(summary(await mergePatch(securityPolicy, { spec: { cors: { allowOrigins: ["https://lab.example.com"] } } }, deployerOf(PROJECT)))).toMatch(/^200 /);
  });

  it("does not judge routes and policies outside lab namespaces", async () => {
    const namespace = (await request("GET", `/api/v1/namespaces/${OUTSIDE}`)).body;
    expect({ name: namespace?.metadata?.name, project: namespace?.metadata?.labels?.["lab.modelship.io/project"] }).toEqual({
      name: OUTSIDE,
      project: undefined,
    });
    const objects = [
      copy(route, "anything", OUTSIDE, {
        hostnames: ["evil.example.com"],
        parentRefs: [{ ...parent, sectionName: "http" }],
        rules: pathRule(`${prefix}scoring/8080`),
      }),
      copy(securityPolicy, "second", OUTSIDE, { targetRefs: [{ ...securityPolicy.spec.targetRefs[0], name: "anything" }] }),
      {
        ...copy(securityPolicy, "cors-only", OUTSIDE),
        spec: { targetRefs: [{ ...securityPolicy.spec.targetRefs[0], name: "anything" }], cors: { allowOrigins: ["https://lab.example.com"] } },
      },
    ];
    const refused: string[] = [];
    for (const o of objects) {
      const r = await dryRun(o);
      if (r.status >= 300) refused.push(`${o.kind}/${o.metadata.name}: ${summary(r)}`);
    }
    expect(refused).toEqual([]);
  });

  it("keeps Ingresses (the legacy ingress-nginx provider's) of a lab namespace on its own prefix and host, without snippets", async () => {
    // The example's project uses Gateway API, so its deployer has no Ingress rights: the policy
    // judges whoever writes, so the cluster admin of this test writes them.
    const ingress = (name: string, path: string, extra: { annotations?: Record<string, string>; host?: string } = {}) => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name, namespace: PROJECT, annotations: { "nginx.ingress.kubernetes.io/use-regex": "true", ...extra.annotations } },
      spec: {
        ingressClassName: "nginx",
        rules: [
          {
            host: extra.host ?? "lab.example.com",
            http: { paths: [{ path, pathType: "ImplementationSpecific", backend: { service: { name: "scoring", port: { number: 8080 } } } }] },
          },
        ],
      },
    });
    expect(summary(await dryRun(ingress("own", `${prefix}scoring/8080(/|$)(.*)`)))).toMatch(/^20[01] /);
    const refusals: Array<[string, any, RegExp]> = [
      [
        "a neighbour's prefix",
        ingress("theirs", `/api/projects/${NEIGHBOUR}/services/app/8501(/|$)(.*)`),
        /Ingress theirs: Ingresses of lab project fraud-lab serve only paths under \/api\/projects\/fraud-lab\/services\/\. Fix: /,
      ],
      [
        "an alternation out of the prefix",
        ingress("alternation", `${prefix}x|/api/projects/${NEIGHBOUR}/services/app`),
        /Ingresses of lab project fraud-lab serve only paths/,
      ],
      [
        "a foreign host",
        ingress("host", `${prefix}scoring/8080`, { host: "evil.example.com" }),
        /must name their host in every rule, one of: lab\.example\.com\. Fix: /,
      ],
      [
        "a server-snippet",
        ingress("snippet", `${prefix}scoring/8080`, { annotations: { "nginx.ingress.kubernetes.io/server-snippet": "location / { }" } }),
        /may not carry \*-snippet or server-alias annotations.*Fix: remove those annotations\./,
      ],
    ];
    for (const [what, o, message] of refusals) {
      const r = await dryRun(o);
      expect({ what, status: r.status }).toEqual({ what, status: 403 });
      expect(r.body.message).toContain("ValidatingAdmissionPolicy 'modelship-lab-ingresses' with binding 'modelship-lab-ingresses' denied request");
      expect(r.body.message).toMatch(message);
    }
  });

  afterAll(async () => {
    for (const o of policies) await request("DELETE", await objectPath(o));
  });
});
