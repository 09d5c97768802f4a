import * as pulumi from "@pulumi/pulumi";
import { llmServing } from "../../examples/llm-serving/props";
import { ModelService } from "../../lib/pulumi";

// The llm-serving example (examples/llm-serving/props.ts) as a Pulumi stack: the same objects as the cdk8s chart.
const config = new pulumi.Config();
const service = new ModelService("llm", { ...llmServing, namespace: config.get("namespace") ?? llmServing.namespace });

export const url = service.url;
