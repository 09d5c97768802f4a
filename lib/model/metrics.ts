import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";
import { IANA_SVC_NAME } from "./names";
import { labelMap } from "./rules";

/**
 * A prometheus-operator `ServiceMonitor` (monitoring.coreos.com/v1) for the service: Prometheus
 * instances whose `serviceMonitorSelector` matches its labels scrape the metrics port of the
 * service's Service (and of its canary's).
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 */
export interface ServiceMonitorProps {
  /** Scrape interval. @default - the Prometheus instance's `scrapeInterval` */
  readonly interval?: string;
  /** Scrape timeout (at most the interval). @default - the Prometheus instance's `scrapeTimeout` */
  readonly scrapeTimeout?: string;
  /**
   * Labels of the ServiceMonitor, for the Prometheus `serviceMonitorSelector` (kube-prometheus-stack
   * selects `release: <its release name>` by default).
   * @default - the service's own labels only
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Where the server publishes Prometheus metrics, announced with the `prometheus.io/scrape`,
 * `prometheus.io/port` and `prometheus.io/path` pod annotations (the convention of Prometheus'
 * `kubernetes-pods` scrape job and of most agents), or with a prometheus-operator ServiceMonitor.
 */
export interface MetricsProps {
  /** Name of the port serving metrics. @default - the primary port */
  readonly port?: string;
  /** @default "/metrics" */
  readonly path?: string;
  /** Add the scrape annotations. @default true, false when `serviceMonitor` is set (one scrape per pod, not two) */
  readonly scrapeAnnotations?: boolean;
  /** Also render a prometheus-operator ServiceMonitor (`true` for its defaults). @default false */
  readonly serviceMonitor?: boolean | ServiceMonitorProps;
}

// The ServiceMonitor CRD's Duration pattern (prometheus-operator v0.93.0, monitoringv1.Duration).
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const duration = z.string().regex(DURATION, { error: problem("is not a Prometheus duration", "use e.g. '30s', '1m' or '1m30s'.") });

export const metricsSchema = z.strictObject({
  port: z
    .string()
    .regex(IANA_SVC_NAME, { error: problem("is not a port name", "use the name of one of the service's ports, e.g. 'metrics'.") })
    .optional(),
  path: z
    .string()
    .startsWith("/", { error: problem("must start with '/'", "write the path like '/metrics'.") })
    .optional(),
  scrapeAnnotations: z.boolean().optional(),
  serviceMonitor: z
    .union([z.boolean(), z.strictObject({ interval: duration.optional(), scrapeTimeout: duration.optional(), labels: labelMap.optional() })])
    .optional(),
});

export interface MetricsSpec {
  readonly port: number;
  readonly portName: string;
  readonly path: string;
  readonly scrapeAnnotations: boolean;
  /** The ServiceMonitor to render, when asked. */
  readonly serviceMonitor?: { readonly interval?: string; readonly scrapeTimeout?: string; readonly labels: Readonly<Record<string, string>> };
}

/** Resolves the metrics props against the port serving them. */
export function resolveMetrics(metrics: z.output<typeof metricsSchema>, port: { readonly name: string; readonly port: number }): MetricsSpec {
  const monitor = metrics.serviceMonitor === true ? {} : metrics.serviceMonitor || undefined;
  return {
    port: port.port,
    portName: port.name,
    path: metrics.path ?? "/metrics",
    scrapeAnnotations: metrics.scrapeAnnotations ?? monitor === undefined,
    ...(monitor ? { serviceMonitor: { interval: monitor.interval, scrapeTimeout: monitor.scrapeTimeout, labels: { ...(monitor.labels ?? {}) } } } : {}),
  };
}

/** The scrape annotations for resolved metrics. */
export function scrapeAnnotations(metrics: MetricsSpec | undefined): Record<string, string> {
  if (!metrics?.scrapeAnnotations) return {};
  return { "prometheus.io/scrape": "true", "prometheus.io/port": String(metrics.port), "prometheus.io/path": metrics.path };
}

const UNIT_MS: Readonly<Record<string, number>> = { y: 31536e6, w: 6048e5, d: 864e5, h: 36e5, m: 6e4, s: 1e3, ms: 1 };
function durationMs(value: string): number {
  return [...value.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
}

/** Prometheus refuses a scrape timeout longer than the interval (the whole scrape config is dropped). */
export function metricsIssues(metrics: z.output<typeof metricsSchema> | undefined): ValidationIssue[] {
  const monitor = metrics?.serviceMonitor;
  if (!monitor || monitor === true || monitor.interval === undefined || monitor.scrapeTimeout === undefined) return [];
  if (durationMs(monitor.scrapeTimeout) <= durationMs(monitor.interval)) return [];
  return [
    {
      field: "metrics.serviceMonitor.scrapeTimeout",
      problem: `is longer than the interval (${monitor.interval}), which Prometheus refuses`,
      value: monitor.scrapeTimeout,
      fix: "make the timeout at most the interval.",
    },
  ];
}
