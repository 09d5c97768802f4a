import * as pulumi from "@pulumi/pulumi";
import { tritonS3 } from "../../examples/triton-s3/props";
import { ModelService } from "../../lib/pulumi";

// The triton-s3 example (examples/triton-s3/props.ts) as a Pulumi stack: the same objects as the cdk8s chart.
const config = new pulumi.Config();
const service = new ModelService("triton", { ...tritonS3, namespace: config.get("namespace") ?? tritonS3.namespace });

export const url = service.url;
