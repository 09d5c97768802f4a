// A Pulumi program as `pulumi new typescript` lays it out (index.ts, the template's tsconfig.json:
// module/moduleResolution nodenext, so `modelship/pulumi` resolves through package.json exports).
import * as pulumi from "@pulumi/pulumi";
import { BatchStage, LabPlatform, LabProject, ModelService, ModelSource, Runtime, Workflow } from "modelship/pulumi";

const image = "registry.example.com/ml/iris-scoring:1.0.0";
const config = new pulumi.Config();

const scoring = new ModelService("iris-scoring", {
  namespace: config.get("namespace") ?? "scoring",
  image,
  port: 5000,
  replicas: 2,
  resources: { cpu: 0.25, memory: "100M" },
  health: { maxStartupSeconds: 30 },
});

new BatchStage("train", { namespace: "scoring", image, command: ["python", "train.py"] });

const pipeline = new Workflow("pipeline", {
  namespace: "pipeline",
  engine: "plain",
  stages: {
    train: { batch: { image, command: ["python", "train.py"] } },
    serve: { service: { image, port: 8000 } },
  },
  dag: [["train"], ["serve"]],
});

new ModelService("triton", {
  namespace: "scoring",
  runtime: Runtime.triton(),
  model: ModelSource.uri("s3://models/ensemble", { credentialsSecret: "model-store" }),
});

new LabPlatform("lab-platform", { hostnames: ["lab.example.com"] });

new LabProject("fraud-lab", {
  endpoint: "https://lab.example.com",
  ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }, hostnames: ["lab.example.com"] },
  networkPolicy: { egress: [{ cidr: "203.0.113.10/32", ports: [443] }] },
  services: [{ name: "scoring", image, ports: [{ name: "http", port: 8080 }], exposed: true }],
});

export const url = scoring.url;
export const order = pipeline.order;
