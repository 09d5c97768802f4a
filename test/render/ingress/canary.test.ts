import { describe, expect, it } from "vitest";
import { checkObjects } from "../../../lib/policy";
import { resolveLabProject, type LabIngressProvider, type LabProjectProps, type LabServiceProps } from "../../../lib/model/lab";
import { renderLabProject } from "../../../lib/render/lab-project";
import type { KubeObject } from "../../../lib/render/types";
import { ingressFor, PROVIDERS, scoringService } from "../../support/lab-fixtures";
import { expectValidObjects } from "../../support/schema-check";

const canary = { weight: 10, image: "registry.example.com/scoring:1.1.0" };
const render = (provider: LabIngressProvider, service: LabServiceProps, extra: Partial<LabProjectProps> = {}): KubeObject[] => {
  const objects = renderLabProject(resolveLabProject({ name: "demo", ingress: ingressFor(provider), services: [service], ...extra }, { name: "demo" }));
  expectValidObjects(objects);
  return objects;
};
const named = (objects: readonly KubeObject[], kind: string, name: string): any => objects.find((o) => o.kind === kind && o.metadata.name === name);
const AUTH_KINDS = ["SecurityPolicy", "RequestAuthentication", "AuthorizationPolicy"];
const errors = (objects: readonly KubeObject[]) => checkObjects(objects).filter((v) => v.severity === "error");

describe("a canary on a LabProject route", () => {
  for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
    it(`${provider}: weighted backendRefs on every rule of the project's route, the same token checks, schema- and policy-clean`, () => {
      const stable = render(provider, scoringService);
      const objects = render(provider, { ...scoringService, canary });
      const route = named(objects, "HTTPRoute", "scoring");
      for (const [r, port] of [
        [0, 8080],
        [1, 9090],
      ] as const) {
        expect(route.spec.rules[r].backendRefs).toEqual([
          { group: "", kind: "Service", name: "scoring", port, weight: 90 },
          { group: "", kind: "Service", name: "scoring-canary", port, weight: 10 },
        ]);
        expect(route.spec.rules[r].filters).toEqual(named(stable, "HTTPRoute", "scoring").spec.rules[r].filters);
      }
      expect(objects.filter((o) => AUTH_KINDS.includes(o.kind))).toEqual(stable.filter((o) => AUTH_KINDS.includes(o.kind)));
      expect(objects.filter((o) => AUTH_KINDS.includes(o.kind)).length).toBeGreaterThan(0);
      expect(named(objects, "Deployment", "scoring-canary").spec.template.spec.containers[0].image).toBe("registry.example.com/scoring:1.1.0");
      expect(named(objects, "Service", "scoring-canary")).toBeDefined();
      expect(errors(objects)).toEqual(errors(stable));
    });

    it(`${provider}: a shadow mirrors the share with RequestMirror after the route's own filters`, () => {
      const route = named(render(provider, { ...scoringService, canary: { ...canary, mode: "mirror" } }), "HTTPRoute", "scoring");
      expect(route.spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "scoring", port: 8080 }]);
      expect(route.spec.rules[0].filters.at(-1)).toEqual({
        type: "RequestMirror",
        requestMirror: { backendRef: { group: "", kind: "Service", name: "scoring-canary", port: 8080 }, percent: 10 },
      });
    });
  }

  it("ingress-nginx: a canary Ingress with the main one's hosts, paths and auth-url, canary-weight 10", () => {
    const objects = render("ingress-nginx", { ...scoringService, canary });
    const main = named(objects, "Ingress", "scoring");
    const second = named(objects, "Ingress", "scoring-canary");
    expect(second.metadata.annotations).toEqual({
      ...main.metadata.annotations,
      "nginx.ingress.kubernetes.io/canary": "true",
      "nginx.ingress.kubernetes.io/canary-weight": "10",
    });
    expect(second.metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]).toBe("https://lab.example.com/api/auth/verify");
    expect(second.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => p.path)])).toEqual(
      main.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => p.path)]),
    );
    expect(second.spec.rules[0].http.paths.map((p: any) => p.backend.service.name)).toEqual(["scoring-canary", "scoring-canary"]);
    expect(main.metadata.annotations["nginx.ingress.kubernetes.io/canary"]).toBeUndefined();
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: the canary's pods get the stable pods' proxy and API-server policies`, () => {
      const objects = render(
        provider,
        { ...scoringService, canary, grants: [{ resources: ["configmaps"] }] },
        { networkPolicy: { apiServer: { cidrs: ["10.0.0.1/32"] } } },
      );
      for (const kind of ["allow-proxy", "allow-api-server"]) {
        const stable = named(objects, "NetworkPolicy", `${kind}-scoring`);
        const second = named(objects, "NetworkPolicy", `${kind}-scoring-canary`);
        expect(second.spec.podSelector).toEqual({
          matchLabels: { "app.kubernetes.io/name": "scoring-canary", "app.kubernetes.io/instance": "scoring-canary" },
        });
        expect({ ...second.spec, podSelector: undefined }).toEqual({ ...stable.spec, podSelector: undefined });
      }
      expect(named(objects, "Deployment", "scoring-canary").spec.template.spec.serviceAccountName).toBe(
        named(objects, "Deployment", "scoring").spec.template.spec.serviceAccountName,
      );
    });
  }

  it("promote: true is one prop change: the stable pods run the canary's image and the canary objects go", () => {
    const objects = render("gateway-api", { ...scoringService, canary: { ...canary, promote: true } });
    expect(named(objects, "Deployment", "scoring").spec.template.spec.containers[0].image).toBe("registry.example.com/scoring:1.1.0");
    expect(objects.filter((o) => o.metadata.name.includes("canary"))).toEqual([]);
    expect(named(objects, "HTTPRoute", "scoring").spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "scoring", port: 8080 }]);
  });
});

describe("refusals", () => {
  const refuse = (provider: LabIngressProvider, services: LabServiceProps[]) => () =>
    resolveLabProject({ name: "demo", ingress: ingressFor(provider), services }, { name: "demo" });

  it("a shadow on ingress-nginx, which mirrors all requests or none", () => {
    expect(refuse("ingress-nginx", [{ ...scoringService, canary: { ...canary, mode: "mirror" } }])).toThrow(
      /LabProject.*services\[0\]\.canary\.mode.*'mirror'.*ingress-nginx mirrors every request or none[\s\S]*use mode: 'split'/,
    );
  });

  it("a canary on a service that is not exposed", () => {
    expect(refuse("gateway-api", [{ ...scoringService, exposed: false, canary }])).toThrow(
      /services\[0\]\.canary.*needs the service exposed[\s\S]*set exposed: true/,
    );
  });

  it("a route of the service's own, which would skip the project's token check", () => {
    const route = { parentRef: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" } };
    expect(refuse("gateway-api", [{ ...scoringService, route }])).toThrow(
      /services\[0\]\.route.*without the project's token check[\s\S]*remove 'route' and set exposed: true/,
    );
  });

  it("a canary whose objects would take another service's name", () => {
    expect(
      refuse("gateway-api", [
        { ...scoringService, canary },
        { ...scoringService, name: "scoring-canary" },
      ]),
    ).toThrow(/services\[0\]\.canary.*'scoring-canary', which is another service/);
  });

  it("a canary that changes nothing, named at its lab path", () => {
    expect(refuse("gateway-api", [{ ...scoringService, canary: { weight: 10 } }])).toThrow(/services\[0\]\.canary.*changes nothing/);
  });
});
