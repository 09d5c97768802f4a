import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import { installMocks, type RecordedResource } from "./mocks";

/** Install order of kinds among resources that do not depend on each other (Helm's, roughly). */
const KIND_ORDER = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "ServiceAccount",
  "Secret",
  "ExternalSecret",
  "ConfigMap",
  "Role",
  "RoleBinding",
  "PersistentVolumeClaim",
  "Image",
  "Service",
  "Deployment",
  "StatefulSet",
  "Job",
  "CronJob",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
];

function kindOf(resource: RecordedResource): string {
  return typeof resource.inputs.kind === "string" ? resource.inputs.kind : (resource.type.split(":").pop() ?? resource.type);
}

function rank(resource: RecordedResource): number {
  const index = KIND_ORDER.indexOf(kindOf(resource));
  return index < 0 ? KIND_ORDER.length : index;
}

/** Resources a provider creates: Kubernetes objects and image builds, not components or providers. */
export function isCreated(resource: RecordedResource): boolean {
  return resource.custom && !resource.type.startsWith("pulumi:providers:");
}

/**
 * Orders registrations the way the engine may run them: every resource after its parent and after
 * everything it depends on. Among resources that are ready at the same time the order is fixed
 * (kind install order, then type and name), so the output does not depend on timing.
 */
export function orderByDependencies(resources: readonly RecordedResource[]): RecordedResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const waitsFor = new Map(resources.map((r) => [r.urn, new Set([...r.dependencies, r.parent].filter((urn) => byUrn.has(urn)))]));
  const ordered: RecordedResource[] = [];
  const done = new Set<string>();
  const compare = (a: RecordedResource, b: RecordedResource) => rank(a) - rank(b) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
  while (ordered.length < resources.length) {
    const ready = resources.filter((r) => !done.has(r.urn) && [...(waitsFor.get(r.urn) ?? [])].every((urn) => done.has(urn))).sort(compare);
    if (ready.length === 0)
      throw new Error(
        `dependency cycle among ${resources
          .filter((r) => !done.has(r.urn))
          .map((r) => r.urn)
          .join(", ")}`,
      );
    // Take one at a time so that a newly unblocked resource of an earlier kind goes first.
    ordered.push(ready[0]);
    done.add(ready[0].urn);
  }
  return ordered;
}

/**
 * The Kubernetes object a recorded resource creates (apiVersion first, as in YAML manifests), with
 * the values of a Secret's `data` and `stringData` redacted.
 */
export function kubeObjectOf(resource: RecordedResource): Record<string, unknown> | undefined {
  if (!resource.type.startsWith("kubernetes:")) return undefined;
  const { apiVersion, kind, metadata, ...fields } = resource.inputs;
  const rest: Record<string, unknown> = { ...fields };
  if (kind === "Secret") {
    // A preview is for reading and sharing: never print a Secret's values, secret outputs or not.
    for (const field of ["data", "stringData"] as const) {
      const values = rest[field];
      if (values && typeof values === "object") rest[field] = Object.fromEntries(Object.keys(values).map((key) => [key, REDACTED]));
    }
  }
  return { apiVersion, kind, metadata, ...rest };
}

const REDACTED = "[redacted]";

function label(resource: RecordedResource | undefined): string {
  if (!resource) return "?";
  if (resource.type.startsWith("kubernetes:")) return `${kindOf(resource)} ${resource.name}`;
  return `${resource.type.split(":").pop()} ${resource.name}`;
}

/**
 * Prints what a stack would create: every Kubernetes object as a YAML document in dependency
 * order, each preceded by a comment naming its component and what it waits for; image builds as
 * comments at their place in the order; stack outputs at the end.
 */
