import { ApiObject, App, Chart } from "cdk8s";
import { Construct } from "constructs";
import { plainServiceObjects } from "./workload";

/**
 * (c) raw cdk8s: the same objects as hand-written ApiObjects; run by `cdk8s synth --app`. N comes
 * from BENCH_N. With BENCH_NESTED=1 each service's ApiObjects sit in a Construct of their own, the
 * shape a cdk8s user's own service construct (and modelship's ModelService) has. Their ids embed
 * the service (`Deployment-17`) unless BENCH_SHARED_IDS=1, which uses the kind alone, as
 * modelship's `emitObjects` does: the ids decide whether every service's children share V8
 * hidden classes (bench/README.md, "Nested ApiObjects").
 */
const n = Number(process.env.BENCH_N);
const nested = process.env.BENCH_NESTED === "1";
const sharedIds = nested && process.env.BENCH_SHARED_IDS === "1";
const app = new App();
const chart = new Chart(app, "bench");
for (let i = 0; i < n; i++) {
  const scope = nested ? new Construct(chart, `svc-${i}`) : chart;
  for (const { apiVersion, kind, metadata, ...rest } of plainServiceObjects(i)) {
    new ApiObject(scope, sharedIds ? kind : `${kind}-${i}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  }
}
app.synth();
