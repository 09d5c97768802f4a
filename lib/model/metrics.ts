import { z } from "zod";
import { problem } from "./errors";
import { IANA_SVC_NAME } from "./names";

/**
 * Where the server publishes Prometheus metrics, announced with the `prometheus.io/scrape`,
 * `prometheus.io/port` and `prometheus.io/path` pod annotations (the convention of Prometheus'
 * `kubernetes-pods` scrape job and of most agents).
 */
export interface MetricsProps {
  /** Name of the port serving metrics. @default - the primary port */
  readonly port?: string;
  /** @default "/metrics" */
  readonly path?: string;
  /** Add the scrape annotations. @default true */
  readonly scrapeAnnotations?: boolean;
}

export const metricsSchema = z.strictObject({
  port: z.string().regex(IANA_SVC_NAME, { error: problem("is not a port name", "use the name of one of the service's ports, e.g. 'metrics'.") }).optional(),
  path: z.string().startsWith("/", { error: problem("must start with '/'", "write the path like '/metrics'.") }).optional(),
  scrapeAnnotations: z.boolean().optional(),
});

export interface MetricsSpec {
  readonly port: number;
  readonly portName: string;
  readonly path: string;
  readonly scrapeAnnotations: boolean;
}

/** The scrape annotations for resolved metrics. */
export function scrapeAnnotations(metrics: MetricsSpec | undefined): Record<string, string> {
  if (!metrics?.scrapeAnnotations) return {};
  return { "prometheus.io/scrape": "true", "prometheus.io/port": String(metrics.port), "prometheus.io/path": metrics.path };
}
