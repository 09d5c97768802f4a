/**
 * A construct described as data: what a modelship definition file holds (one YAML document per
 * construct, `kind:` plus the construct's props) and what importers (bodywork.yaml, Orchest
 * pipelines, ML Lab deploy bodies) produce. `kindHandlers[kind].resolveAndRender(props, ...)` turns it into
 * objects, through the same validation and render as the constructs.
 */
export interface DefinitionDocument {
  /** A kind registered in `kindHandlers` (`ModelService`, ...). */
  readonly kind: string;
  /** The construct's props, as the construct takes them (including `name`). */
  readonly props: Readonly<Record<string, unknown>>;
  /** Where it came from, for error messages. */
  readonly source?: { readonly file: string; readonly line?: number };
  /** What the importer could not carry over or had to decide, each naming the key path and what to do; the CLI prints them. @default - none */
  readonly warnings?: readonly string[];
}

/**
 * Reads one foreign file format into definition documents. The CLI asks each importer in turn
 * whether it recognises a file; the first that does loads it. Importers throw
 * `ModelshipValidationError`s whose fields are key paths in the source file
 * (`stages.train.batch.retries`).
 */
export interface Importer {
  /** Short name shown in messages, e.g. `bodywork`. */
  readonly name: string;
  /** Whether this importer reads the file (by name and/or content). */
  detect(fileName: string, text: string): boolean;
  /** Parses the file into documents. */
  load(fileName: string, text: string, options?: ImportOptions): DefinitionDocument[];
}

/** Choices an importer cannot take from the file itself (CLI flags). Importers ignore what does not apply to them. */
export interface ImportOptions {
  /** Accept `:latest`/untagged images from the file (they are an error by default). @default false */
  readonly allowMutableImageTag?: boolean;
  /** Engine of imported workflows (`argo-workflows`, `argo-cd`, `plain`). @default - the Workflow default */
  readonly engine?: string;
  /**
   * The image every imported stage or service runs instead of the file's own (e.g. a project
   * image built for a Bodywork project whose `docker_image` is Bodywork's generic runner).
   * @default - the file's image
   */
  readonly image?: string;
  /**
   * The Gateway listener imported routes attach to (Bodywork `ingress: true`, exposed Orchest
   * services): `{ name, namespace?, sectionName }` or `"<namespace>/<name>:<sectionName>"`.
   * @default - none: a file that asks for a route is refused, naming this option
   */
  readonly gateway?: string | { readonly name: string; readonly namespace?: string; readonly sectionName: string };
  /** `none` renders no route for Bodywork's `ingress: true` (the service stays in-cluster). @default "gateway-api" */
  readonly ingress?: "gateway-api" | "none";
  /** Project name (namespace) of an imported Orchest pipeline. @default - the project directory's name */
  readonly project?: string;
}
