import { resolveWorkflow, workflowToMermaid, type WorkflowProps } from "../model/workflow";
import { CliError, loadDocuments, parseArgs } from "./load";
import { kindHandlers } from "../definitions/kinds";
import { importFlags, IMPORT_FLAGS, renderDocuments } from "./synth";

export { GRAPH_USAGE } from "./usage";
import { GRAPH_USAGE } from "./usage";

/** `modelship graph <file>`: prints the Mermaid DAG of every Workflow in the file. */
export async function graphCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, IMPORT_FLAGS, ["allow-mutable-image"], GRAPH_USAGE);
  if (args.positional.length !== 1) throw new CliError(`graph takes one file. Usage: ${GRAPH_USAGE}`);
  const [file] = args.positional;
  // Routes do not change the DAG: a file asking for one is drawn without a Gateway.
  const flags = importFlags(args.flags);
  const documents = (
    await loadDocuments(file, { allowMutableImageTag: args.flags["allow-mutable-image"] === true, ...flags, ingress: flags.gateway ? flags.ingress : "none" })
  ).filter((d) => d.kind === "Workflow");
  if (documents.length === 0) throw new CliError(`${file}: holds no Workflow, so there is no DAG to draw.`);
  // Validate as synth does, so errors carry the same `file:line:` prefix.
  renderDocuments(documents, kindHandlers);
  const charts = documents.map((document) => {
    const name = String(document.props.name ?? "workflow");
    const spec = resolveWorkflow(document.props as unknown as WorkflowProps, { name });
    return documents.length > 1 ? `%% ${spec.name}\n${workflowToMermaid(spec)}` : workflowToMermaid(spec);
  });
  const text = charts.join("\n");
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return 0;
}
