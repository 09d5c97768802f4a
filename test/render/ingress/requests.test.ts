import { describe, expect, it } from "vitest";
import type { LabIngressProvider } from "../../../lib/model/lab";
import { resolveLabPlatform } from "../../../lib/model/lab";
import { resolveLabProject, type LabServiceProps } from "../../../lib/model/lab";
import { renderLabPlatform } from "../../../lib/render/lab-platform";
import { renderLabProject } from "../../../lib/render/lab-project";
import type { KubeObject } from "../../../lib/render/types";
import { ingressFor, PROVIDERS, scoringService } from "../../support/lab-fixtures";
import { networkPolicyAdmits, normalizePath, send, type LabOutcome, type LabRequest, type LabWorld } from "../../support/lab-request-model";

const docs: LabServiceProps = { name: "docs", image: "registry.example.com/docs:1.0.0", port: 8000, exposed: true, requiresAuthentication: false };
const projectObjects = (name: string, provider: LabIngressProvider) => {
  const base = ingressFor(provider);
  // The fixture's Istio claim names the demo project; each project binds its own.
  const ingress = provider === "istio" ? { ...base, istio: { ...base.istio!, requiredClaims: { permissions: [`project-${name}`] } } } : base;
  return renderLabProject(resolveLabProject({ name, ingress, services: [scoringService, docs] }, { name }));
};

