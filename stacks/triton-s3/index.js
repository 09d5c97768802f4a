// Pulumi runs this file (Pulumi.yaml: typescript: false). The program is index.ts, compiled with
// the repository's TypeScript by `npm run build:stacks` into build/stacks/triton-s3/.
const program = "../../build/stacks/triton-s3/index.js";
try {
  require.resolve(program);
} catch {
  throw new Error("stacks/triton-s3 is not compiled: run `npm ci && npm run build:stacks` at the repository root first.");
}
module.exports = require(program);
