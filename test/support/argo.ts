import { embeddedManifests as embedded } from "../../lib/policy/argo-manifests";

type Obj = Record<string, any>;

/** The Argo templates of a WorkflowTemplate/Workflow/CronWorkflow among objects. */
export function argoTemplates(objects: readonly Obj[]): Obj[] {
  const template = objects.find((o) => o.kind === "WorkflowTemplate");
  return (template?.spec?.templates ?? []) as Obj[];
}

/** The objects Argo resource templates apply (their `manifest` strings, parsed), as the policy checks read them. */
export function embeddedManifests(objects: readonly Obj[]): Obj[] {
  return embedded(objects).map((e) => e.object as Obj);
}

/** Objects plus the manifests embedded in Argo resource templates: everything the cluster will see. */
export function allObjects(objects: readonly Obj[]): Obj[] {
  return [...objects, ...embeddedManifests(objects)];
}
