import { describe, expect, it } from "vitest";
import { installMocks } from "../../lib/pulumi/mocks";

const run = installMocks();
const pulumi = await import("@pulumi/pulumi");
const k8s = await import("@pulumi/kubernetes");
const { createKubeResource, kubeResourceClass, logicalName } = await import("../../lib/pulumi/kube-object");
const { emitObjects } = await import("../../lib/pulumi/emit");
const { DeferredInputs, checkImageValue } = await import("../../lib/pulumi/inputs");

describe("kubeResourceClass", () => {
  it("maps built-in apiVersion/kind to the typed class", () => {
    expect(kubeResourceClass("apps/v1", "Deployment")).toBe(k8s.apps.v1.Deployment);
    expect(kubeResourceClass("v1", "Service")).toBe(k8s.core.v1.Service);
    expect(kubeResourceClass("batch/v1", "CronJob")).toBe(k8s.batch.v1.CronJob);
    expect(kubeResourceClass("rbac.authorization.k8s.io/v1", "RoleBinding")).toBe(k8s.rbac.v1.RoleBinding);
    expect(kubeResourceClass("networking.k8s.io/v1", "NetworkPolicy")).toBe(k8s.networking.v1.NetworkPolicy);
    expect(kubeResourceClass("autoscaling/v2", "HorizontalPodAutoscaler")).toBe(k8s.autoscaling.v2.HorizontalPodAutoscaler);
  });

  it("returns nothing for custom resources and unknown kinds", () => {
    expect(kubeResourceClass("gateway.networking.k8s.io/v1", "HTTPRoute")).toBeUndefined();
    expect(kubeResourceClass("argoproj.io/v1alpha1", "Workflow")).toBeUndefined();
    expect(kubeResourceClass("apps/v1", "NoSuchKind")).toBeUndefined();
  });
});

describe("createKubeResource and emitObjects", () => {
  class Parent extends pulumi.ComponentResource {
    constructor() {
      super("modelship:test:Parent", "parent", {}, {});
      emitObjects(this, [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "lab" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "lab" }, data: { a: "1" } },
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          metadata: { name: "route", namespace: "lab" },
          spec: { parentRefs: [{ name: "gw" }] },
        },
      ]);
      this.registerOutputs({});
    }
  }
  const parent = new Parent();
  const standalone = createKubeResource({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "solo" } }, {});

  it("creates typed resources and custom resources, named namespace/name, under the parent", async () => {
    await run.settled();
    const root = run.resources.find((r) => r.type === "modelship:test:Parent")!;
    const children = run.resources.filter((r) => r.parent === root.urn);
    expect(children.map((r) => [r.type, r.name]).sort()).toEqual([
      ["kubernetes:core/v1:ConfigMap", "lab/settings"],
      ["kubernetes:core/v1:Namespace", "lab"],
      ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "lab/route"],
    ]);
    expect(children.find((r) => r.name === "lab/route")!.inputs).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "route", namespace: "lab" },
      spec: { parentRefs: [{ name: "gw" }] },
    });
    expect(standalone).toBeInstanceOf(k8s.core.v1.ConfigMap);
    expect(parent).toBeDefined();
  });

  it("makes objects wait for the Namespace created with them", async () => {
    await run.settled();
    const namespace = run.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
    for (const name of ["lab/settings", "lab/route"]) expect(run.resources.find((r) => r.name === name)!.dependencies).toEqual([namespace.urn]);
    expect(namespace.dependencies).toEqual([]);
  });

  it("names cluster-scoped and provider-namespaced objects by name alone", () => {
    expect(logicalName({ metadata: { name: "lab" } })).toBe("lab");
    expect(logicalName({ metadata: { name: "svc", namespace: "ml" } })).toBe("ml/svc");
  });
});

describe("DeferredInputs", () => {
  const value = <T>(output: unknown) => (output as { promise(): Promise<T> }).promise();

  it("leaves plain strings alone and substitutes outputs inside strings", async () => {
    const deferred = new DeferredInputs({ kind: "ModelService", name: "x" });
    expect(deferred.name("plain")).toBe("plain");
    const standIn = deferred.name(pulumi.output("real-name"));
    expect(standIn).toMatch(/^[a-z0-9-]+$/);
    const [object] = deferred.substitute([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { whole: standIn, part: `prefix-${standIn}-suffix`, other: "x" } },
    ]);
    const data = object.data as Record<string, unknown>;
    expect(await value(data.whole)).toBe("real-name");
    expect(await value(data.part)).toBe("prefix-real-name-suffix");
    expect(data.other).toBe("x");
  });

  it("passes an image output through the check of a plain image", async () => {
    const deferred = new DeferredInputs({ kind: "ModelService", name: "x" });
    const pinned = deferred.image(pulumi.output("registry.example.com/app:1.0.0"), "image");
    expect(pinned).toMatch(/@sha256:0{64}$/);
    expect(await value(deferred.substituteValue(pinned))).toBe("registry.example.com/app:1.0.0");
  });

  it("rejects mutable or malformed images known only at deployment (unless allowed)", () => {
    const owner = { kind: "ModelService", name: "x" };
    expect(() => checkImageValue(owner, "image", "registry.example.com/app:latest")).toThrow(
      "ModelService 'x': 'image' uses the mutable ':latest' tag (got \"registry.example.com/app:latest\")",
    );
    expect(() => checkImageValue(owner, "image", "registry.example.com/app")).toThrow("'image' has no tag, so it means ':latest'");
    expect(() => checkImageValue(owner, "image", "Not An Image")).toThrow("'image' is not a valid image reference");
    expect(checkImageValue(owner, "image", "registry.example.com/app:latest", true)).toBe("registry.example.com/app:latest");
  });

  it("refuses to substitute a reserved image that was never provided", () => {
    const deferred = new DeferredInputs({ kind: "ModelService", name: "x" });
    const standIn = deferred.reserveImage();
    expect(() => deferred.substituteValue(standIn)).toThrow(/never provided/);
    deferred.provide(standIn, "registry.example.com/app@sha256:" + "a".repeat(64));
    expect(() => deferred.substituteValue(standIn)).not.toThrow();
  });
});
