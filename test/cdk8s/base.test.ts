import { ApiObject, Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { BatchStage } from "../../lib/cdk8s/batch-stage";
import { LabPlatform } from "../../lib/cdk8s/lab-platform";
import { LabProject } from "../../lib/cdk8s/lab-project";
import { ModelService } from "../../lib/cdk8s/model-service";
import { Workflow } from "../../lib/cdk8s/workflow";

const image = "registry.example.com/ml/app:1.0.0";

describe("the constructs' default child and typed accessors", () => {
  it("ModelService: ApiObject.of finds the Deployment; deployment and service are the emitted objects", () => {
    const chart = new Chart(Testing.app(), "c");
    const scoring = new ModelService(chart, "scoring", { image, port: 5000 });
    expect(ApiObject.of(scoring)).toBe(scoring.deployment);
    expect(scoring.deployment.kind).toBe("Deployment");
    expect(scoring.service.kind).toBe("Service");
    expect(scoring.apiObjects).toContain(scoring.service);
    expect(scoring.deployment.name).toBe("scoring");
  });

  it("BatchStage: the Job, or the CronJob when scheduled", () => {
    const chart = new Chart(Testing.app(), "c");
    const once = new BatchStage(chart, "train", { image });
    const nightly = new BatchStage(chart, "nightly", { image, schedule: { cron: "0 3 * * *" } });
    expect(ApiObject.of(once)).toBe(once.job);
    expect(once.job.kind).toBe("Job");
    expect(ApiObject.of(nightly).kind).toBe("CronJob");
  });

  it("LabProject: the Namespace when it creates one; without one ApiObject.of refuses as cdk8s does", () => {
    const chart = new Chart(Testing.app(), "c");
    expect(ApiObject.of(new LabProject(chart, "demo")).kind).toBe("Namespace");
    const existing = new LabProject(chart, "other", { createNamespace: false });
    expect(() => ApiObject.of(existing)).toThrow(/cannot find a \(direct or indirect\) child of type ApiObject/);
  });

  it("LabPlatform and Workflow: the admission policy and the WorkflowTemplate", () => {
    const chart = new Chart(Testing.app(), "c");
    expect(ApiObject.of(new LabPlatform(chart, "platform", { hostnames: ["lab.example.com"] })).kind).toBe("ValidatingAdmissionPolicy");
    const workflow = new Workflow(chart, "pipeline", { stages: { train: { batch: { image } } }, dag: "train" });
    expect(ApiObject.of(workflow).kind).toBe("WorkflowTemplate");
  });

  it("accessors name the construct when its object is missing", () => {
    const chart = new Chart(Testing.app(), "c");
    const scoring = new ModelService(chart, "scoring", { image });
    // A ModelService always renders both; the error path is checked through the protected helper.
    expect(() => (scoring as unknown as { apiObjectOfKind(kind: string): ApiObject }).apiObjectOfKind("StatefulSet")).toThrow(
      "ModelService at 'c/scoring' has no StatefulSet.",
    );
  });
});
