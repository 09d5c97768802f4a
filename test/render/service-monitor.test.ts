import { describe, expect, it } from "vitest";
import { type KubeObject, type ModelServiceProps } from "../../lib";
import { renderCheckedService } from "../support/checked";

const base: ModelServiceProps = {
  image: "registry.example.com/ml/iris:1.0.0",
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9090 },
  ],
};

const render = (props: Partial<ModelServiceProps>): KubeObject[] => renderCheckedService({ ...base, ...props } as ModelServiceProps);
const of = (objects: KubeObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);
const annotations = (objects: KubeObject[], name = "iris") =>
  (objects.find((o) => o.kind === "Deployment" && o.metadata.name === name) as any).spec.template.metadata.annotations ?? {};

describe("ServiceMonitor", () => {
  it("is off by default: scrape annotations only", () => {
    const objects = render({ metrics: { port: "metrics" } });
    expect(of(objects, "ServiceMonitor")).toEqual([]);
    expect(annotations(objects)).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "9090", "prometheus.io/path": "/metrics" });
  });

  it("selects the service's own Service and scrapes its metrics port by name; the annotations then go (one scrape, not two)", () => {
    const objects = render({ metrics: { port: "metrics", path: "/stats", serviceMonitor: true } });
    const [monitor] = of(objects, "ServiceMonitor");
    const service = of(objects, "Service")[0];
    expect(monitor.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(monitor.metadata).toMatchObject({ name: "iris", labels: service.metadata.labels });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" } },
      endpoints: [{ port: "metrics", path: "/stats" }],
    });
    // The selector picks the Service by its labels, and the port name is one of its ports.
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) expect(service.metadata.labels[key]).toBe(value);
    expect(service.spec.ports.map((p: any) => p.name)).toContain("metrics");
    expect(annotations(objects)).toEqual({});
    expect(annotations(render({ metrics: { port: "metrics", serviceMonitor: true, scrapeAnnotations: true } }))["prometheus.io/scrape"]).toBe("true");
  });

  it("takes interval, scrapeTimeout and the labels a Prometheus selects by", () => {
    const [monitor] = of(
      render({ metrics: { serviceMonitor: { interval: "30s", scrapeTimeout: "10s", labels: { release: "kube-prometheus-stack" } } } }),
      "ServiceMonitor",
    );
    expect(monitor.metadata.labels.release).toBe("kube-prometheus-stack");
    expect(monitor.spec.endpoints).toEqual([{ port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }]);
  });

  it("a canary gets its own, selecting the canary's Service", () => {
    const route = { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" } };
    const monitors = of(
      render({ route, metrics: { port: "metrics", serviceMonitor: true }, canary: { weight: 10, image: "registry.example.com/ml/iris:1.1.0" } }),
      "ServiceMonitor",
    );
    expect(monitors.map((m) => [m.metadata.name, m.spec.selector.matchLabels["app.kubernetes.io/name"]])).toEqual([
      ["iris", "iris"],
      ["iris-canary", "iris-canary"],
    ]);
  });

  it("refuses a timeout longer than the interval and durations Prometheus does not parse", () => {
    expect(() => render({ metrics: { serviceMonitor: { interval: "10s", scrapeTimeout: "1m" } } })).toThrow(
      /'metrics\.serviceMonitor\.scrapeTimeout' is longer than the interval \(10s\)[\s\S]*Fix: make the timeout at most the interval/,
    );
    expect(() => render({ metrics: { serviceMonitor: { interval: "30 seconds" } } })).toThrow(
      /'metrics\.serviceMonitor\.interval' is not a Prometheus duration/,
    );
    expect(() => render({ metrics: { serviceMonitor: { labels: { release: "a b" } } } })).toThrow(/metrics\.serviceMonitor\.labels/);
  });
});
