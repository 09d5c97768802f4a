import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Dag } from "../../lib/model/dag";
import { ARGO_RESERVED_TEMPLATES, argoTemplateNames } from "../../lib/model/argo";
import { resolveWorkflow, workflowToMermaid, type WorkflowProps } from "../../lib/model/workflow";
import { deploymentAvailableCondition } from "../../lib/render/argo-workflow";
import { renderWorkflow, renderWorkflowParts } from "../../lib/render/workflow";
import { allObjects, argoTemplates, embeddedManifests } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

type Obj = Record<string, any>;
const image = (name: string) => `registry.example.com/ml/${name}:1.0.0`;

const pipeline: WorkflowProps = {
  namespace: "ml",
  stages: {
    train: { batch: { image: image("train"), command: ["python", "train.py"], retries: 2, maxCompletionSeconds: 60, resources: { cpu: 0.5, memory: "100M" } } },
    score: { service: { image: image("score"), port: 8000, replicas: 2, health: { maxStartupSeconds: 30 } } },
    report: { batch: { image: image("report"), imagePullSecrets: ["regcred"] } },
    notify: { batch: { image: image("notify") } },
  },
  dag: "train >> score, report",
  onFailure: "notify",
};

const render = (props: Partial<WorkflowProps> = {}) => renderWorkflow(resolveWorkflow({ ...pipeline, ...props } as WorkflowProps, { name: "pipe" })) as Obj[];

