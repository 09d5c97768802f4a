import * as pulumi from "@pulumi/pulumi";
import { irisScoring } from "../../examples/iris-scoring/props";
import { ModelService } from "../../lib/pulumi";

// The iris scoring service of the cdk8s example (examples/iris-scoring/props.ts), except that the
// image is built here from ./Dockerfile, pushed, and deployed pinned by its digest.
const config = new pulumi.Config();
const registryServer = config.get("registryServer");
const { image: _exampleImage, ...service } = irisScoring;

const scoring = new ModelService("iris-scoring", {
  ...service,
  namespace: config.get("namespace") ?? irisScoring.namespace,
  build: {
    context: ".",
    dockerfile: "Dockerfile",
    imageName: config.require("imageName"),
    platform: config.get("platform"),
    registry: registryServer ? { server: registryServer, username: config.get("registryUsername"), password: config.getSecret("registryPassword") } : undefined,
  },
});

export const namespace = scoring.namespace;
export const serviceName = scoring.serviceName;
export const url = scoring.url;
export const image = scoring.image;
