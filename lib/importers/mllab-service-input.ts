import type { EnvValue } from "../model/env";
import { isObject } from "./detect";
import type { ValidationIssue } from "../model/errors";
import { parseImage } from "../model/image";
import type { ModelServiceProps } from "../model/model-service";
import { toDnsLabel } from "../model/names";

// ML Lab's current client deploys a contaxy `ServiceInput` (ml-tooling/contaxy
// backend/src/contaxy/schema/deployment.py); its Kubernetes manager (managers/deployment/
// kube_utils.py, utils.py) maps it as follows, and so do we:
// - `endpoints` ("8080", "9001/webapp/ui", "9002b"): a Service port per port number;
// - `compute`: requests cpu = min_cpus, memory = min_memory MB (default 100); limits cpu =
//   max_cpus (default 1 core), memory = max_memory MB (default 100); `volume_path` mounts a PVC of
//   `max_volume_size` MB; replicas = `max_replicas` (default 1);
// - `parameters` are env vars, plus CONTAXY_DEPLOYMENT_NAME (and CONTAXY_API_TOKEN, a token
//   contaxy mints per service: here read from the project's token Secret when the project is known).

/** The ServiceInput keys (its own, DeploymentBase's and ResourceInput's). */
export const SERVICE_INPUT_KEYS = [
  "container_image",
  "parameters",
  "compute",
  "command",
  "args",
  "requirements",
  "endpoints",
  "display_name",
  "description",
  "icon",
  "metadata",
  "disabled",
  "graphql_endpoint",
  "openapi_endpoint",
  "health_endpoint",
  "idle_timeout",
  "clear_volume_on_stop",
  "is_stopped",
];
const COMPUTE_KEYS = [
  "min_cpus",
  "max_cpus",
  "min_memory",
  "max_memory",
  "min_gpus",
  "max_gpus",
  "volume_path",
  "max_volume_size",
  "max_container_size",
  "max_replicas",
  "min_lifetime",
];
/** contaxy's `_MIN_MEMORY_DEFAULT_MB` and the k8s manager's default `max_memory`. */
const DEFAULT_MEMORY_MB = 100;

function stringList(value: unknown, field: string, issues: ValidationIssue[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    issues.push({ field, problem: "must be a list of strings", value, fix: `write e.g. ["python", "app.py"].` });
    return undefined;
  }
  return value as string[];
}

