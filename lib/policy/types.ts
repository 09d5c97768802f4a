import type { KubeObject } from "../render/types";
import type { PodView } from "./pods";

/** `error` fails `cdk8s synth` and `modelship check`; `warning` is reported only. */
export type Severity = "error" | "warning";

/** The object a violation is about. */
export interface PolicyObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What a check finds: where, what is wrong, and how to fix it. */
export interface Finding {
  readonly object: KubeObject;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** One broken rule on one object, as reported to users. */
export interface Violation {
  /** Check name, e.g. `run-as-non-root`. */
  readonly check: string;
  readonly severity: Severity;
  readonly object: PolicyObjectRef;
  /**
   * Set when the object exists only as an Argo resource template's manifest: the Workflow,
   * WorkflowTemplate or CronWorkflow holding it and the manifest's path there
   * (`spec.templates[3].resource.manifest`).
   */
  readonly embeddedIn?: { readonly object: PolicyObjectRef; readonly path: string };
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * A policy check over a set of plain Kubernetes objects. Checks are pure: the same objects give
 * the same violations, so the vitest assertions, the cdk8s validation plugin and `modelship check`
 * agree.
 */
export interface PolicyCheck {
  /** Name users know: taken from kube-score, kube-linter or Polaris where one matches. */
  readonly name: string;
  readonly severity: Severity;
  /** Where the name comes from, e.g. `kube-linter`, `kube-score`, `Polaris`, `modelship`. */
  readonly source: string;
  /** What the check requires, one sentence (used in docs and the cdk8s report). */
  readonly summary: string;
  run(set: ObjectSet): Finding[];
}

/** Read-only view of the checked objects, with the lookups cross-object checks need. */
export interface ObjectSet {
  /** The objects given, then the objects embedded in Argo resource templates. */
  readonly objects: readonly KubeObject[];
  ofKind(...kinds: string[]): KubeObject[];
  /** Every pod template in the set (Pods, workload controllers, CronJobs, Argo templates). */
  readonly pods: readonly PodView[];
}