describe("Argo Workflows engine", () => {
  const objects = render();
  const templates = argoTemplates(objects);
  const byName = (name: string) => templates.find((t) => t.name === name) as Obj;

  it("uses exactly the template names the model reserves and checks for clashes", () => {
    const spec = resolveWorkflow(pipeline, { name: "pipe" });
    const stages = [...spec.stages, ...(spec.onFailure ? [spec.onFailure] : [])];
    expect(templates.map((t) => t.name).sort()).toEqual([...ARGO_RESERVED_TEMPLATES, ...stages.flatMap(argoTemplateNames)].sort());
  });

  it("emits RBAC, stage objects, then a WorkflowTemplate and a Workflow running it, all schema-valid", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/pipe-executor",
      "Secret/pipe-executor.service-account-token",
      "Role/pipe-executor",
      "RoleBinding/pipe-executor",
      "ServiceAccount/train",
      "ServiceAccount/score",
      "PodDisruptionBudget/score",
      "ServiceAccount/report",
      "ServiceAccount/notify",
      "WorkflowTemplate/pipe",
      "Workflow/pipe",
    ]);
    expect(objects.find((o) => o.kind === "Workflow")?.spec).toEqual({ workflowTemplateRef: { name: "pipe" } });
    expectValidObjects(allObjects(objects));
  });

  it("runs the DAG: each task depends on every task of the previous step", () => {
    const tasks = byName("main").dag.tasks as Obj[];
    expect(tasks.map((t) => [t.name, t.dependencies ?? []])).toEqual([
      ["train", []],
      ["score-service", ["train"]],
      ["score", ["train"]],
      ["report", ["train"]],
    ]);
  });

  it("runs batch stages as container templates with retries, a deadline, their own token-less ServiceAccount and restricted security", () => {
    const train = byName("train");
    expect(train.retryStrategy).toEqual({ limit: 2, retryPolicy: "OnFailure" });
    expect(train.activeDeadlineSeconds).toBe(60);
    expect(train.serviceAccountName).toBe("train");
    expect(train.automountServiceAccountToken).toBe(false);
    expect(train.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(train.container).toMatchObject({
      name: "main",
      image: image("train"),
      command: ["python", "train.py"],
      resources: { requests: { cpu: "500m", memory: "100M" } },
    });
    expect(train.container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(byName("report").retryStrategy).toBeUndefined();
  });

  it("rolls services out through resource templates that wait for availability within Bodywork's budget", () => {
    const deploy = byName("score");
    expect(deploy.resource.action).toBe("apply");
    expect(deploy.resource.successCondition).toBe("status.updatedReplicas > 1, status.availableReplicas > 1, status.replicas < 3");
    expect(deploy.activeDeadlineSeconds).toBe(150); // max(60, 30) + 90
    const manifests = embeddedManifests(objects);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(["Service/score", "Deployment/score"]);
    const deployment = manifests[1];
    expect(deployment.metadata.namespace).toBe("ml");
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 3 });
  });

  it("gives the executor a namespaced Role with exactly the verbs it needs, and no ClusterRole", () => {
    expect(objects.some((o) => o.kind.startsWith("Cluster"))).toBe(false);
    const role = objects.find((o) => o.kind === "Role") as Obj;
    expect(role.metadata.namespace).toBe("ml");
    expect(role.rules).toEqual([
      { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["score"], verbs: ["get", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
      { apiGroups: [""], resources: ["services"], resourceNames: ["score"], verbs: ["get", "patch"] },
      { apiGroups: [""], resources: ["services"], verbs: ["create"] },
    ]);
    const binding = objects.find((o) => o.kind === "RoleBinding") as Obj;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "pipe-executor", namespace: "ml" }]);
    const spec = objects.find((o) => o.kind === "WorkflowTemplate")?.spec as Obj;
    expect(spec).toMatchObject({ serviceAccountName: "pipe-executor", automountServiceAccountToken: false, executor: { serviceAccountName: "pipe-executor" } });
    expect(spec.imagePullSecrets).toEqual([{ name: "regcred" }]);
  });

  it("needs only workflowtaskresults when there is no service stage", () => {
    const role = render({ stages: { train: pipeline.stages.train }, dag: "train", onFailure: undefined }).find((o) => o.kind === "Role") as Obj;
    expect(role.rules).toEqual([{ apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] }]);
  });

  it("runs the on-failure stage from an exit handler with EXCEPTION_MESSAGE", () => {
    const spec = objects.find((o) => o.kind === "WorkflowTemplate")?.spec as Obj;
    expect(spec.onExit).toBe("exit-handler");
    expect(byName("exit-handler").steps).toEqual([[{ name: "notify", template: "notify", when: "{{workflow.status}} != Succeeded" }]]);
    expect(byName("notify").container.env).toEqual([{ name: "EXCEPTION_MESSAGE", value: "{{workflow.failures}}" }]);
    expect((byName("main").dag.tasks as Obj[]).some((t) => t.name === "notify")).toBe(false);
  });

  it("renders a CronWorkflow instead of a Workflow when scheduled", () => {
    const scheduled = render({ schedule: { cron: "0 3 * * *", timeZone: "UTC" } });
    expect(scheduled.some((o) => o.kind === "Workflow")).toBe(false);
    const cron = scheduled.find((o) => o.kind === "CronWorkflow") as Obj;
    expect(cron.spec).toEqual({
      schedules: ["0 3 * * *"],
      timezone: "UTC",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 1,
      workflowSpec: { workflowTemplateRef: { name: "pipe" } },
    });
    expectValidObjects(allObjects(scheduled));
  });

  it("can leave RBAC and the run object to the user", () => {
    const objs = render({ argo: { createRbac: false, submit: false, executorServiceAccount: "argo-runner" } });
    expect(objs.some((o) => o.kind === "Role" || o.kind === "Workflow")).toBe(false);
    expect(objs.find((o) => o.kind === "WorkflowTemplate")?.spec.executor).toEqual({ serviceAccountName: "argo-runner" });
  });

  it("restricts Argo's own containers in every pod it starts: init and wait (container templates) or main (resource templates)", () => {
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
    const pods = templates.filter((t) => t.container || t.resource);
    expect(pods.map((t) => t.name)).toEqual(["train", "score-service", "score", "report", "notify"]);
    for (const t of pods) {
      const patch = JSON.parse(t.podSpecPatch);
      expect(patch.initContainers).toEqual([{ name: "init", securityContext: restricted }]);
      expect(patch.containers).toEqual(
        t.container ? [{ name: "wait", securityContext: restricted }] : [{ name: "main", securityContext: { ...restricted, readOnlyRootFilesystem: true } }],
      );
    }
  });

  it("matches its snapshot: the WorkflowTemplate's settings and one batch stage's template", async () => {
    // The other templates and objects are checked field by field above.
    const { templates: all, ...settings } = objects.find((o) => o.kind === "WorkflowTemplate")!.spec;
    const shown = { settings, templates: (all as Obj[]).map((t) => t.name), train: byName("train") };
    await expect(stringify(shown)).toMatchFileSnapshot("__snapshots__/workflow-argo-workflows.yaml");
  });
});

