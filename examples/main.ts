import { App } from "cdk8s";
import { exampleCharts } from "./charts";

// The cdk8s app that `cdk8s synth` runs (see cdk8s.yaml): one YAML file per example in dist/.
const app = new App();
for (const build of Object.values(exampleCharts)) build(app);
app.synth();
