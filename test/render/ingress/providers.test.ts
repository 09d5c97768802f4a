import { describe, expect, it } from "vitest";
import { resolveLabProject, type LabProjectProps, type LabServiceProps } from "../../../lib/model/lab";
import { INGRESS_NGINX_WARNING } from "../../../lib/model/lab";
import { renderLabProject } from "../../../lib/render/lab-project";
import { TOKEN_SOURCES } from "../../../lib/render/ingress/gateway-api";
import type { KubeObject } from "../../../lib/render/types";
import { expectValidObjects } from "../../support/schema-check";
import { ingressFor, PROVIDERS, scoringService } from "../../support/lab-fixtures";

const scoring = scoringService;
const dashboard: LabServiceProps = { name: "dashboard", image: "registry.example.com/dash:1.0.0", port: 8501, exposed: true, preserveBasePath: true };
const publicDocs: LabServiceProps = { name: "docs", image: "registry.example.com/docs:1.0.0", port: 8000, exposed: true, requiresAuthentication: false };

function project(
  provider: (typeof PROVIDERS)[number],
  services: LabServiceProps[] = [scoring, dashboard, publicDocs],
  extra: Partial<LabProjectProps> = {},
): KubeObject[] {
  const objects = renderLabProject(resolveLabProject({ name: "demo", ingress: ingressFor(provider), services, ...extra }, { name: "demo" }));
  expectValidObjects(objects);
  return objects;
}
const of = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];
const named = (objects: readonly KubeObject[], kind: string, name: string): any => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0];
};

describe("Gateway API routes (gateway-api, istio, ext-auth)", () => {
  for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
    it(`${provider}: one rule per exposed port at /api/projects/<p>/services/<s>/<port>, stripped to /`, () => {
      const route = named(project(provider), "HTTPRoute", "scoring");
      expect(route.spec.parentRefs).toEqual([
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          name: ingressFor(provider).gateway!.name,
          namespace: ingressFor(provider).gateway!.namespace,
          sectionName: "https",
        },
      ]);
      expect(route.spec.rules.map((r: any) => r.matches)).toEqual([
        [{ path: { type: "PathPrefix", value: "/api/projects/demo/services/scoring/8080" } }],
        [{ path: { type: "PathPrefix", value: "/api/projects/demo/services/scoring/9090" } }],
      ]);
      for (const rule of route.spec.rules)
        expect(rule.filters[0]).toEqual({ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } });
      expect(route.spec.rules.map((r: any) => r.backendRefs)).toEqual([
        [{ group: "", kind: "Service", name: "scoring", port: 8080 }],
        [{ group: "", kind: "Service", name: "scoring", port: 9090 }],
      ]);
    });

    it(`${provider}: keeps the path when the service preserves its base path`, () => {
      const route = named(project(provider), "HTTPRoute", "dashboard");
      expect(route.spec.rules[0].matches[0].path.value).toBe("/api/projects/demo/services/dashboard/8501");
      expect((route.spec.rules[0].filters ?? []).some((f: any) => f.type === "URLRewrite")).toBe(false);
    });
  }

  it("respects the HTTPRoute CEL rules the schema checker does not run", () => {
    for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
      for (const route of of(project(provider), "HTTPRoute")) {
        expect(route.spec.rules.length).toBeLessThanOrEqual(16);
        for (const rule of route.spec.rules) {
          const filters = rule.filters ?? [];
          // URLRewrite with replacePrefixMatch needs exactly one PathPrefix match
          if (filters.some((f: any) => f.type === "URLRewrite")) expect(rule.matches.map((m: any) => m.path.type)).toEqual(["PathPrefix"]);
          // no filter type repeated
          expect(new Set(filters.map((f: any) => f.type)).size).toBe(filters.length);
          for (const match of rule.matches) expect(match.path.value).toMatch(/^\/(?!.*\/\/)(?!.*\/\.\.?\/)[^#]*$/);
        }
      }
    }
  });

  it("refuses more exposed ports than an HTTPRoute can hold", () => {
    const many = Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, port: 9000 + i }));
    expect(() => resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [{ ...scoring, ports: many }] }, { name: "demo" })).toThrow(
      "'services[0].exposedPorts' would expose 17 ports, but an HTTPRoute holds at most 16 rules",
    );
  });

  it("exposes only the listed ports, and sets hostnames and the listener", () => {
    const objects = project("gateway-api", [{ ...scoring, exposedPorts: ["http"] }], {
      ingress: { gateway: { name: "eg", namespace: "gw", sectionName: "https" }, hostnames: ["lab.example.com", "*.lab.example.com"] },
    });
    const route = named(objects, "HTTPRoute", "scoring");
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.hostnames).toEqual(["lab.example.com", "*.lab.example.com"]);
    expect(route.spec.parentRefs[0].sectionName).toBe("https");
  });
});

