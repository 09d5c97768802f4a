import { ApiObject, App, Chart } from "cdk8s";
import { plainServiceObjects } from "./workload";

/** (c) raw cdk8s: the same objects as hand-written ApiObjects; run by `cdk8s synth --app`. N comes from BENCH_N. */
const n = Number(process.env.BENCH_N);
const app = new App();
const chart = new Chart(app, "bench");
for (let i = 0; i < n; i++) {
  for (const { apiVersion, kind, metadata, ...rest } of plainServiceObjects(i)) {
    new ApiObject(chart, `${kind}-${i}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  }
}
app.synth();
