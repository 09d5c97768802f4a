import * as pulumi from "@pulumi/pulumi";
import { mlPipeline } from "../../examples/ml-pipeline/props";
import { Workflow } from "../../lib/pulumi";

// The ML pipeline of the cdk8s example (examples/ml-pipeline/props.ts) with Pulumi as the engine
// (`engine: "plain"`): `pulumi up` runs the training Job to completion, then rolls out the scoring
// service and waits until it is available. The DAG edge shows as dependsOn in the preview.
const config = new pulumi.Config();
const pipeline = new Workflow("ml-pipeline", { ...mlPipeline, namespace: config.get("namespace") ?? mlPipeline.namespace, engine: "plain" });

export const order = pipeline.order;
export const urls = pipeline.urls;
