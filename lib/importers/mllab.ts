import { parse } from "yaml";
import type { EnvValue } from "../model/env";
import { ModelshipValidationError, type ValidationIssue } from "../model/errors";
import { labServicePath, primaryLabPort, projectNameSchema } from "../model/lab";
import { resolveModelService, type ModelServiceProps } from "../model/model-service";
import { mutableImageReason, parseImage } from "../model/image";
import type { Importer, DefinitionDocument } from "../definitions/document";
import type { LabImportOptions } from "./orchest";
import { serviceInputProps, serviceNameFrom } from "./mllab-service-input";
import { detectMlLab, isObject } from "./detect";

/** ML Lab's default connection port (when an image's EXPOSE is not known). */
export const MLLAB_DEFAULT_PORT = 8080;

/** ModelService prop -> body key, for error paths. */
function sourcePath(field: string): string {
  if (field.startsWith("env.")) return `parameters.${field.slice(4)}`;
  return field;
}

/**
 * Reads an ML Lab deploy-service request (what `POST /api/projects/{project}/services` and the
 * Python client's `deploy_service(project, image, name, body)` take) into a ModelService:
 *
 * ```json
 * { "project": "demo", "image": "registry.example.com/iris:1.0.0", "name": "my-service",
 *   "parameters": { "EXAMPLE_PARAMETER": "example" }, "ports": [8080] }
 * ```
 *
 * `parameters` (or `body`) become env vars; `/data` is persisted (ML Lab's convention); ports
 * default to 8080 (ML Lab's default connection port); with a `project`, the service gets
 * `LAB_PROJECT`, `LAB_SERVICE_PATH` and `LAB_API_TOKEN` from the Secret `<project>-token`, as a
 * LabProject does. Credentials in parameters are refused: they would land in the manifest.
 * The current client's contaxy `ServiceInput` (`container_image`, `display_name`, `parameters`,
 * `compute`, `endpoints`, ...) is read too (see mllab-service-input.ts).
 */