/** A contaxy endpoint's port: `9001/webapp/ui` -> 9001, `9002b` -> 9002 (kube_utils.py). */
export function endpointPort(endpoint: string): number | undefined {
  const port = Number(endpoint.split("/")[0].replace("b", ""));
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

/** Reads a ServiceInput body into ModelService props, or issues naming its keys. */
export function serviceInputProps(body: Record<string, unknown>, project: string | undefined, issues: ValidationIssue[]): ModelServiceProps | undefined {
  for (const key of Object.keys(body))
    if (!SERVICE_INPUT_KEYS.includes(key))
      issues.push({ field: key, problem: "is not a ServiceInput field", value: body[key], fix: `use ${SERVICE_INPUT_KEYS.join(", ")}.` });
  const image = body.container_image;
  if (typeof image !== "string" || image === "")
    issues.push({
      field: "container_image",
      problem: "is required",
      value: image,
      fix: "set the service image, pinned (e.g. 'registry.example.com/iris:1.0.0').",
    });
  const params = body.parameters ?? {};
  if (!isObject(params))
    issues.push({ field: "parameters", problem: "must map parameter names to values", value: params, fix: 'write e.g. { "TEST_PARAM": "param-value" }.' });
  const command = stringList(body.command, "command", issues);
  const args = stringList(body.args, "args", issues);
  const endpoints = stringList(body.endpoints, "endpoints", issues) ?? [];
  const ports: number[] = [];
  endpoints.forEach((endpoint, index) => {
    const port = endpointPort(endpoint);
    if (port === undefined)
      issues.push({
        field: `endpoints[${index}]`,
        problem: "does not start with a port number",
        value: endpoint,
        fix: "write the internal port first, e.g. '8080' or '9001/webapp/ui'.",
      });
    else if (!ports.includes(port)) ports.push(port);
  });
  if (body.endpoints !== undefined && endpoints.length === 0 && Array.isArray(body.endpoints)) {
    issues.push({
      field: "endpoints",
      problem: "is empty, so no port of the service is known (contaxy then opens port 80, where nothing may listen, and the readiness probe would never pass)",
      value: body.endpoints,
      fix: 'list the port the service listens on, e.g. ["8080"].',
    });
  } else if (body.endpoints === undefined) {
    issues.push({
      field: "endpoints",
      problem:
        "is missing, so no port of the service is known (contaxy then opens port 80, where nothing may listen, and the readiness probe would never pass)",
      fix: 'list the port the service listens on, e.g. ["8080"].',
    });
  }
  const compute = body.compute ?? {};
  if (!isObject(compute)) {
    issues.push({ field: "compute", problem: "must be an object", value: compute, fix: 'write e.g. { "min_cpus": 1, "max_memory": 2000 }.' });
    return undefined;
  }
  for (const key of Object.keys(compute))
    if (!COMPUTE_KEYS.includes(key))
      issues.push({ field: `compute.${key}`, problem: "is not a DeploymentCompute field", value: compute[key], fix: `use ${COMPUTE_KEYS.join(", ")}.` });
  const number = (key: string, integer: boolean): number | undefined => {
    const value = compute[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || value < 0 || (integer && !Number.isInteger(value))) {
      issues.push({
        field: `compute.${key}`,
        problem: `must be ${integer ? "an integer" : "a number"} >= 0`,
        value,
        fix: key.includes("memory") || key.includes("size") ? "give megabytes, e.g. 4000." : "give e.g. 2.",
      });
      return undefined;
    }
    return value;
  };
  const minCpus = number("min_cpus", false);
  const maxCpus = number("max_cpus", false);
  const minMemory = number("min_memory", true) ?? DEFAULT_MEMORY_MB;
  const maxMemory = number("max_memory", true) || DEFAULT_MEMORY_MB;
  const maxGpus = number("max_gpus", true) ?? number("min_gpus", true);
  const maxVolume = number("max_volume_size", true);
  const maxContainer = number("max_container_size", true);
  const replicas = number("max_replicas", true);
  number("min_lifetime", true);
  const volumePath = compute.volume_path;
  if (volumePath !== undefined && volumePath !== null && volumePath !== "" && (typeof volumePath !== "string" || !volumePath.startsWith("/"))) {
    issues.push({ field: "compute.volume_path", problem: "must be an absolute container path", value: volumePath, fix: "use e.g. '/data'." });
  }
  if (minMemory > maxMemory)
    issues.push({
      field: "compute.min_memory",
      problem: `is above max_memory (${maxMemory} MB), the limit contaxy sets`,
      value: minMemory,
      fix: "raise max_memory or lower min_memory.",
    });
  const health = body.health_endpoint;
  if (health !== undefined && health !== null && typeof health !== "string")
    issues.push({ field: "health_endpoint", problem: "must be a URL path", value: health, fix: "use e.g. '/healthz'." });
  if (issues.length || typeof image !== "string") return undefined;

  const given = typeof body.display_name === "string" && body.display_name.trim() !== "" ? body.display_name : parseImage(image).repository.split("/").pop()!;
  const name = serviceNameFrom(given);
  const env: Record<string, EnvValue> = { CONTAXY_DEPLOYMENT_NAME: name };
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) env[key] = typeof value === "string" ? value : JSON.stringify(value);
  if (project) env.CONTAXY_API_TOKEN = { secretKeyRef: { name: `${project}-token`, key: "token" } };
  const healthPath = typeof health === "string" && health !== "" ? (health.startsWith("/") ? health : `/${health}`) : undefined;
  return {
    name,
    image,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ports: ports.map((port) => ({ name: `port-${port}`, port })),
    replicas: body.is_stopped === true ? 0 : replicas || 1,
    env,
    resources: {
      ...(minCpus ? { cpu: minCpus } : {}),
      cpuLimit: maxCpus || 1,
      memory: `${minMemory}M`,
      memoryLimit: `${maxMemory}M`,
      ...(maxContainer ? { ephemeralStorage: `${maxContainer}M` } : {}),
    },
    ...(maxGpus ? { gpu: { count: maxGpus } } : {}),
    ...(typeof volumePath === "string" && volumePath !== "" ? { persistence: { mountPath: volumePath, ...(maxVolume ? { size: `${maxVolume}M` } : {}) } } : {}),
    ...(healthPath ? { health: { probe: { type: "http", path: healthPath } } } : {}),
  } as ModelServiceProps;
}

/** A Service name (a DNS-1035 label) from an ML Lab display name or image name: `svc-` goes before one not starting with a letter. */
export function serviceNameFrom(given: string): string {
  const label = toDnsLabel(given);
  return /^[a-z]/.test(label) ? label : toDnsLabel(`svc-${label}`);
}
