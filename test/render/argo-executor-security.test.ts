import { describe, expect, it } from "vitest";
import { checkObjects, formatViolation, type KubeObject } from "../../lib";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { EXECUTOR_SECURITY_CONTEXT } from "../../lib/render/argo-workflow";
import { renderWorkflow } from "../../lib/render/workflow";
import { argoTemplates } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

type Obj = Record<string, any>;

const image = "registry.example.com/ml/app:1.0.0";
const props: WorkflowProps = {
  namespace: "ml",
  stages: { train: { batch: { image, command: ["python", "train.py"] } }, serve: { service: { image, port: 8000 } }, alert: { batch: { image } } },
  dag: "train >> serve",
  onFailure: "alert",
};

/** Argo's executor container as the controller builds it without an `executor.securityContext` in its config. */
const argoexec = (name: string, args: string[]): Obj => ({ name, image: "quay.io/argoproj/argoexec:v3.6.2", command: ["argoexec", ...args] });

/** Strategic merge of a podSpecPatch as Argo applies it: container lists merge by name, objects field by field. */
function strategicMerge(base: any, patch: any): any {
  if (Array.isArray(base) && Array.isArray(patch) && [...base, ...patch].every((c) => c && typeof c.name === "string")) {
    const out = base.map((item: Obj) => ({ ...item }));
    for (const item of patch) {
      const index = out.findIndex((c: Obj) => c.name === item.name);
      if (index >= 0) out[index] = strategicMerge(out[index], item);
      else out.push(item);
    }
    return out;
  }
  if (base && patch && typeof base === "object" && typeof patch === "object" && !Array.isArray(base) && !Array.isArray(patch)) {
    const out: Obj = { ...base };
    for (const [key, value] of Object.entries(patch)) out[key] = key in base ? strategicMerge(base[key], value) : value;
    return out;
  }
  return patch;
}

/**
 * The pod Argo's controller creates for one template (workflow/controller/workflowpod.go): an
 * `init` container always, a `wait` container for container templates, the template's `main`
 * container (argoexec itself for resource templates), the pod securityContext of the template or
 * the workflow; then the template's podSpecPatch.
 */
function argoPod(workflow: Obj, template: Obj): KubeObject {
  const resource = template.resource !== undefined;
  const containers = resource ? [argoexec("main", ["resource", "apply"])] : [argoexec("wait", ["wait"]), { ...template.container }];
  let spec: Obj = {
    initContainers: [argoexec("init", ["init"])],
    containers,
    securityContext: template.securityContext ?? workflow.spec.securityContext,
    automountServiceAccountToken: false,
  };
  if (template.podSpecPatch) spec = strategicMerge(spec, JSON.parse(template.podSpecPatch));
  return { apiVersion: "v1", kind: "Pod", metadata: { name: `pod-${template.name}`, namespace: "ml" }, spec } as KubeObject;
}

const podTemplates = (objects: Obj[]) => argoTemplates(objects).filter((t) => t.container || t.resource);
// Pod Security only: the executor's resources come from the controller's `executor.resources` (or a LimitRange).
const restrictedErrors = (pods: KubeObject[]) =>
  checkObjects(pods, { warnings: false, skip: ["unset-cpu-requirements", "unset-memory-requirements"] }).map(formatViolation);

describe("Argo's own containers under Pod Security restricted", () => {
  const objects = renderWorkflow(resolveWorkflow(props, { name: "pipeline" })) as Obj[];
  const workflowTemplate = objects.find((o) => o.kind === "WorkflowTemplate") as Obj;

  it("every pod the controller creates (init, wait, argoexec main) passes the restricted checks", () => {
    const templates = podTemplates(objects);
    expect(templates.map((t) => t.name).sort()).toEqual(["alert", "serve", "serve-service", "train"]);
    const pods = templates.map((t) => argoPod(workflowTemplate, t));
    expect(restrictedErrors(pods)).toEqual([]);
    // The patch names only containers Argo creates: none is added without an image.
    for (const pod of pods as Obj[])
      for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) expect(c.image, `${pod.metadata.name}/${c.name}`).toBeTruthy();
  });

  it("patches init and wait of container templates, init and the argoexec main of resource templates, and leaves the stage's container alone", () => {
    const byName = new Map(podTemplates(objects).map((t) => [t.name, JSON.parse(t.podSpecPatch)]));
    expect(byName.get("train")).toEqual({
      initContainers: [{ name: "init", securityContext: EXECUTOR_SECURITY_CONTEXT }],
      containers: [{ name: "wait", securityContext: EXECUTOR_SECURITY_CONTEXT }],
    });
    expect(byName.get("serve")).toEqual({
      initContainers: [{ name: "init", securityContext: EXECUTOR_SECURITY_CONTEXT }],
      containers: [{ name: "main", securityContext: { ...EXECUTOR_SECURITY_CONTEXT, readOnlyRootFilesystem: true } }],
    });
    const trainPod = argoPod(workflowTemplate, podTemplates(objects).find((t) => t.name === "train") as Obj) as Obj;
    const main = trainPod.spec.containers.find((c: Obj) => c.name === "main");
    expect(main.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
  });

  it("is valid against the vendored Argo CRD schema", () => {
    expectValidObjects(objects);
  });

  it("argo.restrictExecutorContainers: false leaves Argo's containers to the controller config (and the restricted checks fail)", () => {
    const off = renderWorkflow(resolveWorkflow({ ...props, argo: { restrictExecutorContainers: false } }, { name: "pipeline" })) as Obj[];
    expect(podTemplates(off).every((t) => t.podSpecPatch === undefined)).toBe(true);
    const template = off.find((o) => o.kind === "WorkflowTemplate") as Obj;
    const errors = restrictedErrors(podTemplates(off).map((t) => argoPod(template, t)));
    expect(errors.some((e) => e.includes("[privilege-escalation-container]") && e.includes("container 'wait'"))).toBe(true);
    expect(errors.some((e) => e.includes("[drop-all-capabilities]") && e.includes("container 'init'"))).toBe(true);
  });
});
