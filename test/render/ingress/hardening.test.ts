import { describe, expect, it } from "vitest";
import { resolveLabProject, type LabProjectProps } from "../../../lib/model/lab";
import { renderLabProject } from "../../../lib/render/lab-project";
import type { KubeObject } from "../../../lib/render/types";
import { expectValidObjects } from "../../support/schema-check";
import { ENVOY_PROXY_PEER, ingressFor, PROVIDERS, scoringService } from "../../support/lab-fixtures";

const resolve = (props: Partial<LabProjectProps>) =>
  resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [scoringService], ...props }, { name: "demo" });
const render = (props: Partial<LabProjectProps>): KubeObject[] => {
  const objects = renderLabProject(resolve(props));
  expectValidObjects(objects);
  return objects;
};
const of = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];

describe("istio enforces at the ingress gateway, whatever the mesh does with the project's pods", () => {
  const objects = render({ ingress: ingressFor("istio") });
  const gatewayNamespace = ingressFor("istio").gateway!.namespace;

  it("attaches RequestAuthentication and a DENY AuthorizationPolicy to the Gateway, in its namespace", () => {
    const [ra] = of(objects, "RequestAuthentication");
    const [ap] = of(objects, "AuthorizationPolicy");
    for (const policy of [ra, ap]) {
      expect(policy.metadata.namespace).toBe(gatewayNamespace);
      expect(policy.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "istio-gw" }]);
      expect(policy.spec.selector).toBeUndefined();
    }
    expect(ap.spec.action).toBe("DENY");
  });

  it("denies the service's paths without a principal of the issuer", () => {
    const [ap] = of(objects, "AuthorizationPolicy");
    const paths = [
      "/api/projects/demo/services/scoring/8080",
      "/api/projects/demo/services/scoring/8080/*",
      "/api/projects/demo/services/scoring/9090",
      "/api/projects/demo/services/scoring/9090/*",
    ];
    expect(ap.spec.rules).toContainEqual({ from: [{ source: { notRequestPrincipals: ["https://lab.example.com/*"] } }], to: [{ operation: { paths } }] });
  });

  it("names its objects in the shared Gateway namespace injectively, labelled with their project", () => {
    // Project 'a-b' service 'c' and project 'a' service 'b-c' joined with '-' would both be 'a-b-c-…':
    // the later apply would replace the other's DENY policy, leaving that project's paths unchecked.
    const names = (project: string, service: string, namespace?: string) => {
      const ingress = { ...ingressFor("istio"), istio: { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks" } };
      const rendered = renderLabProject(
        resolveLabProject({ name: project, namespace, ingress, services: [{ ...scoringService, name: service }] }, { name: project }),
      );
      expectValidObjects(rendered);
      const policies = rendered.filter((o) => o.kind === "RequestAuthentication" || o.kind === "AuthorizationPolicy");
      expect(policies).toHaveLength(2);
      for (const policy of policies) expect(policy.metadata.labels?.["lab.modelship.io/project"]).toBe(project);
      return policies.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    };
    const first = names("a-b", "c");
    const second = names("a", "b-c");
    expect(first).toEqual([`RequestAuthentication/${gatewayNamespace}/a-b.c-jwt`, `AuthorizationPolicy/${gatewayNamespace}/a-b.c-require-token`]);
    for (const name of first) expect(second).not.toContain(name);
    // The longest names still fit a DNS-1123 subdomain (253).
    const long = names("p".repeat(40), "s".repeat(50), "n".repeat(63));
    for (const name of long) expect(name.split("/")[2]).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });

  it("needs no sidecar: no istiod egress, no injection label on a restricted namespace", () => {
    const ns = of(objects, "Namespace")[0];
    expect(ns.metadata.labels["istio-injection"]).toBeUndefined();
    const egress = of(objects, "NetworkPolicy").flatMap((p) => p.spec.egress ?? []);
    expect(egress.some((rule: any) => rule.ports?.some((p: any) => p.port === 15012))).toBe(false);
  });
});