describe("gateway-api provider: Envoy Gateway apiKeyAuth", () => {
  const objects = project("gateway-api");
  const policy = named(objects, "SecurityPolicy", "scoring-auth");

  it("targets the service's HTTPRoute and checks the project token Secret", () => {
    expect(policy.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "scoring" }]);
    expect(policy.spec.apiKeyAuth.credentialRefs).toEqual([{ group: "", kind: "Secret", name: "demo-token" }]);
  });

  it("accepts the token from the query parameter, the Authorization header and the cookie, and strips it", () => {
    expect(policy.spec.apiKeyAuth.extractFrom).toEqual([{ params: ["lab_token"] }, { headers: ["authorization"] }, { cookies: ["lab_access_token"] }]);
    expect(policy.spec.apiKeyAuth.sanitize).toBe(true);
  });

  it("respects the CRD's CEL rule the schema checker does not run: exactly one of headers/params/cookies per entry", () => {
    for (const sp of of(objects, "SecurityPolicy")) {
      for (const entry of sp.spec.apiKeyAuth.extractFrom) {
        const set = ["headers", "params", "cookies"].filter((k) => k in entry);
        expect(set, JSON.stringify(entry)).toHaveLength(1);
        expect(entry[set[0]].length).toBeGreaterThan(0);
      }
      // "either targetRef or targetRefs must be used"
      expect("targetRef" in sp.spec).toBe(false);
      expect(sp.spec.targetRefs.every((ref: any) => ref.group === "gateway.networking.k8s.io" && ref.kind === "HTTPRoute")).toBe(true);
    }
    expect(TOKEN_SOURCES).toHaveLength(3);
  });

  it("renders no policy for a service exposed without auth, said explicitly", () => {
    expect(named(objects, "HTTPRoute", "docs")).toBeDefined();
    expect(
      of(objects, "SecurityPolicy")
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["dashboard-auth", "scoring-auth"]);
    expect(resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [publicDocs] }, { name: "demo" }).warnings.join()).toMatch(
      /'docs' are exposed WITHOUT authentication/,
    );
  });
});

describe("istio provider", () => {
  const objects = project("istio");

  it("validates the JWT from the Bearer header, the cookie and the query parameter at the gateway, and drops it", () => {
    const ra = named(objects, "RequestAuthentication", "demo.scoring-jwt");
    expect(ra.metadata.namespace).toBe("istio-ingress");
    expect(ra.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "istio-gw" }]);
    expect(ra.spec.jwtRules).toEqual([
      {
        issuer: "https://lab.example.com",
        jwksUri: "https://lab.example.com/api/auth/jwks",
        fromHeaders: [{ name: "Authorization", prefix: "Bearer " }],
        fromCookies: ["lab_access_token"],
        fromParams: ["lab_token"],
        forwardOriginalToken: false,
      },
    ]);
  });

  it("denies the service's paths without a principal of the issuer, or without the project claim", () => {
    const ap = named(objects, "AuthorizationPolicy", "demo.scoring-require-token");
    expect(ap.spec.action).toBe("DENY");
    const to = [
      {
        operation: {
          paths: [
            "/api/projects/demo/services/scoring/8080",
            "/api/projects/demo/services/scoring/8080/*",
            "/api/projects/demo/services/scoring/9090",
            "/api/projects/demo/services/scoring/9090/*",
          ],
        },
      },
    ];
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { notRequestPrincipals: ["https://lab.example.com/*"] } }], to },
      { to, when: [{ key: "request.auth.claims[permissions]", notValues: ["project-demo"] }] },
    ]);
    expect(objects.some((o) => o.kind === "AuthorizationPolicy" && o.metadata.name.includes("docs"))).toBe(false);
  });
});

describe("ext-auth provider", () => {
  const objects = project("ext-auth");

  it("sends the token headers to the auth service and removes Authorization before the service", () => {
    const policy = named(objects, "SecurityPolicy", "scoring-auth");
    expect(policy.spec.extAuth).toEqual({
      http: { backendRefs: [{ group: "", kind: "Service", name: "lab-auth", namespace: "lab-system", port: 8080 }], path: "/api/auth/verify" },
      headersToExtAuth: ["authorization", "cookie"],
      failOpen: false,
    });
    const route = named(objects, "HTTPRoute", "scoring");
    expect(route.spec.rules[0].filters).toContainEqual({ type: "RequestHeaderModifier", requestHeaderModifier: { remove: ["Authorization"] } });
    // one of grpc/http (CEL rule)
    expect(Object.keys(policy.spec.extAuth).filter((k) => k === "grpc" || k === "http")).toEqual(["http"]);
  });
});

describe("ingress-nginx provider (legacy)", () => {
  const objects = project("ingress-nginx");

  it("rewrites <prefix>(/|$)(.*) to /$2 with auth-url, like Orchest", () => {
    const ingress = named(objects, "Ingress", "scoring");
    expect(ingress.metadata.annotations).toEqual({
      "argocd.argoproj.io/sync-wave": "2",
      "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
      "nginx.ingress.kubernetes.io/auth-url": "https://lab.example.com/api/auth/verify",
      "nginx.ingress.kubernetes.io/use-regex": "true",
      "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
    });
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.rules[0].host).toBe("lab.example.com");
    expect(ingress.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual([
      "/api/projects/demo/services/scoring/8080(/|$)(.*)",
      "/api/projects/demo/services/scoring/9090(/|$)(.*)",
    ]);
  });

  it("keeps the path whole when preserved, and has no auth-url when auth is off", () => {
    const dash = named(objects, "Ingress", "dashboard");
    expect(dash.spec.rules[0].http.paths[0]).toMatchObject({ path: "/api/projects/demo/services/dashboard/8501", pathType: "Prefix" });
    expect(dash.metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]).toBeUndefined();
    expect(named(objects, "Ingress", "docs").metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]).toBeUndefined();
  });

  it("warns that ingress-nginx is retired upstream", () => {
    const spec = resolveLabProject({ name: "demo", ingress: ingressFor("ingress-nginx"), services: [scoring] }, { name: "demo" });
    expect(spec.warnings).toContain(INGRESS_NGINX_WARNING);
    expect(INGRESS_NGINX_WARNING).toMatch(/retired/);
  });
});

describe("every provider", () => {
  for (const provider of PROVIDERS) {
    it(`${provider}: renders no route for internal services`, () => {
      const objects = project(provider, [scoring, { name: "redis", image: "redis:7.4.2", port: 6379, exposed: false }]);
      expect(objects.filter((o) => o.metadata.name.startsWith("redis") && !["Deployment", "Service", "ServiceAccount"].includes(o.kind))).toEqual([]);
    });
  }
});