/** The right token of each project, by provider: the Secret value for Envoy checks and auth services, a JWT for Istio. */
const token = (provider: LabIngressProvider, project: string) => (provider === "istio" ? `jwt-${project}` : `${project}-secret`);
const tokenProject = (value: string | undefined) => value?.replace(/^Bearer /, "").match(/^(\w+)-secret$/)?.[1];
const world: LabWorld = {
  secrets: { "demo/demo-token": { token: "demo-secret" }, "evil/evil-token": { token: "evil-secret" } },
  jwts: {
    "jwt-demo": { iss: "https://lab.example.com", sub: "alice", permissions: ["project-demo"] },
    "jwt-evil": { iss: "https://lab.example.com", sub: "mallory", permissions: ["project-evil"] },
  },
  // ML Lab's check: the token must be one of the project named in the path.
  authService: ({ path, headers }) => {
    const project = path.match(/\/api\/projects\/([^/]+)\//)?.[1];
    const cookie = headers.cookie?.match(/lab_access_token=([^;]+)/)?.[1];
    const param = new URLSearchParams(path.split("?")[1] ?? "").get("lab_token") ?? undefined;
    return [tokenProject(headers.authorization), tokenProject(cookie), tokenProject(param)].some((p) => p !== undefined && p === project);
  },
};

const host = "lab.example.com";
const scoring = "/api/projects/demo/services/scoring/8080";
const allowed = (outcome: LabOutcome) => outcome.status === 200 && outcome.backend?.namespace === "demo" && outcome.backend.service === "scoring";
const tokenIn = (outcome: LabOutcome, value: string) => JSON.stringify(outcome.backend ?? {}).includes(value);

describe("the request-level model follows the upstream normalisation", () => {
  it("resolves dot segments, merges slashes and redirects escaped slashes", () => {
    expect(normalizePath("/a/b/../c//d/./e?x=1")).toEqual({ kind: "path", path: "/a/c/d/e", query: "?x=1" });
    expect(normalizePath("/a%2Fb")).toEqual({ kind: "redirect", location: "/a/b" });
    expect(normalizePath("/%61pi/x")).toEqual({ kind: "path", path: "/api/x", query: "" });
  });
});

for (const provider of PROVIDERS) {
  describe(`${provider}: requests against one project`, () => {
    const objects = [...projectObjects("demo", provider), ...projectObjects("evil", provider)];
    const right = token(provider, "demo");
    const go = (path: string, headers: Record<string, string> = {}) => send(objects, { host, path, headers } satisfies LabRequest, world);
    const strips = { header: provider !== "ingress-nginx", query: provider === "gateway-api" || provider === "istio", cookie: provider === "gateway-api" };

    it("admits the right token in the Authorization header, rewrites the path, and removes the header where the provider can", () => {
      const outcome = go(`${scoring}/predict`, { authorization: `Bearer ${right}` });
      expect(allowed(outcome), outcome.reason).toBe(true);
      expect(outcome.backend!.path).toBe("/predict");
      expect(tokenIn(outcome, right)).toBe(!strips.header);
    });

    it("admits the right token in the cookie lab_access_token; it reaches the service only where the docs say so", () => {
      const outcome = go(`${scoring}/`, { cookie: `theme=dark; lab_access_token=${right}` });
      expect(allowed(outcome), outcome.reason).toBe(true);
      expect(tokenIn(outcome, right)).toBe(!strips.cookie);
      expect(outcome.backend!.headers.cookie).toContain("theme=dark");
    });

    it("admits the right token in the query parameter lab_token; it reaches the service only where the docs say so", () => {
      const outcome = go(`${scoring}/predict?lab_token=${right}&x=1`);
      expect(allowed(outcome), outcome.reason).toBe(true);
      expect(tokenIn(outcome, right)).toBe(!strips.query);
      expect(outcome.backend!.path).toMatch(/x=1/);
    });

    it("refuses a wrong token, another project's token and no token", () => {
      for (const headers of <Record<string, string>[]>[
        { authorization: "Bearer not-a-token" },
        { authorization: `Bearer ${token(provider, "evil")}` },
        { cookie: `lab_access_token=${token(provider, "evil")}` },
        {},
      ]) {
        const outcome = go(`${scoring}/`, headers);
        expect(outcome.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
        expect(outcome.backend).toBeUndefined();
      }
    });

    it("routes /8080 and /8080/ (to /), never /80 to the 8080 service", () => {
      const auth = { authorization: `Bearer ${right}` };
      expect(go(scoring, auth).backend?.path).toBe("/");
      expect(go(`${scoring}/`, auth).backend?.path).toBe("/");
      expect(go("/api/projects/demo/services/scoring/80/", auth).status).toBe(404);
      expect(go("/api/projects/demo/services/scoring/80801/", auth).status).toBe(404);
    });

    it("path tricks do not reach an authenticated service without the token: '..' from a public service, %2F, case", () => {
      for (const path of [
        "/api/projects/demo/services/docs/8000/../../scoring/8080/",
        "/api/projects/demo/services/scoring%2F8080/",
        "/api/projects/demo/services/scoring/8080%2Fpredict",
        "/API/projects/demo/services/scoring/8080/",
        "//api/projects/demo/services/scoring/8080/",
      ]) {
        const outcome = go(path);
        expect(outcome.backend?.service, `${path}: ${outcome.reason}`).not.toBe("scoring");
        expect(outcome.status).toBeGreaterThanOrEqual(400);
      }
      // and the public service stays public
      expect(go("/api/projects/demo/services/docs/8000/").status).toBe(200);
    });
  });
}

/** A neighbour's deployer writes a route under demo's prefix, pointing at its own service, with no check. */
function hijack(provider: LabIngressProvider): KubeObject {
  const gateway = ingressFor(provider).gateway!;
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "steal", namespace: "evil" },
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gateway.name, namespace: gateway.namespace, sectionName: gateway.sectionName }],
      hostnames: [host],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: `${scoring}/predict` } }],
          backendRefs: [{ group: "", kind: "Service", name: "scoring", port: 8080 }],
        },
      ],
    },
  } as KubeObject;
}

/** An older CORS-only SecurityPolicy on demo's route (Envoy Gateway would apply it instead of the auth). */
const corsFirst: KubeObject = {
  apiVersion: "gateway.envoyproxy.io/v1alpha1",
  kind: "SecurityPolicy",
  metadata: { name: "aaa-cors", namespace: "demo" },
  spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "scoring" }], cors: { allowOrigins: ["https://lab.example.com"] } },
} as KubeObject;

