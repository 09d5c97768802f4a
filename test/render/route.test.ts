import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { ModelService, ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { renderModelService, resolveModelService } from "../../lib/render";
import { checkObjects } from "../../lib/policy";
import { expectValidObjects } from "../support/schema-check";
import { httpRouteObject } from "../../lib/render/route";

const gateway = { name: "public", namespace: "gateway-system", sectionName: "https" };
const base: ModelServiceProps = { image: "registry.example.com/ml/iris:1.0.0", namespace: "ml", port: 5000 };
const render = (props: ModelServiceProps) => renderModelService(resolveModelService(props, { name: "iris" }));
const routeOf = (props: ModelServiceProps) =>
  render(props).find((o) => o.kind === "HTTPRoute") as { metadata: Record<string, unknown>; spec: Record<string, unknown> } | undefined;

describe("ModelService route", () => {
  it("renders no HTTPRoute unless asked", () => {
    expect(routeOf(base)).toBeUndefined();
  });

  it("renders an HTTPRoute to the primary port through the named HTTPS listener, prefix stripped", () => {
    const objects = render({ ...base, route: { parentRef: gateway, pathPrefix: "/ml/iris/", hostnames: ["models.example.com"] } });
    const route = objects.find((o) => o.kind === "HTTPRoute")!;
    expect(route.metadata).toMatchObject({ name: "iris", namespace: "ml" });
    expect(route.spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway-system", sectionName: "https" }],
      hostnames: ["models.example.com"],
      rules: [
        {
          name: "http",
          matches: [{ path: { type: "PathPrefix", value: "/ml/iris" } }],
          filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }],
          backendRefs: [{ group: "", kind: "Service", name: "iris", port: 5000 }],
        },
      ],
    });
    expectValidObjects(objects);
    expect(checkObjects(objects).filter((v) => v.check === "httproute-targets-service")).toEqual([]);
  });

  it("keeps the path when stripPrefix is false, and matches everything by default", () => {
    expect(
      (routeOf({ ...base, route: { parentRef: gateway, pathPrefix: "/app", stripPrefix: false } })!.spec.rules as Array<Record<string, unknown>>)[0].filters,
    ).toBeUndefined();
    const whole = routeOf({ ...base, route: { parentRef: gateway } })!;
    expect((whole.spec.rules as Array<Record<string, unknown>>)[0]).toMatchObject({ matches: [{ path: { type: "PathPrefix", value: "/" } }] });
    expect((whole.spec.rules as Array<Record<string, unknown>>)[0].filters).toBeUndefined();
  });

  it("routes to a named port", () => {
    const route = routeOf({
      ...base,
      port: undefined,
      ports: [
        { name: "grpc", port: 9000 },
        { name: "web", port: 8080 },
      ],
      route: { parentRef: gateway, port: "web" },
    })!;
    expect((route.spec.rules as Array<{ backendRefs: unknown[] }>)[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "iris", port: 8080 }]);
  });

  it.each([
    [{ parentRef: { name: "public" } }, /'route\.parentRef\.sectionName' is required.*HTTPS listener/],
    [{ parentRef: { ...gateway, name: "Public_GW" } }, /'route\.parentRef\.name' is not a valid object name \(a DNS-1123 subdomain\) \(got "Public_GW"\)/],
    [{ parentRef: gateway, pathPrefix: "iris" }, /'route\.pathPrefix' is not a valid path prefix \(got "iris"\).*start it with '\/'/],
    [{ parentRef: gateway, pathPrefix: "/a/../b" }, /'route\.pathPrefix' must not contain/],
    [{ parentRef: gateway, hostnames: ["models.example.com:443"] }, /'route\.hostnames\[0\]' is not a valid host name/],
    [{ parentRef: gateway, port: "admin" }, /'route\.port' is not the name of a port \(got "admin"\).*'http'/],
    [{ parentRef: gateway, stripPrefix: true }, /'route\.stripPrefix' is true but the path prefix is '\/'/],
    [{}, /'route\.parentRef' is required/],
  ])("refuses a bad route %j naming field, value and fix", (route, message) => {
    expect(() => resolveModelService({ ...base, route: route as never }, { name: "iris" })).toThrow(ModelshipValidationError);
    expect(() => resolveModelService({ ...base, route: route as never }, { name: "iris" })).toThrow(message);
  });

  it("is emitted by the cdk8s adapter unchanged", () => {
    const chart = new Chart(Testing.app(), "test");
    const props = { ...base, route: { parentRef: gateway, pathPrefix: "/iris" } };
    new ModelService(chart, "iris", props);
    const synthesized = Testing.synth(chart);
    expect(synthesized.filter((o) => o.kind === "HTTPRoute")).toEqual([routeOf(props)]);
    expectValidObjects(synthesized);
  });
});

describe("httpRouteObject: the one HTTPRoute builder of ModelService and LabProject routes", () => {
  const rule = { name: "http", pathPrefix: "/a", serviceName: "svc", port: 8080 };
  it("rewrites the prefix before the other filters, and leaves filters out when there are none", () => {
    const remove = { type: "RequestHeaderModifier", requestHeaderModifier: { remove: ["Authorization"] } };
    const route = httpRouteObject({
      name: "r",
      parentRef: gateway,
      rules: [
        { ...rule, stripPrefix: true, filters: [remove] },
        { ...rule, name: "plain", stripPrefix: false },
      ],
    }) as any;
    expectValidObjects([route]);
    expect(route.metadata).toEqual({ name: "r" });
    expect(route.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", ...gateway }]);
    expect(route.spec.rules[0].filters).toEqual([
      { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } },
      remove,
    ]);
    expect(route.spec.rules[1]).toEqual({
      name: "plain",
      matches: [{ path: { type: "PathPrefix", value: "/a" } }],
      backendRefs: [{ group: "", kind: "Service", name: "svc", port: 8080 }],
    });
  });
});