export function formatPreview(resources: readonly RecordedResource[], outputs: Readonly<Record<string, unknown>> = {}, title = "stack"): string {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ordered = orderByDependencies(resources).filter(isCreated);
  const lines: string[] = [
    `# Offline preview of ${title}: ${ordered.length} resources, in the order \`pulumi up\` may create them.`,
    "# Run under pulumi.runtime.setMocks: no cluster, registry or Docker engine was contacted.",
  ];
  ordered.forEach((resource, index) => {
    const parent = byUrn.get(resource.parent);
    const after = resource.dependencies.map((urn) => label(byUrn.get(urn)));
    const owner = parent && parent.type !== "pulumi:pulumi:Stack" ? ` (in ${parent.type.split(":").pop()} '${parent.name}')` : "";
    const header = `# ${index + 1}. ${resource.type} ${resource.name}${owner}${after.length ? `; after: ${after.join(", ")}` : ""}`;
    const object = kubeObjectOf(resource);
    if (object) {
      lines.push("---", header, stringify(object).trimEnd());
    } else if (resource.type === "docker:index/image:Image") {
      const build = (resource.inputs.build ?? {}) as { context?: string; dockerfile?: string; platform?: string; target?: string };
      const registry = (resource.inputs.registry ?? {}) as { server?: string };
      lines.push(
        "---",
        header,
        `# docker build ${build.context ?? "."}${build.dockerfile ? ` -f ${build.dockerfile}` : ""}${build.platform ? ` --platform ${build.platform}` : ""}${build.target ? ` --target ${build.target}` : ""} -t ${String(resource.inputs.imageName)}`,
        `# docker push ${String(resource.inputs.imageName)}${registry.server ? ` (login to ${registry.server})` : ""}`,
        "# The workload runs the pushed digest; under mocks it is a hash of the build context, not Docker's digest.",
      );
    } else {
      lines.push("---", header, `# ${stringify(resource.inputs).trimEnd().split("\n").join("\n# ")}`);
    }
  });
  const shown = Object.entries(outputs);
  if (shown.length) {
    lines.push("---", "# Stack outputs:");
    for (const [key, value] of shown) lines.push(`#   ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A Pulumi project read from its directory. */
export interface StackProject {
  readonly dir: string;
  readonly name: string;
  /** Config with full keys, from `Pulumi.yaml` defaults and `Pulumi.<stack>.yaml`. */
  readonly config: Record<string, string>;
  /** Keys whose stack value is encrypted (`secure:`), which an offline preview cannot read. */
  readonly encrypted: string[];
}

function fullKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Reads `Pulumi.yaml` (project name, config defaults) and `Pulumi.<stack>.yaml` if present. */
export function readProject(dir: string, stack: string, overrides: Readonly<Record<string, string>> = {}): StackProject {
  const projectFile = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) throw new Error(`${dir} is not a Pulumi project: no Pulumi.yaml`);
  const project = parse(fs.readFileSync(projectFile, "utf8")) as { name: string; config?: Record<string, { default?: unknown; value?: unknown } | unknown> };
  const config: Record<string, string> = {};
  const encrypted: string[] = [];
  for (const [key, spec] of Object.entries(project.config ?? {})) {
    const value =
      spec !== null && typeof spec === "object" ? ((spec as { default?: unknown; value?: unknown }).default ?? (spec as { value?: unknown }).value) : spec;
    if (value !== undefined) config[fullKey(project.name, key)] = configString(value);
  }
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(stackFile)) {
    const values = (parse(fs.readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && typeof value === "object" && "secure" in value) encrypted.push(fullKey(project.name, key));
      else config[fullKey(project.name, key)] = configString(value);
    }
  }
  for (const [key, value] of Object.entries(overrides)) config[fullKey(project.name, key)] = value;
  return { dir, name: project.name, config, encrypted };
}

/** The result of {@link previewProgram}. */
export interface PreviewResult {
  readonly project: StackProject;
  /** Every registration, in dependency order. */
  readonly resources: RecordedResource[];
  /** The stack's exports. */
  readonly outputs: Record<string, unknown>;
  /** The printed preview. */
  readonly text: string;
}

/**
 * Runs a stack program under mocks, in its project directory (as `pulumi up` would), and returns
 * what it would create. `program` is the compiled program (JavaScript). The mock runtime is
 * process-global: run one preview per process.
 */
export async function previewProgram(
  dir: string,
  program: string,
  options: { readonly stack?: string; readonly config?: Readonly<Record<string, string>> } = {},
): Promise<PreviewResult> {
  const stack = options.stack ?? "dev";
  const project = readProject(dir, stack, options.config);
  const run = installMocks({ project: project.name, stack, config: project.config });
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const exported = await pulumi.runtime.runInPulumiStack(async () => {
      const loaded = (await import(path.resolve(cwd, program))) as Record<string, unknown>;
      // A module's exports become stack outputs, as in `pulumi up`.
      return Object.fromEntries(
        Object.entries(loaded.default && typeof loaded.default === "object" ? (loaded.default as Record<string, unknown>) : loaded).filter(
          ([key]) => key !== "__esModule" && key !== "default",
        ),
      );
    });
    await run.settled();
    const outputs = (exported ?? {}) as Record<string, unknown>;
    const resources = orderByDependencies(run.resources);
    return { project, resources, outputs, text: formatPreview(resources, outputs, `${project.name}/${stack}`) };
  } finally {
    process.chdir(cwd);
  }
}
