import * as pulumi from "@pulumi/pulumi";
import { labPlatform, labProject } from "../../examples/lab-project/props";
import { LabPlatform, LabProject } from "../../lib/pulumi";

// The fraud-lab project of the cdk8s example (examples/lab-project/props.ts): a scoring service with
// two ports, Tensorboard, an internal Redis and the workspace code-runner, each exposed port behind
// /api/projects/fraud-lab/services/<service>/<port>/ with the project token checked by Envoy
// Gateway. Where the cluster differs from the example, set it with `pulumi config set`.
const config = new pulumi.Config();
const example = labProject;
const gateway = example.ingress?.gateway;
const hostname = config.get("hostname");
const listener = {
  name: config.get("gatewayName") ?? gateway!.name,
  namespace: config.get("gatewayNamespace") ?? gateway!.namespace,
  sectionName: config.get("gatewayListener") ?? gateway!.sectionName!,
};
const hostnames = hostname ? [hostname] : example.ingress?.hostnames;

// Once per cluster, before any project: the admission policies that keep each lab namespace's
// routes on its own paths, host names and listener (a cluster with a LabPlatform already skips it).
const platform = config.getBoolean("labPlatform") === false ? undefined : new LabPlatform("lab-platform", { ...labPlatform, hostnames, gateways: [listener] });

const project = new LabProject(
  "fraud-lab",
  {
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
      gateway: listener,
      hostnames,
    },
  },
  { dependsOn: platform ? [platform] : [] },
);

export const namespace = project.namespace;
export const services = project.services;
