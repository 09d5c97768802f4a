// Pulumi runs this file (Pulumi.yaml: typescript: false). The program is index.ts, compiled with
// the repository's TypeScript by `npm run build:stacks` into build/stacks/ml-pipeline/.
module.exports = require("../../build/stacks/ml-pipeline/index.js");
