import { z } from "zod";
import { PROJECT_LABEL } from "./constants";
import { gatewayListenerShape } from "../route";
import { hostnameSchema, labelNameSchema } from "../rules";
import { validateProps, type ConstructRef } from "../validate";

/**
 * What every lab project on a cluster shares: the admission rules that keep one project's routes
 * and route policies away from another's. All projects attach to the same Gateway, where the
 * longest PathPrefix wins across every route (Gateway API), and each project's deployer may
 * write HTTPRoutes and SecurityPolicies; without these rules project B could claim
 * `/api/projects/A/...` and receive A's tokens, or shadow a route's SecurityPolicy with an older
 * one (Envoy Gateway keeps the oldest policy per route).
 *
 * Rendered as ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, GA since Kubernetes
 * 1.30) with their bindings, matching namespaces labelled `lab.modelship.io/project` (every
 * LabProject namespace is).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export interface LabPlatformProps {
  /** Prefix of the policy and binding names. @default "modelship-lab" */
  readonly name?: string;
  /**
   * Host names lab routes may match. Given, every lab HTTPRoute must list host names, all from
   * this list (a route without host names would take every host of the listener).
   * @default - host names are not restricted
   */
  readonly hostnames?: readonly string[];
  /**
   * Gateway listeners lab routes may attach to. Given, every `parentRefs` entry of a lab HTTPRoute
   * names one of them, `sectionName` included (a route without `sectionName` would attach to
   * every listener that admits it, plain HTTP ones too).
   * @default - parent Gateways are not restricted
   */
  readonly gateways?: readonly LabPlatformGatewayProps[];
  /**
   * Restrict SecurityPolicies in lab namespaces: each targets one HTTPRoute by `targetRefs`
   * (no `targetSelectors`, no route rule), is named `<route>-auth` (so a route has at most one),
   * and authenticates (apiKeyAuth, extAuth, jwt, oidc or basicAuth).
   * @default true
   */
  readonly securityPolicies?: boolean;
  /**
   * Restrict Ingresses in lab namespaces, which the legacy `ingress-nginx` provider lets the
   * deployer write (ingress-nginx merges every Ingress of a host, so without this a project could
   * serve another's paths): every path lies under the project's prefix in plain path characters
   * (a regular-expression path may end only in the provider's `(/|$)(.*)`, so no alternation
   * reaches another prefix), no default backend, host names from `hostnames` when given, and none
   * of the annotations that act beyond the Ingress's own paths (`*-snippet`, `server-alias`).
   * @default true
   */
  readonly ingresses?: boolean;
}

/** A Gateway listener lab routes may attach to. */
export interface LabPlatformGatewayProps {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace (never a lab namespace: the deployer could write a Gateway there). */
  readonly namespace: string;
  /** The listener (normally the HTTPS one) routes name in `parentRefs[].sectionName`. */
  readonly sectionName: string;
}

/** LabPlatform after defaults. */
export interface LabPlatformSpec {
  readonly name: string;
  readonly hostnames?: readonly string[];
  readonly gateways?: readonly LabPlatformGatewayProps[];
  readonly securityPolicies: boolean;
  readonly ingresses: boolean;
}

const gateway = z.strictObject({ ...gatewayListenerShape, namespace: labelNameSchema });

export const labPlatformSchema = z.strictObject({
  name: labelNameSchema.max(40).optional(),
  hostnames: z.array(hostnameSchema).min(1).optional(),
  gateways: z.array(gateway).min(1).optional(),
  securityPolicies: z.boolean().optional(),
  ingresses: z.boolean().optional(),
}) satisfies z.ZodType<LabPlatformProps>;

/** The namespace label the policies select lab namespaces by, and read the project name from. */
export const LAB_PLATFORM_NAMESPACE_LABEL = PROJECT_LABEL;

/** Validates LabPlatform props and applies defaults. */
export function resolveLabPlatform(props: LabPlatformProps, ref: ConstructRef): LabPlatformSpec {
  const parsed = validateProps({ kind: "LabPlatform", ...ref }, labPlatformSchema, props, () => []);
  return {
    name: parsed.name ?? "modelship-lab",
    hostnames: parsed.hostnames,
    gateways: parsed.gateways,
    securityPolicies: parsed.securityPolicies ?? true,
    ingresses: parsed.ingresses ?? true,
  };
}
