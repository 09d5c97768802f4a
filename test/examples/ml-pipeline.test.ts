import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { mlPipelineChart } from "../../examples/ml-pipeline/cdk8s";
import { argoTemplates, embeddedManifests } from "../support/argo";
import { inventory } from "../support/inventory";

// What examples/ml-pipeline/README.md promises, object by object; the inventory snapshot lists
// every object and policy finding, and examples.test.ts checks every object against its schema.

type Obj = Record<string, any>;

describe("example ml-pipeline: Bodywork's ML pipeline as an Argo Workflows DAG", () => {
  const objects = Testing.synth(mlPipelineChart(Testing.app())) as Obj[];
  const templates = argoTemplates(objects);
  const template = (name: string) => templates.find((t) => t.name === name) as Obj;
  const manifest = (kind: string) => embeddedManifests(objects).find((o) => o.kind === kind) as Obj;

  it("lists its objects and policy findings", async () => {
    await expect(inventory(objects)).toMatchFileSnapshot("__snapshots__/ml-pipeline.objects.txt");
    expect(objects.every((o) => o.metadata.namespace === "ml-pipeline")).toBe(true);
  });

  it("runs train, then rolls out the scoring service once training has succeeded, once", () => {
    expect(template("main").dag.tasks).toEqual([
      { name: "train", template: "train" },
      { name: "scoring-service-service", template: "scoring-service-service", dependencies: ["train"] },
      { name: "scoring-service", template: "scoring-service", dependencies: ["train"] },
    ]);
    const workflow = objects.find((o) => o.kind === "Workflow") as Obj;
    expect(workflow.spec).toEqual({ workflowTemplateRef: { name: "ml-pipeline" } });
  });

  it("trains with 2 retries, at most 60 s, AWS credentials from the aws-credentials Secret", () => {
    const train = template("train");
    expect(train.retryStrategy).toEqual({ limit: 2, retryPolicy: "OnFailure" });
    expect(train.activeDeadlineSeconds).toBe(60);
    expect(train.serviceAccountName).toBe("train");
    expect(train.container.command).toEqual(["python", "stage_1_train_model/train_model.py"]);
    expect(train.container.env).toEqual(
      ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: "aws-credentials", key } } })),
    );
    // 0.5 cores and 100 MB, Bodywork's cpu_request / memory_request_mb; memory limited to the request
    expect(train.container.resources).toEqual({ requests: { cpu: "500m", memory: "100M" }, limits: { memory: "100M" } });
  });

  it("applies the scoring Service and Deployment: 2 replicas on port 8000, 60 s to start, waiting for both", () => {
    const service = manifest("Service");
    expect(service.spec.ports).toEqual([{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }]);
    const deployment = manifest("Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: "http", containerPort: 8000, protocol: "TCP" }]);
    // 60 s to start: a TCP startup probe every 10 s, 6 times
    expect(container.startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 });
    expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "100M" }, limits: { memory: "100M" } });
    expect(template("scoring-service").resource.successCondition).toBe("status.updatedReplicas > 1, status.availableReplicas > 1, status.replicas < 3");
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget") as Obj;
    expect(pdb.spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  });

  it("gives the executor only what the DAG needs: task results, and the scoring Service and Deployment by name", () => {
    const role = objects.find((o) => o.kind === "Role") as Obj;
    expect(role.rules).toEqual([
      { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["scoring-service"], verbs: ["get", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
      { apiGroups: [""], resources: ["services"], resourceNames: ["scoring-service"], verbs: ["get", "patch"] },
      { apiGroups: [""], resources: ["services"], verbs: ["create"] },
    ]);
    const binding = objects.find((o) => o.kind === "RoleBinding") as Obj;
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "ml-pipeline-executor", namespace: "ml-pipeline" }]);
    const spec = objects.find((o) => o.kind === "WorkflowTemplate")!.spec;
    expect([spec.serviceAccountName, spec.executor.serviceAccountName, spec.automountServiceAccountToken]).toEqual([
      "ml-pipeline-executor",
      "ml-pipeline-executor",
      false,
    ]);
    // the executor's token is a Secret Argo reads by reference, never inline
    expect(objects.find((o) => o.kind === "Secret")).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: { annotations: { "kubernetes.io/service-account.name": "ml-pipeline-executor" } },
    });
    expect(objects.find((o) => o.kind === "Secret")!.data).toBeUndefined();
  });
});