for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
  describe(`${provider}: a hostile neighbour`, () => {
    const demo = projectObjects("demo", provider);
    const evil = projectObjects("evil", provider);
    const platform = renderLabPlatform(resolveLabPlatform({ hostnames: [host] }, { name: "platform" }));
    const request = {
      host,
      path: `${scoring}/predict`,
      headers: { authorization: `Bearer ${token(provider, "demo")}`, cookie: `lab_access_token=${token(provider, "demo")}` },
    };

    it("without the LabPlatform, a longer prefix in another namespace takes demo's requests (Gateway API precedence)", () => {
      const outcome = send([hijack(provider), ...demo, ...evil], request, world);
      expect(outcome.backend?.namespace).toBe("evil");
    });

    it("with the LabPlatform, the neighbour's route is refused at admission and demo keeps its path", () => {
      const outcome = send([...platform, hijack(provider), ...demo, ...evil], request, world);
      expect(allowed(outcome), outcome.reason).toBe(true);
    });

    if (provider !== "istio") {
      it("an older CORS-only SecurityPolicy on the route would drop the check; the LabPlatform refuses it", () => {
        const unchecked = { host, path: `${scoring}/` };
        expect(send([corsFirst, ...demo], unchecked, world).status).toBe(200);
        expect(send([...platform, corsFirst, ...demo], unchecked, world).status).toBe(401 + (provider === "ext-auth" ? 2 : 0));
      });
    }
  });
}

describe("gateway-api: fail closed", () => {
  it("answers 500, not the service, when the credential Secret is missing", () => {
    const outcome = send(
      projectObjects("demo", "gateway-api"),
      { host, path: `${scoring}/`, headers: { authorization: "Bearer demo-secret" } },
      { secrets: {} },
    );
    expect(outcome.status).toBe(500);
    expect(outcome.backend).toBeUndefined();
  });

  it("a Secret entry 'Bearer <token>' never matches: Envoy strips the prefix before comparing", () => {
    const bearerOnly: LabWorld = { secrets: { "demo/demo-token": { bearer: "Bearer demo-secret" } } };
    expect(
      send(projectObjects("demo", "gateway-api"), { host, path: `${scoring}/`, headers: { authorization: "Bearer demo-secret" } }, bearerOnly).status,
    ).toBe(401);
  });
});

/** The proxy pods each provider connects from, with the labels their controllers give them (see LabIngressProps.proxyPodLabels). */
const proxyOf = (provider: LabIngressProvider): NonNullable<LabWorld["proxy"]> => {
  switch (provider) {
    case "gateway-api":
    case "ext-auth":
      return {
        namespace: "envoy-gateway-system",
        labels: {
          "app.kubernetes.io/name": "envoy",
          "app.kubernetes.io/component": "proxy",
          "gateway.envoyproxy.io/owning-gateway-name": "eg",
          "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system",
        },
      };
    case "istio":
      return { namespace: "istio-ingress", labels: { "gateway.networking.k8s.io/gateway-name": "istio-gw" } };
    case "ingress-nginx":
      return { namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } };
  }
};

const canaryProject = (provider: LabIngressProvider, mode: "split" | "mirror" = "split") => {
  const base = ingressFor(provider);
  const ingress = provider === "istio" ? { ...base, istio: { ...base.istio!, requiredClaims: { permissions: ["project-demo"] } } } : base;
  const canary = { weight: 10, mode, image: "registry.example.com/scoring:1.1.0" };
  return renderLabProject(resolveLabProject({ name: "demo", ingress, services: [{ ...scoringService, canary }, docs] }, { name: "demo" }));
};

