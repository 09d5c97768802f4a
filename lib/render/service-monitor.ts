import type { ModelServiceSpec } from "../model/model-service";
import { compact, type KubeObject } from "./types";

/**
 * The prometheus-operator `ServiceMonitor` of a service, when its metrics ask for one: it selects
 * the service's own Service (by its name and instance labels, in its namespace) and scrapes the
 * metrics port by name. Pure; both backends emit it unchanged.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 */
export function renderServiceMonitor(
  spec: ModelServiceSpec,
  context: { readonly labels: Readonly<Record<string, string>>; readonly selector: Readonly<Record<string, string>> },
): KubeObject[] {
  const monitor = spec.metrics?.serviceMonitor;
  if (!monitor) return [];
  const metrics = spec.metrics!;
  return [
    compact({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: spec.name, namespace: spec.namespace, labels: { ...context.labels, ...monitor.labels } },
      spec: {
        selector: { matchLabels: { ...context.selector } },
        endpoints: [compact({ port: metrics.portName, path: metrics.path, interval: monitor.interval, scrapeTimeout: monitor.scrapeTimeout })],
      },
    }) as KubeObject,
  ];
}