describe("istio binds the token to the project", () => {
  it("by default requires the project's permission claim (ML Lab's project-<p>)", () => {
    const ingress = { ...ingressFor("istio"), istio: { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks" } };
    const [ap] = of(render({ ingress }), "AuthorizationPolicy");
    expect(ap.spec.rules).toContainEqual(expect.objectContaining({ when: [{ key: "request.auth.claims[permissions]", notValues: ["project-demo"] }] }));
  });

  it("refuses a claim or audience that does not name the project, unless opted out explicitly (with a warning)", () => {
    const istio = { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks", requiredClaims: { permissions: ["admin"] } };
    expect(() => resolve({ ingress: { ...ingressFor("istio"), istio } })).toThrow(/'ingress.istio.requiredClaims' .*does not bind the token to the project/);
    const spec = resolve({ ingress: { ...ingressFor("istio"), istio: { ...istio, allowAnyProjectToken: true } } });
    expect(spec.warnings.join("\n")).toMatch(/any token of the issuer/);
  });

  it("binds by audience when audiences are given", () => {
    const istio = { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks", audiences: ["demo"] };
    const [ap] = of(render({ ingress: { ...ingressFor("istio"), istio } }), "AuthorizationPolicy");
    expect(ap.spec.rules).toContainEqual(expect.objectContaining({ when: [{ key: "request.auth.audiences", notValues: ["demo"] }] }));
  });

  it("compares whole values: another project's permission or a word containing the name does not bind", () => {
    const base = { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks" };
    const project = (istio: Record<string, unknown>) =>
      resolveLabProject({ name: "ml", ingress: { ...ingressFor("istio"), istio: { ...base, ...istio } }, services: [scoringService] }, { name: "ml" });
    // Project 'ml-ops' has the permission 'project-ml-ops'; its tokens must not open project 'ml'.
    for (const values of [["project-ml-ops"], ["html"], ["ml-ops"], ["project-m"]]) {
      expect(() => project({ requiredClaims: { permissions: values } })).toThrow(
        /'ingress.istio.requiredClaims' .*does not bind the token to the project 'ml'/,
      );
      expect(() => project({ audiences: values })).toThrow(/'ingress.istio.audiences' .*does not bind the token to the project 'ml'/);
    }
    expect(() => project({ requiredClaims: { permissions: ["project-ml"] } })).not.toThrow();
    expect(() => project({ requiredClaims: { project: ["ml"] } })).not.toThrow();
    expect(() => project({ audiences: ["ml"] })).not.toThrow();
  });

  it("binds only when some claim (or the audience list) allows nothing but the project: any listed value opens the route", () => {
    const base = { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks" };
    const project = (istio: Record<string, unknown>) =>
      resolveLabProject({ name: "ml", ingress: { ...ingressFor("istio"), istio: { ...base, ...istio } }, services: [scoringService] }, { name: "ml" });
    // Istio denies when the claim is none of the listed values: 'project-ml-ops' alone would open 'ml'.
    expect(() => project({ requiredClaims: { permissions: ["project-ml", "project-ml-ops"] } })).toThrow(/does not bind the token to the project 'ml'/);
    expect(() => project({ audiences: ["ml", "ml-ops"] })).toThrow(/does not bind the token to the project 'ml'/);
    // Claims are all required: one claim bound to the project is enough, whatever the others allow.
    expect(() => project({ requiredClaims: { permissions: ["project-ml"], groups: ["staff", "admin"] } })).not.toThrow();
    expect(() => project({ requiredClaims: { groups: ["staff"] }, audiences: ["ml"] })).not.toThrow();
  });
});

describe("policies are live before their routes", () => {
  for (const provider of ["gateway-api", "istio", "ext-auth"] as const) {
    it(`${provider}: the auth objects come before the HTTPRoute, with an earlier Argo CD sync wave`, () => {
      const objects = render({ ingress: ingressFor(provider) });
      const route = objects.findIndex((o) => o.kind === "HTTPRoute");
      const policies = objects
        .map((o, i) => [o, i] as const)
        .filter(([o]) => ["SecurityPolicy", "RequestAuthentication", "AuthorizationPolicy"].includes(o.kind));
      expect(policies.length).toBeGreaterThan(0);
      for (const [policy, index] of policies) {
        expect(index).toBeLessThan(route);
        const wave = (o: KubeObject) => Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
        expect(wave(policy)).toBeLessThan(wave(objects[route]));
      }
    });
  }
});

describe("reserved namespaces", () => {
  for (const namespace of ["kube-system", "kube-public", "kube-node-lease", "default", "envoy-gateway-system"]) {
    it(`refuses '${namespace}' as the project namespace`, () => {
      expect(() => resolve({ namespace })).toThrow(/'namespace' is reserved/);
    });
  }
  it("refuses the istio gateway's and the control plane's namespaces", () => {
    expect(() => resolve({ namespace: "istio-ingress", ingress: ingressFor("istio") })).toThrow(/'namespace' is reserved/);
    expect(() => resolve({ namespace: "istio-system", ingress: ingressFor("istio") })).toThrow(/'namespace' is reserved/);
  });
  it("warns that an existing namespace gets no Pod Security labels", () => {
    expect(resolve({ createNamespace: false }).warnings.join("\n")).toMatch(/createNamespace is false.*Pod Security/);
  });
});

describe("the proxy rule admits the proxy pods only", () => {
  it("gateway-api: namespaceSelector AND Envoy Gateway's proxy pod labels", () => {
    const policy = of(render({}), "NetworkPolicy").find((p) => p.metadata.name === "allow-proxy-scoring");
    expect(policy.spec.ingress[0].from).toEqual([ENVOY_PROXY_PEER]);
  });
  it("istio: the gateway's pods by gateway.networking.k8s.io/gateway-name; overridable", () => {
    const policy = of(render({ ingress: ingressFor("istio") }), "NetworkPolicy").find((p) => p.metadata.name === "allow-proxy-scoring");
    expect(policy.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { "gateway.networking.k8s.io/gateway-name": "istio-gw" } });
    const custom = of(render({ ingress: { ...ingressFor("gateway-api"), proxyPodLabels: { app: "my-proxy" } } }), "NetworkPolicy").find(
      (p) => p.metadata.name === "allow-proxy-scoring",
    );
    expect(custom.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { app: "my-proxy" } });
  });
});

describe("token removal is said where it is not done", () => {
  it("istio: the cookie reaches the service (Envoy's jwt_authn does not remove it)", () => {
    expect(resolve({ ingress: ingressFor("istio") }).warnings.join("\n")).toMatch(/cookie 'lab_access_token'.*reaches the service/);
  });
  it("ext-auth: the cookie and the query parameter reach the service", () => {
    expect(resolve({ ingress: ingressFor("ext-auth") }).warnings.join("\n")).toMatch(
      /cookie 'lab_access_token' and the query parameter 'lab_token' reach the service/,
    );
  });
  it("gateway-api: nothing to say", () => {
    expect(resolve({}).warnings.join("\n")).not.toMatch(/reach/);
  });
});

describe("HTTPS listeners only, unless opted out", () => {
  it("refuses a gateway without sectionName", () => {
    expect(() => resolve({ ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system" } } })).toThrow(/'ingress.gateway.sectionName' is required/);
  });
  it("allows plain HTTP only explicitly, with a warning", () => {
    const spec = resolve({ ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", allowPlainHttp: true } } });
    expect(spec.warnings.join("\n")).toMatch(/plain HTTP/);
  });
  it("ingress-nginx redirects to HTTPS", () => {
    const ingress = of(render({ ingress: ingressFor("ingress-nginx") }), "Ingress")[0];
    expect(ingress.metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]).toBe("true");
  });
});

describe("input gaps", () => {
  it("refuses CR/LF in ext-auth headersToBackend and path", () => {
    const extAuth = { service: "lab-auth", port: 8080 };
    expect(() => resolve({ ingress: { ...ingressFor("ext-auth"), extAuth: { ...extAuth, headersToBackend: ["x-user\r\nx-admin: 1"] } } })).toThrow(
      /'ingress.extAuth.headersToBackend\[0\]'/,
    );
    expect(() => resolve({ ingress: { ...ingressFor("ext-auth"), extAuth: { ...extAuth, path: "/verify\nx" } } })).toThrow(/'ingress.extAuth.path'/);
  });
  it("refuses brackets in istio claim names", () => {
    const istio = { issuer: "https://lab.example.com", jwksUri: "https://lab.example.com/api/auth/jwks", requiredClaims: { "permissions]": ["project-demo"] } };
    expect(() => resolve({ ingress: { ...ingressFor("istio"), istio } })).toThrow(/'ingress.istio.requiredClaims/);
  });
  for (const bad of ["/", "/data/../etc", "/data/./x", "//data"]) {
    it(`refuses the bind target '${bad}'`, () => {
      expect(() => resolve({ services: [{ ...scoringService, binds: { "/data": bad } }] })).toThrow(/'services\[0\]\.binds\.\/data'/);
    });
  }
  it("refuses an exposed service running as the deployer's ServiceAccount", () => {
    expect(() => resolve({ services: [{ ...scoringService, serviceAccount: { name: "deployer", create: false } }] })).toThrow(
      /'services\[0\]\.serviceAccount\.name' is the deployer's ServiceAccount/,
    );
  });
});

describe("the token Secret layout", () => {
  it("the ExternalSecret writes the token only: Envoy strips 'Bearer ' itself", () => {
    const objects = render({ token: { externalSecret: { store: "vault", remoteKey: "lab/demo" } } });
    const es = of(objects, "ExternalSecret")[0];
    expect(es.spec.target.template.data).toEqual({ token: "{{ .token }}" });
  });
  it("accepts 'bearer' as the token key now that it is not reserved", () => {
    expect(resolve({ token: { key: "bearer", externalSecret: { store: "vault", remoteKey: "lab/demo" } } }).token.key).toBe("bearer");
  });
});

describe("every provider renders valid objects", () => {
  for (const provider of PROVIDERS) it(provider, () => expect(render({ ingress: ingressFor(provider) }).length).toBeGreaterThan(0));
});
