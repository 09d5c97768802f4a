// Pulumi runs this file (Pulumi.yaml: typescript: false). The program is index.ts, compiled with
// the repository's TypeScript by `npm run build:stacks` into build/stacks/iris-scoring/.
const program = "../../build/stacks/iris-scoring/index.js";
try {
  require.resolve(program);
} catch {
  throw new Error("stacks/iris-scoring is not compiled: run `npm ci && npm run build:stacks` at the repository root first.");
}
module.exports = require(program);
