import fs from "node:fs";
import path from "node:path";
import { checkObjects, violationTarget, type PolicyOptions } from "../policy";

// The parts of cdk8s-cli's validation plugin contract (cdk8s-cli/lib/plugins/validation) this
// plugin uses, declared here so the package needs cdk8s-cli only at synth time, not at run time.

/** A resource a violation is about, as cdk8s-cli reports it. */
export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** The report a plugin fills in (cdk8s-cli `ValidationReport`). */
export interface Report {
  addViolation(violation: { ruleName: string; recommendation: string; fix: string; violatingResources: readonly ViolatingResource[] }): void;
  submit(status: "success" | "failure", metadata?: Readonly<Record<string, string>>): void;
}

/** What cdk8s-cli passes to `validate` (cdk8s-cli `ValidationContext`). */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  /** cdk8s' construct metadata (`construct-metadata.json`): construct paths by key. */
  readonly metadata?: Readonly<Record<string, { readonly path: string }>>;
  readonly report: Report;
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): unknown[];
}

/** Properties given in `cdk8s.yaml` under the validation's `properties:`. */
export interface PolicyValidationProps extends PolicyOptions {
  /** Fail the synth on warnings as well as errors. @default false */
  readonly failOnWarnings?: boolean;
}

/**
 * cdk8s validation plugin running modelship's policy checks on everything `cdk8s synth` writes.
 * Referenced from `cdk8s.yaml` by local path (cdk8s-cli `require`s it and calls `validate`):
 *
 * ```yaml
 * validations:
 *   - package: ./build/lib/cdk8s/validation-plugin.js
 *     version: 0.1.0
 *     class: ModelshipPolicyValidation
 *     properties: { skip: [], failOnWarnings: false }
 * ```
 *
 * All manifests are checked as one set, so cross-chart references (a route to a Service in
 * another chart) resolve. Each violation is reported with its object, field and fix; errors
 * (and warnings with `failOnWarnings`) fail the synth (cdk8s-cli exits with code 2).
 *
 * The construct path reported is the construct that owns the object (`bad/iris` for the
 * Deployment of ModelService `iris`): modelship's constructs record it under the object's
 * kind/namespace/name (see `ownerKey` in emit.ts), because cdk8s keys its record by
 * `metadata.name`, which a service's Deployment, Service and PodDisruptionBudget share.
 *
 * With `cdk8s synth --format helm`, cdk8s writes `construct-metadata.json` into the chart's
 * `templates/`, where Helm allows only templates (`helm lint` fails on it); once read, the plugin
 * removes it from there.
 */
export class ModelshipPolicyValidation {
  constructor(private readonly props: PolicyValidationProps = {}) {}

  async validate(context: ValidationContextLike): Promise<void> {
    const objects: unknown[] = [];
    const manifestOf = new Map<unknown, string>();
    for (const manifest of context.manifests) {
      for (const object of context.parseManifest(manifest)) {
        objects.push(object);
        manifestOf.set(object, manifest);
      }
    }
    const { failOnWarnings, ...options } = this.props;
    const violations = checkObjects(objects, options);
    // Violations name objects by ref; find each object's manifest by identity of kind/ns/name.
    const manifestByTarget = new Map<string, string>();
    for (const [object, manifest] of manifestOf) {
      const o = object as { kind?: string; metadata?: { name?: string; namespace?: string } };
      if (o && o.metadata?.name) manifestByTarget.set(`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, manifest);
    }
    for (const violation of violations) {
      // An object embedded in an Argo template is written in its template's manifest file.
      const { kind, namespace, name } = violation.embeddedIn?.object ?? violation.object;
      // cdk8s-cli looks the construct path up by `resourceName`: our key when the owner is recorded.
      const owned = `${kind}/${namespace ?? ""}/${name}`;
      const resourceName = context.metadata?.[owned] ? owned : name;
      context.report.addViolation({
        ruleName: `${violation.check} (${violation.severity})`,
        recommendation: `${violationTarget(violation)}: ${violation.message}`,
        fix: violation.fix,
        violatingResources: [
          {
            resourceName,
            locations: [
              violation.embeddedIn ? `${violation.embeddedIn.path} ${violation.object.kind}/${violation.object.name} ${violation.path}` : violation.path,
            ],
            manifestPath: manifestByTarget.get(`${kind}/${namespace ?? ""}/${name}`) ?? "",
          },
        ],
      });
    }
    const errors = violations.filter((v) => v.severity === "error").length;
    const warnings = violations.length - errors;
    const failed = errors > 0 || (failOnWarnings === true && warnings > 0);
    context.logger.log(`modelship policy: ${objects.length} objects, ${errors} errors, ${warnings} warnings`);
    context.report.submit(failed ? "failure" : "success", { Objects: String(objects.length), Errors: String(errors), Warnings: String(warnings) });
    removeMetadataFromHelmTemplates(context.manifests);
  }
}

/** Removes `construct-metadata.json` from a Helm chart's `templates/` (it is read by then). */
function removeMetadataFromHelmTemplates(manifests: readonly string[]): void {
  for (const dir of new Set(manifests.map((manifest) => path.dirname(manifest)))) {
    if (path.basename(dir) !== "templates" || !fs.existsSync(path.join(dir, "..", "Chart.yaml"))) continue;
    fs.rmSync(path.join(dir, "construct-metadata.json"), { force: true });
  }
}
