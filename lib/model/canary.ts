import { z } from "zod";
import { envSchema, type EnvValue } from "./env";
import { problem, type ValidationIssue } from "./errors";
import { IMAGE_REFERENCE } from "./image";
import { objectName } from "./names";
import { modelSourceSchema, type ModelSourceProps } from "./model-source";
import { maxPodsOf } from "./scaling";
import { dataClaimName } from "./volumes";

/**
 * A second version of the service next to the stable one: its own Deployment and Service (other
 * image, model, args or env; everything else as the stable one), and the service's Gateway API
 * route (`route`) sending `weight` percent of requests to it, or mirroring that share to it
 * (`mode: "mirror"`, a shadow: its answers are discarded). The split happens at the Gateway, so
 * it needs no mesh and no serving controller; in-cluster clients of the stable Service keep
 * reaching the stable pods only.
 *
 * Promote = one prop change: `promote: true` makes the stable Deployment run the canary's image,
 * model, args and env, and removes the canary objects; then fold the values into the service's
 * own props and remove `canary`.
 * @see https://gateway-api.sigs.k8s.io/guides/traffic-splitting/
 * @see https://gateway-api.sigs.k8s.io/guides/http-request-mirroring/
 */
export interface CanaryProps {
  /** Percent of requests sent (or mirrored) to the canary, 0-100. */
  readonly weight: number;
  /** `split`: weighted backendRefs; `mirror`: a RequestMirror filter (shadow). @default "split" */
  readonly mode?: "split" | "mirror";
  /** @default - the service's image */
  readonly image?: string;
  /** @default - the service's model */
  readonly model?: ModelSourceProps;
  /** @default - the service's args */
  readonly args?: readonly string[];
  /** Env vars added to (or replacing) the service's. @default - none */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Canary pods (the stable autoscaler does not scale them). @default 1 */
  readonly replicas?: number;
  /** Make the canary the stable version and remove the canary objects. @default false */
  readonly promote?: boolean;
}

export const canarySchema = z.strictObject({
  weight: z.number().int().min(0).max(100),
  mode: z.enum(["split", "mirror"]).optional(),
  image: z
    .string()
    .regex(IMAGE_REFERENCE, { error: problem("is not a valid image reference", "use 'registry/repository:tag' or 'repository@sha256:<digest>'.") })
    .optional(),
  model: modelSourceSchema.optional(),
  args: z.array(z.string()).optional(),
  env: envSchema.optional(),
  replicas: z.number().int().min(0).max(1000).optional(),
  promote: z.boolean().optional(),
});

type Parsed = z.output<typeof canarySchema>;

interface Host {
  readonly canary?: Parsed;
  readonly route?: unknown;
  readonly image?: string;
  readonly model?: unknown;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, unknown>>;
  readonly modelFile?: unknown;
}

/**
 * Issues of a canary. `routedBy` names the construct whose routes front the service (a LabProject
 * splits on its own authenticated route), so the service then needs no `route` of its own.
 */
export function canaryIssues(props: Host, routedBy?: string): ValidationIssue[] {
  const canary = props.canary;
  if (!canary) return [];
  const issues: ValidationIssue[] = [];
  if (!props.route && !canary.promote && routedBy === undefined) {
    issues.push({
      field: "canary",
      problem: "needs 'route': the traffic split is done by the Gateway API route in front of the service",
      fix: "add route: { parentRef: { name, namespace, sectionName } }.",
    });
  }
  if (canary.image === undefined && canary.model === undefined && canary.args === undefined && canary.env === undefined) {
    issues.push({
      field: "canary",
      problem: "changes nothing: the canary would run exactly the stable version",
      fix: "give the canary another image, model, args or env.",
    });
  }
  if (canary.model && props.modelFile) {
    issues.push({ field: "canary.model", problem: "is given while the service uses 'modelFile'", fix: "move the service to 'model' (ModelSource) first." });
  }
  return issues;
}

/** The props with the canary's settings folded in: what `promote: true` runs. */
export function promoted<T extends Host>(props: T): T {
  const canary = props.canary;
  if (!canary) return props;
  return {
    ...props,
    image: canary.image ?? props.image,
    model: canary.model ?? props.model,
    args: canary.args ?? props.args,
    env: canary.env ? { ...props.env, ...canary.env } : props.env,
    canary: undefined,
  };
}

/** Name of the canary's Deployment and Service. */
export function canaryName(name: string): string {
  return objectName([name, "canary"]);
}

/**
 * Props of the canary's own ModelService: the stable props with the canary's settings, fixed
 * replicas, no autoscaler, PDB, route or HPA; the stable ServiceAccount.
 */
export function canaryServiceProps<T extends Host & { readonly name?: string; readonly serviceAccount?: { readonly name?: string } }>(
  props: T,
  name: string,
  serviceAccountName: string,
): Record<string, unknown> {
  const canary = props.canary!;
  const { autoscaling: _a, keda: _k, route: _r, canary: _c, replicas: _n, patches: _p, ...rest } = promoted(props) as unknown as Record<string, unknown>;
  // The canary mounts the stable service's data claim rather than creating its own.
  const persistence = rest.persistence === true ? {} : rest.persistence;
  const data =
    persistence && typeof persistence === "object" && !("existingClaim" in persistence && persistence.existingClaim)
      ? { ...persistence, existingClaim: dataClaimName(name) }
      : persistence;
  return {
    ...rest,
    ...(data ? { persistence: data } : {}),
    name: canaryName(name),
    partOf: (props as { partOf?: string }).partOf ?? name,
    replicas: canary.replicas ?? 1,
    availability: { disruptionBudget: false, topologySpread: false },
    serviceAccount: { name: serviceAccountName, create: false },
  };
}

/**
 * The most pods of a service that run at once, and so mount its volumes: its own (replicas, or the
 * autoscaler's maximum) and its canary's (which mounts the same claims), unless promoted. Every
 * check of how many pods share a claim counts with this.
 */
export function servicePods(props: Parameters<typeof maxPodsOf>[0] & { readonly canary?: Pick<Parsed, "replicas" | "promote"> }): {
  readonly service: number;
  readonly canary: number;
  readonly total: number;
} {
  const service = maxPodsOf(props);
  const canary = props.canary && !props.canary.promote ? (props.canary.replicas ?? 1) : 0;
  return { service, canary, total: service + canary };
}

/** Resolved canary: the split and the name of the canary Service. */
export interface CanarySpec {
  readonly weight: number;
  readonly mode: "split" | "mirror";
  readonly serviceName: string;
}
