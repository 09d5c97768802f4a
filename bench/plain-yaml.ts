import fs from "node:fs";
import { stringify } from "yaml";
import { plainServiceObjects } from "./workload";

/** (e) plain objects + the `yaml` package: the floor for "write these objects as YAML" in JS with the usual library. */
if (require.main === module) {
  const [n, out] = [Number(process.argv[2]), process.argv[3]];
  const docs: string[] = [];
  for (let i = 0; i < n; i++) for (const object of plainServiceObjects(i)) docs.push(stringify(object));
  fs.writeFileSync(out, docs.join("---\n"));
}
