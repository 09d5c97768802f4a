/** One-line usage of each command, in a module of its own so `--help` loads no command. */
export const SYNTH_USAGE = "modelship synth <file> [--out <dir>] [--engine argo-workflows|argo-cd|plain] [--allow-mutable-image]";
export const GRAPH_USAGE = "modelship graph <file> [--allow-mutable-image]";
export const CHECK_USAGE = "modelship check <dir|file...> [--skip a,b] [--format text|json] (policy checks on any Kubernetes YAML)";
