import * as pulumi from "@pulumi/pulumi";
import { readDefinitionDocuments } from "../importers/read";
import type { ImportOptions, DefinitionDocument } from "../definitions/document";
import { kindHandlers } from "../definitions/kinds";
import { duplicateObjectProblem } from "../definitions/unique";
import type { BatchStageArgs } from "./batch-stage";
import { BatchStage } from "./batch-stage";
import type { KubeObject } from "../render/types";
import { dependsOnOf, mergeDependsOn } from "./emit";
import { LabPlatform } from "./lab-platform";
import { LabProject, type LabProjectArgs } from "./lab-project";
import type { LabPlatformProps } from "../model/lab";
import { ModelService, type ModelServiceArgs } from "./model-service";
import { Workflow, type WorkflowArgs } from "./workflow";

/** Props of {@link DefinitionFile}: a file to read, or documents already read. */
export interface DefinitionFileArgs {
  /**
   * A file the CLI reads (`bodywork.yaml`, an Orchest pipeline, an ML Lab deploy body, a modelship
   * definition file), relative to the Pulumi project directory. Give `file` or `documents`.
   */
  readonly file?: string;
  /** Definition documents, e.g. from an importer. */
  readonly documents?: readonly DefinitionDocument[];
  /**
   * Importer options, as the CLI's flags. With Pulumi, `engine: "plain"` makes `pulumi up` run
   * imported workflows (DAG edges as dependsOn).
   * @default - the importers' defaults
   */
  readonly importOptions?: ImportOptions;
}

type ComponentFor = (name: string, props: Readonly<Record<string, unknown>>, opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/** The Pulumi component of each kind the kind registry knows (every one has its component). */
const COMPONENTS: Readonly<Record<string, ComponentFor>> = {
  ModelService: (name, props, opts) => new ModelService(name, props as unknown as ModelServiceArgs, opts),
  BatchStage: (name, props, opts) => new BatchStage(name, props as unknown as BatchStageArgs, opts),
  Workflow: (name, props, opts) => new Workflow(name, props as unknown as WorkflowArgs, opts),
  LabProject: (name, props, opts) => new LabProject(name, props as unknown as LabProjectArgs, opts),
  LabPlatform: (name, props, opts) => new LabPlatform(name, props as LabPlatformProps, opts),
};

/**
 * Everything a modelship definition file (or an imported `bodywork.yaml`, Orchest pipeline, ML Lab
 * body) describes, as Pulumi resources: each document becomes its component (`Workflow`,
 * `LabProject`, ...) through the same importers, validation and render as `modelship synth`.
 *
 * @example
 * new DefinitionFile("pipeline", { file: "bodywork.yaml", importOptions: { engine: "plain" } });
 */
export class DefinitionFile extends pulumi.ComponentResource {
  /** The documents read, in file order. */
  readonly documents: readonly DefinitionDocument[];
  /** One component per document, by its name. */
  readonly components: ReadonlyMap<string, pulumi.ComponentResource>;

  constructor(name: string, args: DefinitionFileArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const documents = args.documents ?? (args.file !== undefined ? readDefinitionFile(args.file, args.importOptions) : undefined);
    if (!documents || (args.file !== undefined && args.documents !== undefined))
      throw new Error(`DefinitionFile '${name}': give 'file' or 'documents' (one of them).`);
    const unknown = documents.filter((document) => !kindHandlers[document.kind] || !COMPONENTS[document.kind]);
    if (unknown.length)
      throw new Error(
        `DefinitionFile '${name}': unknown kind(s) ${unknown.map((d) => `'${d.kind}'`).join(", ")}; known: ${Object.keys(kindHandlers).join(", ")}.`,
      );
    // Render every document before registering anything: a bad document creates nothing.
    const names = documents.map((document, index) => String(document.props.name ?? `${name}-${index}`));
    const rendered = documents.map((document, index) => kindHandlers[document.kind].resolveAndRender(document.props, { name: names[index] }));
    const duplicate = duplicateObjectProblem(rendered.flat());
    if (duplicate) throw new Error(`DefinitionFile '${name}': ${duplicate}`);

    // Stacks deployed before the rename keep their resources: the old type is an alias, not a replacement.
    super("modelship:index:DefinitionFile", name, {}, { ...opts, aliases: [...(opts.aliases ?? []), { type: "modelship:index:SpecFile" }] });
    this.documents = documents;
    // A document whose objects live in a Namespace another document creates (a ModelService in a
    // LabProject's namespace) waits for that Namespace, wherever the two stand in the file:
    // the documents that create Namespaces are registered first. A LabPlatform comes before
    // them all, and every LabProject waits for it: no project route exists before the policies.
    const creates = rendered.map((objects) => new Set(objects.filter(isNamespace).map((object) => object.metadata.name)));
    const lives = rendered.map(
      (objects) => new Set(objects.flatMap((object) => (!isNamespace(object) && object.metadata.namespace ? [object.metadata.namespace] : []))),
    );
    const namespaceResources = new Map<string, pulumi.Resource>();
    const platforms: pulumi.Resource[] = [];
    const created: pulumi.ComponentResource[] = [];
    const rank = (index: number) => (documents[index].kind === "LabPlatform" ? 2 : Number(creates[index].size > 0));
    const order = documents.map((_, index) => index).sort((a, b) => rank(b) - rank(a));
    for (const index of order) {
      const document = documents[index];
      const waitFor = [...lives[index]].filter((namespace) => !creates[index].has(namespace)).flatMap((namespace) => namespaceResources.get(namespace) ?? []);
      if (document.kind === "LabProject") waitFor.push(...platforms);
      const dependsOn = waitFor.length ? mergeDependsOn(dependsOnOf(opts), ...waitFor) : dependsOnOf(opts);
      const childOpts = { parent: this, dependsOn };
      const made = COMPONENTS[document.kind](names[index], document.props, childOpts);
      created[index] = made;
      if (document.kind === "LabPlatform") platforms.push(made);
      const resources = (made as { resources?: ReadonlyMap<string, pulumi.Resource> }).resources;
      for (const namespace of creates[index])
        if (!namespaceResources.has(namespace)) namespaceResources.set(namespace, resources?.get(`Namespace//${namespace}`) ?? made);
    }
    this.components = new Map(created.map((component, index) => [names[index], component]));
    this.registerOutputs({ documents: documents.map((document, index) => ({ kind: document.kind, name: names[index] })) });
  }
}

const isNamespace = (object: KubeObject): boolean => object.kind === "Namespace" && object.apiVersion === "v1";

/** Reads a file through the first importer that recognises it, as `modelship synth` does. */
export function readDefinitionFile(file: string, options: ImportOptions = {}): DefinitionDocument[] {
  return readDefinitionDocuments(file, options);
}
