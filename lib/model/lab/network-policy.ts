import type { LabProjectSpec } from "./project";
import type { ParsedProject, ParsedService } from "./props";

/**
 * Whether the project's NetworkPolicies restrict egress: any rendered policy with an Egress
 * type selects every pod, so egress is then limited to what the policies allow.
 */
export function egressRestricted(props: ParsedProject): boolean {
  const np = props.networkPolicy;
  if (np === false) return false;
  if (!np) return true;
  return np.defaultDeny !== false || np.allowDns !== false || np.allowWithinProject !== false || (np.egress?.length ?? 0) > 0;
}

/** The NetworkPolicy switches after defaults; undefined for `networkPolicy: false`. */
export function resolveLabNetworkPolicy(props: ParsedProject): LabProjectSpec["networkPolicy"] {
  const np = props.networkPolicy === false ? undefined : (props.networkPolicy ?? {});
  return np
    ? {
        defaultDeny: np.defaultDeny ?? true,
        dns: np.allowDns === false ? undefined : (np.dns ?? { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }),
        allowWithinProject: np.allowWithinProject ?? true,
        allowFromProxy: np.allowFromProxy ?? true,
        egress: np.egress ?? [],
        apiServer: np.apiServer ? { cidrs: np.apiServer.cidrs, ports: np.apiServer.ports ?? [443, 6443] } : undefined,
        metricsScraper: np.metricsScraper ? { namespace: np.metricsScraper.namespace, podLabels: np.metricsScraper.podLabels ?? {} } : undefined,
      }
    : undefined;
}

/**
 * Default deny leaves no way out but DNS and the project: say so where an active service must go
 * out (to `endpoint`, or to git for its code) and no egress is allowed.
 */
export function labEgressWarnings(props: ParsedProject, active: readonly ParsedService[]): string[] {
  const warnings: string[] = [];
  const np0 = props.networkPolicy;
  if (egressRestricted(props) && !(np0 && np0.egress?.length)) {
    const labEnvServices = active.filter((s) => s.labEnv !== false).map((s) => s.name);
    if (props.endpoint && labEnvServices.length) {
      warnings.push(
        `'endpoint' gives services LAB_ENDPOINT (${props.endpoint}), but the NetworkPolicies allow no egress to it: add networkPolicy.egress for its address (e.g. { cidr: "<address>/32", ports: [443] }).`,
      );
    }
    const cloners = active.filter((s) => typeof s.env?.EXECUTE_CODE === "string" && s.env.EXECUTE_CODE.startsWith("git+")).map((s) => `'${s.name}'`);
    if (cloners.length) {
      warnings.push(
        `services ${cloners.join(", ")} clone their code from git (EXECUTE_CODE), but the NetworkPolicies allow no egress: add networkPolicy.egress: [{ cidr: "0.0.0.0/0", except: [<private ranges>], ports: [443] }].`,
      );
    }
  }
  return warnings;
}
