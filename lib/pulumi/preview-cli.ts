import fs from "node:fs";
import path from "node:path";
import { previewProgram } from "./preview";

const USAGE = `usage: npm run preview -- <stack directory> [--stack <name>] [--config <key>=<value>]...

Runs the stack's program under Pulumi mocks (no Pulumi CLI, cluster, registry or Docker engine
needed) and prints every resource it would create, as Kubernetes YAML in dependency order, with
the image builds it would run. Config comes from Pulumi.yaml defaults, Pulumi.<stack>.yaml and
--config (key without ':' = '<project>:<key>'). The program is the stack's index.js, which loads
the compiled TypeScript (npm run build:stacks, run by npm run preview).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(1);
}

async function main(argv: readonly string[]): Promise<void> {
  let dir: string | undefined;
  let stack = "dev";
  const config: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (arg === "--stack" || arg === "-s") {
      stack = argv[++i] ?? fail("--stack needs a name");
    } else if (arg === "--config" || arg === "-c") {
      const pair = argv[++i] ?? fail("--config needs key=value");
      const eq = pair.indexOf("=");
      if (eq <= 0) fail(`--config ${pair}: expected key=value`);
      config[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith("-")) {
      fail(`unknown option ${arg}`);
    } else if (dir === undefined) {
      dir = arg;
    } else {
      fail(`unexpected argument ${arg}`);
    }
  }
  if (!dir) fail("missing the stack directory");
  const stackDir = path.resolve(dir);
  const program = path.join(stackDir, "index.js");
  if (!fs.existsSync(program)) fail(`${dir} has no index.js (the program Pulumi runs)`);
  const result = await previewProgram(stackDir, program, { stack, config });
  if (result.project.encrypted.length) {
    process.stderr.write(`note: encrypted config not available offline, left unset: ${result.project.encrypted.join(", ")}\n`);
  }
  process.stdout.write(result.text);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`preview failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
