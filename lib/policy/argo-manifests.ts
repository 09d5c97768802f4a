import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../render/types";
import { isObject, list, obj } from "./pods";

/** Argo kinds whose templates may apply objects through `resource.manifest`. */
const ARGO_KINDS = new Set(["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"]);

/** One object an Argo resource template applies, with where its manifest is written. */
export interface EmbeddedManifest {
  /** The object as written in the manifest (parsed YAML or JSON). */
  readonly object: unknown;
  /** The Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow holding it. */
  readonly owner: KubeObject;
  /** Path of the manifest inside the owner, e.g. `spec.templates[3].resource.manifest`. */
  readonly path: string;
}

/**
 * The objects Argo resource templates apply (their `resource.manifest` strings, parsed): with
 * the default `argo-workflows` engine, a Workflow's Deployments and Services exist only there,
 * so policy and schema checks must read them to see what the cluster will run. Manifests that
 * are not YAML (or hold no object) are skipped: Argo reports those when the template runs.
 */
export function embeddedManifests(objects: readonly unknown[]): EmbeddedManifest[] {
  const out: EmbeddedManifest[] = [];
  for (const owner of objects) {
    if (
      !isObject(owner) ||
      typeof owner.kind !== "string" ||
      !ARGO_KINDS.has(owner.kind) ||
      typeof owner.apiVersion !== "string" ||
      !owner.apiVersion.startsWith("argoproj.io/")
    )
      continue;
    const spec = obj(owner.spec);
    const [templates, base] = owner.kind === "CronWorkflow" ? [obj(spec.workflowSpec).templates, "spec.workflowSpec"] : [spec.templates, "spec"];
    list(templates).forEach((template, index) => {
      const manifest = obj(obj(template).resource).manifest;
      if (typeof manifest !== "string") return;
      for (const document of parseAllDocuments(manifest)) {
        if (document.errors.length > 0) continue;
        const object = document.toJS() as unknown;
        if (object !== null && object !== undefined)
          out.push({ object, owner: owner as unknown as KubeObject, path: `${base}.templates[${index}].resource.manifest` });
      }
    });
  }
  return out;
}
