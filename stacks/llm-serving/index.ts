import * as pulumi from "@pulumi/pulumi";
import { llmServing } from "../../examples/llm-serving/props";
import { LabProject } from "../../lib/pulumi";

// The llm-serving example (examples/llm-serving/props.ts) as a Pulumi stack: the same objects as the
// cdk8s chart. Where the cluster differs from the example, set it with `pulumi config set`.
const config = new pulumi.Config();
const gateway = llmServing.ingress!.gateway!;
const hostname = config.get("hostname");
const project = new LabProject("llm", {
  ...llmServing,
  ingress: {
    ...llmServing.ingress,
    gateway: { ...gateway, name: config.get("gatewayName") ?? gateway.name, namespace: config.get("gatewayNamespace") ?? gateway.namespace },
    hostnames: hostname ? [hostname] : llmServing.ingress!.hostnames,
  },
});

export const namespace = project.namespace;
export const services = project.services;