describe("deploymentAvailableCondition", () => {
  it("waits for every replica updated and available and no leftover pods; nothing for 0 replicas", () => {
    expect(deploymentAvailableCondition(1)).toBe("status.updatedReplicas > 0, status.availableReplicas > 0, status.replicas < 2");
    expect(deploymentAvailableCondition(0)).toBeUndefined();
  });
});

describe("Argo CD engine", () => {
  const objects = render({ engine: "argo-cd" });
  const annotations = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name)?.metadata.annotations as Record<string, string>;

  it("puts each stage in the sync wave of its DAG level", () => {
    expect(annotations("ServiceAccount", "train")["argocd.argoproj.io/sync-wave"]).toBe("0");
    expect(annotations("Deployment", "score")["argocd.argoproj.io/sync-wave"]).toBe("1");
    expect(annotations("Deployment", "score")["argocd.argoproj.io/hook"]).toBeUndefined();
    expectValidObjects(objects);
  });

  it("runs batch Jobs as Sync hooks re-created on every sync, and the on-failure stage as a SyncFail hook", () => {
    expect(annotations("Job", "train")).toEqual({
      "argocd.argoproj.io/sync-wave": "0",
      "argocd.argoproj.io/hook": "Sync",
      "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
    });
    expect(annotations("Job", "report")["argocd.argoproj.io/sync-wave"]).toBe("1");
    expect(annotations("Job", "notify")["argocd.argoproj.io/hook"]).toBe("SyncFail");
    expect(objects.some((o) => o.apiVersion.startsWith("argoproj.io"))).toBe(false);
  });
});

describe("plain engine", () => {
  it("lists stages in DAG order with no engine objects", () => {
    const { notify: _notify, ...stages } = pipeline.stages;
    const objects = render({ engine: "plain", onFailure: undefined, stages, dag: "train >> score, report" });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/train",
      "Job/train",
      "ServiceAccount/score",
      "Deployment/score",
      "Service/score",
      "PodDisruptionBudget/score",
      "ServiceAccount/report",
      "Job/report",
    ]);
    expectValidObjects(objects);
  });
});

describe("parts and patches", () => {
  it("splits the objects per stage for adapters, after applying patches", () => {
    const spec = resolveWorkflow(
      {
        ...pipeline,
        engine: "plain",
        onFailure: undefined,
        stages: { train: pipeline.stages.train, score: pipeline.stages.score },
        dag: Dag.start("train").then("score"),
        patches: [{ kind: "Job", ops: [{ op: "add", path: "/spec/template/spec/priorityClassName", value: "low" }] }],
      },
      { name: "pipe" },
    );
    const parts = renderWorkflowParts(spec);
    expect(parts.stages.map((s) => s.id)).toEqual(["train", "score"]);
    expect((parts.stages[0].objects[1] as Obj).spec.template.spec.priorityClassName).toBe("low");
    expect(parts.objects).toEqual([...parts.before, ...parts.stages.flatMap((s) => s.objects), ...parts.after]);
  });
});