export function loadMlLabService(fileName: string, text: string, options: LabImportOptions = {}): DefinitionDocument[] {
  let body: unknown;
  try {
    body = parse(text);
  } catch (error) {
    throw new ModelshipValidationError("ML Lab service", fileName, [
      { field: "", problem: `is not valid JSON/YAML: ${(error as Error).message.split("\n")[0]}`, fix: "check the file." },
    ]);
  }
  if (!isObject(body))
    throw new ModelshipValidationError("ML Lab service", fileName, [{ field: "", problem: "is not an object", fix: "give { image, name, parameters }." }]);
  const issues: ValidationIssue[] = [];
  // The current client's contaxy ServiceInput; the project is in the request path, so it comes from --project.
  if (body.container_image !== undefined) {
    const props = serviceInputProps(body, options.project, issues);
    if (!props) throw new ModelshipValidationError("ML Lab service", fileName, issues);
    const withProject = options.project
      ? { ...props, partOf: options.project, labels: { "lab.modelship.io/project": options.project, "lab.modelship.io/feature-type": "project-service" } }
      : props;
    const final =
      options.allowMutableImageTag && props.image !== undefined && mutableImageReason(props.image)
        ? { ...withProject, allowMutableImageTag: true }
        : withProject;
    try {
      resolveModelService(final, { name: String(final.name) });
    } catch (error) {
      if (!(error instanceof ModelshipValidationError)) throw error;
      throw new ModelshipValidationError(
        "ML Lab service",
        fileName,
        error.issues.map((issue) => ({
          ...issue,
          field: sourcePath(issue.field),
          ...(issue.field === "image" && issue.fix?.includes("allowMutableImageTag")
            ? { field: "container_image", fix: "pin a version tag or a digest; or pass --allow-mutable-image to accept the tag as it is." }
            : {}),
        })),
      );
    }
    return [{ kind: "ModelService", props: { ...final }, source: { file: fileName } }];
  }
  const known = ["project", "image", "name", "parameters", "body", "ports", "endpoint"];
  for (const key of Object.keys(body))
    if (!known.includes(key)) issues.push({ field: key, problem: "is not a deploy-service field", value: body[key], fix: `use ${known.join(", ")}.` });
  const image = body.image;
  if (typeof image !== "string" || image === "")
    issues.push({ field: "image", problem: "is required", value: image, fix: "set the service image, pinned (e.g. 'registry.example.com/iris:1.0.0')." });
  const paramsKey = body.parameters !== undefined ? "parameters" : "body";
  const params = body[paramsKey] ?? {};
  if (body.parameters !== undefined && body.body !== undefined)
    issues.push({ field: "body", problem: "conflicts with 'parameters'", fix: "give the env parameters once." });
  if (!isObject(params))
    issues.push({ field: paramsKey, problem: "must map parameter names to values", value: params, fix: 'write e.g. { "EXAMPLE_PARAMETER": "example" }.' });
  const project = body.project;
  if (project !== undefined && !projectNameSchema.safeParse(project).success) {
    issues.push({
      field: "project",
      problem: "is not a valid project name",
      value: project,
      fix: "use lowercase letters, digits and '-', starting with a letter.",
    });
  }
  const endpoint = body.endpoint;
  if (endpoint !== undefined && typeof endpoint !== "string")
    issues.push({ field: "endpoint", problem: "must be a URL", value: endpoint, fix: "use e.g. 'https://lab.example.com'." });
  let ports: number[] = [MLLAB_DEFAULT_PORT];
  if (body.ports !== undefined) {
    if (!Array.isArray(body.ports) || body.ports.length === 0 || body.ports.some((p) => typeof p !== "number"))
      issues.push({
        field: "ports",
        problem: "must be a non-empty list of port numbers",
        value: body.ports,
        fix: "list the ports the image EXPOSEs, e.g. [8080].",
      });
    else ports = body.ports as number[];
  }
  if (issues.length) throw new ModelshipValidationError("ML Lab service", fileName, issues);

  const rawName =
    typeof body.name === "string" && body.name !== ""
      ? body.name
      : parseImage(image as string)
          .repository.split("/")
          .pop()!;
  const name = serviceNameFrom(rawName);
  const env: Record<string, EnvValue> = {};
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) env[key] = typeof value === "string" ? value : JSON.stringify(value);
  // ML Lab connects to 8080 when the service has it, else to the first port (as a LabProject does).
  const portSpecs = ports.map((port) => ({ name: port === MLLAB_DEFAULT_PORT ? "http" : `port-${port}`, port }));
  const primary = primaryLabPort(portSpecs);
  if (typeof project === "string") {
    if (typeof endpoint === "string") env.LAB_ENDPOINT = endpoint;
    env.LAB_PROJECT = project;
    env.LAB_API_TOKEN = { secretKeyRef: { name: `${project}-token`, key: "token" } };
    env.LAB_SERVICE_PATH = labServicePath(project, name, primary.port);
  }
  const props: ModelServiceProps = {
    name,
    image: image as string,
    ...(options.allowMutableImageTag && mutableImageReason(image as string) ? { allowMutableImageTag: true } : {}),
    ports: portSpecs,
    primaryPort: primary.name,
    ...(Object.keys(env).length ? { env } : {}),
    persistence: true,
    ...(typeof project === "string"
      ? { partOf: project, labels: { "lab.modelship.io/project": project, "lab.modelship.io/feature-type": "project-service" } }
      : {}),
  };
  try {
    resolveModelService(props, { name });
  } catch (error) {
    if (!(error instanceof ModelshipValidationError)) throw error;
    throw new ModelshipValidationError(
      "ML Lab service",
      fileName,
      error.issues.map((issue) => ({ ...issue, field: sourcePath(issue.field) })),
    );
  }
  return [{ kind: "ModelService", props: { ...props }, source: { file: fileName } }];
}

/** ML Lab deploy-service bodies: `*.mllab.json` / `*.mllab.yaml`, or JSON with `image` and `parameters`, or a ServiceInput (`container_image`). */
export const mlLabImporter: Importer = {
  name: "mllab",
  detect: detectMlLab,
  load: loadMlLabService,
};
