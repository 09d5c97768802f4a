import * as pulumi from "@pulumi/pulumi";
import { labProject } from "../../examples/lab-project/props";
import { LabProject } from "../../lib/pulumi";

// The fraud-lab project of the cdk8s example (examples/lab-project/props.ts): a scoring service with
// two ports, Tensorboard, an internal Redis and the workspace code-runner, each exposed port behind
// /api/projects/fraud-lab/services/<service>/<port>/ with the project token checked by Envoy
// Gateway. Where the cluster differs from the example, set it with `pulumi config set`.
const config = new pulumi.Config();
const example = labProject;
const gateway = example.ingress?.gateway;
const hostname = config.get("hostname");

const project = new LabProject("fraud-lab", {
  ...example,
  endpoint: config.get("endpoint") ?? example.endpoint,
  token: {
    externalSecret: {
      ...example.token!.externalSecret!,
      store: config.get("secretStore") ?? example.token!.externalSecret!.store,
      remoteKey: config.get("tokenRemoteKey") ?? example.token!.externalSecret!.remoteKey,
    },
  },
  ingress: {
    ...example.ingress,
    gateway: {
      name: config.get("gatewayName") ?? gateway!.name,
      namespace: config.get("gatewayNamespace") ?? gateway!.namespace,
      sectionName: config.get("gatewayListener") ?? gateway!.sectionName,
    },
    hostnames: hostname ? [hostname] : example.ingress?.hostnames,
  },
});

export const namespace = project.namespace;
export const services = project.services;
