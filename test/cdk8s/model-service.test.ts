import { Chart, Testing } from "cdk8s";
import * as kplus from "cdk8s-plus-27";
import { describe, expect, it } from "vitest";
import { FromKplus, ModelService, ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { renderModelService, resolveModelService } from "../../lib/render";
import { expectValidObjects } from "../support/schema-check";

const props: ModelServiceProps = { image: "registry.example.com/ml/iris:1.0.0", namespace: "ml", port: 5000, replicas: 2 };

describe("cdk8s ModelService", () => {
  it("emits exactly the rendered objects, one ApiObject each", () => {
    const chart = new Chart(Testing.app(), "test");
    const service = new ModelService(chart, "iris", props);
    const synthesized = Testing.synth(chart);
    expect(service.apiObjects).toHaveLength(service.objects.length);
    expect(synthesized).toEqual(renderModelService(resolveModelService(props, { name: "iris" })));
    expectValidObjects(synthesized);
  });

  it("exposes resolved attributes for other constructs", () => {
    const service = new ModelService(new Chart(Testing.app(), "test"), "iris", props);
    expect(service.serviceName).toBe("iris");
    expect(service.port).toBe(5000);
    expect(service.url).toBe("http://iris.ml.svc.cluster.local:5000");
  });

  it("throws at construction with the construct path and adds nothing", () => {
    const chart = new Chart(Testing.app(), "test");
    expect(() => new ModelService(chart, "iris", { ...props, replicas: -1 })).toThrow(ModelshipValidationError);
    expect(() => new ModelService(chart, "iris2", { ...props, replicas: -1 })).toThrow(
      /^ModelService 'iris2' \(at test\/iris2\): 'replicas' must be an integer >= 0 \(got -1\)/,
    );
    expect(Testing.synth(chart)).toEqual([]);
  });

  it("keeps names and selectors stable when the construct moves in the tree", () => {
    const flat = new Chart(Testing.app(), "flat");
    new ModelService(flat, "iris", props);
    const nested = new Chart(Testing.app(), "nested");
    const deeper = new Chart(nested, "deeper");
    new ModelService(deeper, "iris", props);
    const deployments = [flat, deeper].map((chart) => Testing.synth(chart).find((o) => o.kind === "Deployment"));
    expect(deployments[0]).toEqual(deployments[1]);
    expect(deployments[0].spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" });
  });

  it("takes cdk8s-plus Secrets, ConfigMaps and ServiceAccounts a user already has", () => {
    const chart = new Chart(Testing.app(), "test");
    const secret = new kplus.Secret(chart, "token", { metadata: { name: "iris-token" } });
    const config = new kplus.ConfigMap(chart, "config", { metadata: { name: "iris-config" } });
    const account = new kplus.ServiceAccount(chart, "runner", { metadata: { name: "model-runner" } });
    const service = new ModelService(chart, "iris", {
      ...props,
      env: { API_TOKEN: FromKplus.secretKey(secret, "token"), MODEL_VERSION: FromKplus.configMapKey(config, "version") },
      serviceAccount: FromKplus.serviceAccount(account),
    });
    const deployment = service.objects.find((o) => o.kind === "Deployment") as any;
    expect(deployment.spec.template.spec.serviceAccountName).toBe("model-runner");
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "iris-token", key: "token" } } },
      { name: "MODEL_VERSION", valueFrom: { configMapKeyRef: { name: "iris-config", key: "version" } } },
    ]);
    expect(service.objects.some((o) => o.kind === "ServiceAccount")).toBe(false);
  });
});