for (const provider of PROVIDERS) {
  describe(`${provider}: a canary at 10% behind the project's check`, () => {
    const objects = canaryProject(provider);
    const inCluster: LabWorld = { ...world, proxy: proxyOf(provider) };
    const right = token(provider, "demo");
    // Envoy takes the second backend (the canary) for draws in [90, 100); ingress-nginx takes the canary when math.random(100), draw + 1, is <= 10.
    const canaryDraw = provider === "ingress-nginx" ? 5 : 95;
    const stableDraw = provider === "ingress-nginx" ? 50 : 5;
    const go = (draw: number, headers: Record<string, string> = {}, within = objects) =>
      send(within, { host, path: `${scoring}/predict`, headers, draw }, inCluster);

    it("sends the canary's share to the canary and the rest to the stable pods, with the token", () => {
      const toCanary = go(canaryDraw, { authorization: `Bearer ${right}` });
      expect(toCanary.status, toCanary.reason).toBe(200);
      expect(toCanary.backend).toMatchObject({ namespace: "demo", service: "scoring-canary", path: "/predict" });
      expect(go(stableDraw, { authorization: `Bearer ${right}` }).backend?.service).toBe("scoring");
    });

    it("refuses the canary's share without a token, with another project's token and with a wrong one", () => {
      for (const headers of <Record<string, string>[]>[{}, { authorization: `Bearer ${token(provider, "evil")}` }, { authorization: "Bearer not-a-token" }]) {
        const outcome = go(canaryDraw, headers);
        expect(outcome.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
        expect(outcome.backend).toBeUndefined();
      }
    });

    it("the canary's pods admit the proxy exactly as the stable pods do, and no-one else from outside the project", () => {
      const policies = objects.filter((o) => o.kind === "NetworkPolicy");
      expect(go(canaryDraw, { authorization: `Bearer ${right}` }).status).toBe(200);
      // The check can fail: without the canary's proxy policy, default deny drops the connection.
      const withoutCanaryPolicy = objects.filter((o) => !(o.kind === "NetworkPolicy" && o.metadata.name === "allow-proxy-scoring-canary"));
      expect(go(canaryDraw, { authorization: `Bearer ${right}` }, withoutCanaryPolicy).status).toBe(503);
      const canaryPods = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "scoring-canary") as any;
      const stablePods = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "scoring") as any;
      const pod = (d: any) => ({ labels: d.spec.template.metadata.labels, ports: [8080, 9090] });
      const peers = [
        proxyOf(provider),
        { namespace: "demo", labels: { app: "other" } },
        { namespace: "evil", labels: {} },
        { namespace: proxyOf(provider).namespace, labels: { app: "not-the-proxy" } },
      ];
      for (const peer of peers)
        expect(networkPolicyAdmits(policies, "demo", pod(canaryPods), peer), JSON.stringify(peer)).toBe(
          networkPolicyAdmits(policies, "demo", pod(stablePods), peer),
        );
      expect(networkPolicyAdmits(policies, "demo", pod(canaryPods), { namespace: "evil", labels: {} })).toBe(false);
    });
  });
}

for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
  describe(`${provider}: a shadow (mirror) behind the project's check`, () => {
    const objects = canaryProject(provider, "mirror");
    const inCluster: LabWorld = { ...world, proxy: proxyOf(provider) };
    const go = (draw: number, headers: Record<string, string> = {}) => send(objects, { host, path: `${scoring}/predict`, headers, draw }, inCluster);

    it("mirrors the share to the canary only after the check, with what the stable service receives", () => {
      const outcome = go(5, { authorization: `Bearer ${token(provider, "demo")}` });
      expect(outcome.backend?.service).toBe("scoring");
      expect(outcome.mirror).toMatchObject({ service: "scoring-canary", path: "/predict" });
      expect(outcome.mirror!.headers).toEqual(outcome.backend!.headers);
      expect(go(50, { authorization: `Bearer ${token(provider, "demo")}` }).mirror).toBeUndefined();
    });

    it("mirrors nothing without a token", () => {
      const outcome = go(5);
      expect(outcome.status).toBeGreaterThanOrEqual(400);
      expect(outcome.mirror).toBeUndefined();
    });
  });
}
