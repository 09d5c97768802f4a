import { describe, expect, it } from "vitest";
import { gatewayOption } from "../../lib/importers/gateway";

describe("the --gateway import option", () => {
  it("reads <namespace>/<gateway>:<listener>, the namespace optional, or an object", () => {
    expect(gatewayOption({ gateway: "gateway-system/public:https" })).toEqual({
      parentRef: { namespace: "gateway-system", name: "public", sectionName: "https" },
    });
    expect(gatewayOption({ gateway: "public:https" })).toEqual({ parentRef: { name: "public", sectionName: "https" } });
    expect(gatewayOption({ gateway: { name: "eg", namespace: "envoy", sectionName: "tls" } })).toEqual({
      parentRef: { name: "eg", namespace: "envoy", sectionName: "tls" },
    });
    expect(gatewayOption({})).toEqual({});
  });

  it("refuses a value without the listener, naming the flag and the form", () => {
    const { issue } = gatewayOption({ gateway: "gateway-system/public" });
    expect(issue).toMatchObject({ field: "--gateway", value: "gateway-system/public", problem: "is not <namespace>/<gateway>:<listener>" });
    expect(issue?.fix).toContain("--gateway gateway-system/public:https");
  });
});
