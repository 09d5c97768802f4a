// A cdk8s app as `cdk8s init typescript-app` lays it out (main.ts, the template's tsconfig.json),
// using every modelship construct from the installed tarball, a Secret of the template's
// cdk8s-plus through FromKplus, and the `modelship/render` sub-path (resolved through
// typesVersions: the template's classic node resolution ignores `exports`).
import { Construct } from "constructs";
import { App, Chart, ChartProps } from "cdk8s";
import * as kplus from "cdk8s-plus-33";
import {
  BatchStage,
  Dag,
  EnvValue,
  FromKplus,
  LabGrant,
  LabPlatform,
  LabProject,
  LabTemplates,
  ModelService,
  ModelSource,
  ModelshipValidationError,
  Probe,
  Runtime,
  Workflow,
  checkObjects,
  type KubeObject,
  type ModelServiceProps,
} from "modelship";
import { toYaml } from "modelship/render";

const image = "registry.example.com/ml/iris-scoring:1.0.0";

export class MyChart extends Chart {
  readonly rendered: KubeObject[] = [];

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const token = new kplus.Secret(this, "token", { metadata: { name: "scoring-token" } });
    const scoring: ModelServiceProps = {
      name: "iris-scoring",
      namespace: "scoring",
      image,
      port: 5000,
      replicas: 2,
      resources: { cpu: 0.25, memory: "100M" },
      health: { probe: Probe.http("/healthz"), maxStartupSeconds: 30 },
      env: { API_TOKEN: FromKplus.secretKey(token, "token"), MODEL_VERSION: EnvValue.fromValue("1.0.0") },
    };
    const service = new ModelService(this, "scoring", scoring);

    const train = new BatchStage(this, "train", {
      name: "train",
      namespace: "scoring",
      image,
      command: ["python", "train.py"],
      schedule: { cron: "0 3 * * *", timeZone: "Etc/UTC" },
    });

    const workflow = new Workflow(this, "pipeline", {
      name: "pipeline",
      namespace: "pipeline",
      stages: {
        train: { batch: { image, command: ["python", "train.py"] } },
        serve: { service: { image, port: 8000 } },
      },
      dag: Dag.start("train").then("serve"),
    });

    // A serving runtime preset, its model from object storage, behind a Gateway API route.
    const triton = new ModelService(this, "triton", {
      name: "triton",
      namespace: "scoring",
      runtime: Runtime.triton(),
      model: ModelSource.uri("s3://models/ensemble", { credentialsSecret: "model-store" }),
      route: { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" }, pathPrefix: "/triton" },
    });

    const platform = new LabPlatform(this, "lab-platform", { hostnames: ["lab.example.com"] });

    const lab = new LabProject(this, "lab", {
      name: "fraud-lab",
      endpoint: "https://lab.example.com",
      ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }, hostnames: ["lab.example.com"] },
      networkPolicy: { apiServer: { cidrs: ["10.0.0.10/32"] }, egress: [{ cidr: "203.0.113.10/32", ports: [443] }] },
      services: [
        { name: "scoring", image, ports: [{ name: "http", port: 8080 }], exposed: true, grants: [LabGrant.readConfigMaps("thresholds")] },
        LabTemplates.redis(),
      ],
    });

    this.rendered.push(...service.objects, ...triton.objects, ...train.objects, ...workflow.objects, ...platform.objects, ...lab.objects);
  }
}

const app = new App();
const chart = new MyChart(app, "consumer");

// The policy checks over what the constructs rendered: secure defaults hold in a user's project.
const errors = checkObjects(chart.rendered).filter((v) => v.severity === "error");
if (errors.length > 0) throw new Error(`policy errors: ${JSON.stringify(errors)}`);
if (!toYaml(chart.rendered[0]).includes("kind:")) throw new Error("toYaml printed no kind");

// Bad input is refused with the construct's path, from the packaged build too.
try {
  new ModelService(new Chart(new App(), "bad"), "bad", { name: "bad", image: "nginx:latest" });
  throw new Error("expected a validation error for a mutable image tag");
} catch (error) {
  if (!(error instanceof ModelshipValidationError)) throw error;
}

app.synth();
