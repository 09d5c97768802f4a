/** One-line usage of each command, in a module of its own so `--help` loads no command. */
export const SYNTH_USAGE =
  "modelship synth <file> [--out <dir>] [--engine argo-workflows|argo-cd|plain] [--allow-mutable-image] [--image <ref>] [--gateway <namespace>/<gateway>:<listener>] [--ingress gateway-api|none] [--project <name>]";
export const GRAPH_USAGE =
  "modelship graph <file> [--allow-mutable-image] [--image <ref>] [--gateway <namespace>/<gateway>:<listener>] [--ingress gateway-api|none] [--project <name>]";
export const CHECK_USAGE = "modelship check <dir|file...> [--skip a,b] [--format text|json] (policy checks on any Kubernetes YAML)";
