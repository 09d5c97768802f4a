import { ApiObject, App, Chart } from "cdk8s";
import { ModelService } from "../lib";
import { benchRoute, benchServiceProps } from "./workload";

/** (b) modelship through cdk8s: ModelService constructs in one chart; run by `cdk8s synth --app`. N comes from BENCH_N. */
const n = Number(process.env.BENCH_N);
const app = new App();
const chart = new Chart(app, "bench");
for (let i = 0; i < n; i++) {
  new ModelService(chart, `svc-${i}`, benchServiceProps(i));
  const { apiVersion, kind, metadata, ...rest } = benchRoute(i);
  new ApiObject(chart, `route-${i}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
}
app.synth();