describe("resolveWorkflow errors", () => {
  const message = (props: Partial<WorkflowProps>) => {
    try {
      resolveWorkflow({ ...pipeline, ...props } as WorkflowProps, { name: "pipe" });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("expected an error");
  };

  it("reports DAG problems with the stages involved", () => {
    expect(message({ dag: "train >> scroe, report" })).toContain("Workflow 'pipe': 'dag' names stage 'scroe', which is not declared in 'stages'");
    expect(message({ dag: "train >> report" })).toContain("'dag' does not include declared stage 'score', so it would never run");
    expect(message({ dag: "train >> score, report >> train" })).toContain("'dag' has a cycle: train >> score >> train");
  });

  it("prefixes stage errors with the stage's path", () => {
    const text = message({ stages: { ...pipeline.stages, train: { batch: { image: image("train"), retries: -1 } } } });
    expect(text).toContain("Workflow 'pipe': 'stages.train.batch.retries' must be an integer >= 0 (got -1).");
    const service = message({ stages: { ...pipeline.stages, score: { service: { image: image("s"), replicas: -2 } } } });
    expect(service).toContain("'stages.score.service.replicas' must be an integer >= 0 (got -2)");
  });

  it("checks the on-failure stage and engine options", () => {
    expect(message({ onFailure: "nope" })).toContain("'onFailure' names stage 'nope', which is not declared");
    expect(message({ onFailure: "score" })).toContain("'onFailure' names 'score', which is not a batch stage");
    expect(message({ engine: "plain" })).toContain("'onFailure' needs an engine that watches for failure");
    expect(message({ stages: { ...pipeline.stages, notify: { batch: { image: image("notify"), env: { EXCEPTION_MESSAGE: "x" } } } } })).toContain(
      "'stages.notify.batch.env.EXCEPTION_MESSAGE' is set by the engine on the on-failure stage",
    );
    expect(message({ engine: "argo-cd", schedule: { cron: "@daily" } })).toContain("'schedule' needs engine 'argo-workflows' (got 'argo-cd')");
    expect(message({ stages: { ...pipeline.stages, both: { batch: { image: image("x") }, service: { image: image("x") } } as never } })).toContain(
      "'stages.both' has both 'batch' and 'service'",
    );
  });

  it("rejects stage-level schedules and namespaces that differ", () => {
    const stages = { ...pipeline.stages, train: { batch: { image: image("t"), schedule: { cron: "@daily" }, namespace: "other" } } };
    const text = message({ stages });
    expect(text).toContain("'stages.train.batch.schedule' is not allowed on a workflow stage");
    expect(text).toContain("'stages.train.batch.namespace' differs from the workflow's namespace");
  });

  it("rejects stages whose Argo template names clash", () => {
    expect(message({ stages: { main: { batch: { image: image("t") } } }, dag: "main", onFailure: undefined })).toContain(
      "'stages.main' needs the Argo template name 'main', already used by the engine",
    );
    const stages = { score: { service: { image: image("s") } }, "score-service": { batch: { image: image("t") } } };
    expect(message({ stages, dag: "score >> score-service", onFailure: undefined })).toContain(
      "'stages.score-service' needs the Argo template name 'score-service', already used by stage 'score'",
    );
    expect(() => resolveWorkflow({ stages: { main: { batch: { image: image("t") } } }, dag: "main", engine: "plain" }, { name: "pipe" })).not.toThrow();
  });

  it("refuses a canary on an Argo Workflows service stage, which would start before the stages it depends on", () => {
    const canary = { weight: 10, image: image("score-next") };
    const route = { parentRef: { name: "public", namespace: "gateways", sectionName: "https" } };
    const stages = { train: { batch: { image: image("t") } }, serve: { service: { image: image("s"), port: 8000, route, canary } } };
    expect(message({ stages, dag: "train >> serve", onFailure: undefined })).toMatch(
      /'stages\.serve\.service\.canary' would start before the stages the service depends on.*\(got .*"weight":10.*\)\. Fix: .*promote it/,
    );
    // Where the DAG gates every object of the stage, and once promoted (no canary objects), it is allowed.
    for (const engine of ["plain", "argo-cd"] as const)
      expect(() => resolveWorkflow({ stages, dag: "train >> serve", engine }, { name: "pipe" })).not.toThrow();
    const promoted = { ...stages, serve: { service: { ...stages.serve.service, canary: { ...canary, promote: true } } } };
    const parts = renderWorkflowParts(resolveWorkflow({ stages: promoted, dag: "train >> serve" }, { name: "pipe" }));
    expect(parts.stages.flatMap((stage) => stage.objects).filter((o) => o.kind === "Deployment")).toEqual([]);
  });

  it("rejects two stages that would get the same object name", () => {
    const stages = { a_b: { batch: { image: image("t") } }, "a-b": { batch: { image: image("t") } } };
    expect(message({ stages, dag: "a_b >> a-b", onFailure: undefined })).toContain("'stages.a-b' gets the same object name 'a-b' as stage 'a_b'");
  });
});

describe("workflowToMermaid", () => {
  it("draws the resolved DAG", () => {
    const spec = resolveWorkflow(pipeline, { name: "pipe" });
    expect(workflowToMermaid(spec)).toContain("train --> score");
    expect(workflowToMermaid(spec)).toContain('score(["score<br/>(service)"])');
  });
});
