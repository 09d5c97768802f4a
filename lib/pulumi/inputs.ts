import * as pulumi from "@pulumi/pulumi";
import { ModelshipValidationError } from "../model/errors";
import { IMAGE_REFERENCE, mutableImageReason } from "../model/image";
import type { KubeObject } from "../render/types";

const DIGEST_STAND_IN = `sha256:${"0".repeat(64)}`;

/**
 * The check a plain `image` gets, for an image known only when the deployment runs: returns the
 * image, or throws a `ModelshipValidationError` naming the field (which fails `pulumi up`
 * before the workload is created).
 */
export function checkImageValue(owner: { readonly kind: string; readonly name: string }, field: string, image: string, allowMutableImageTag = false): string {
  const reason = IMAGE_REFERENCE.test(image) ? (allowMutableImageTag ? undefined : mutableImageReason(image)) : "is not a valid image reference";
  if (reason) {
    throw new ModelshipValidationError(owner.kind, owner.name, [
      { field, problem: reason, value: image, fix: "pin a version tag or a digest (a `build` pins the digest for you)." },
    ]);
  }
  return image;
}

/**
 * Values only Pulumi knows (`pulumi.Input<string>`: an image built by this stack, the name of a
 * Secret it creates) carried through the pure validate + render path without creating resources
 * inside `apply`:
 *
 * 1. Before validation, each value that is not already a plain string is replaced by a stand-in
 *    that passes the same checks (`stand-in-<n>-pulumi` for names,
 *    `pulumi.invalid/stand-in-<n>-pulumi@sha256:000...` for images, which counts as pinned).
 * 2. The render runs on the stand-ins, exactly as for cdk8s.
 * 3. `substitute` walks the plain rendered objects and replaces every string holding a stand-in
 *    by an `Output<string>` of the real value. Pulumi resolves nested outputs in resource
 *    arguments, and records the resources they come from as dependencies.
 *
 * Plain strings are never replaced: they are validated and rendered as given.
 */
export class DeferredInputs {
  private readonly values: Array<{ readonly standIn: string; value?: pulumi.Output<string> }> = [];

  constructor(private readonly owner: { readonly kind: string; readonly name: string }) {}

  /** Whether any value is deferred. */
  get isEmpty(): boolean {
    return this.values.length === 0;
  }

  /** A stand-in for a name (Secret, ConfigMap, ServiceAccount): a valid DNS-1123 label. */
  name(value: pulumi.Input<string>): string {
    if (typeof value === "string") return value;
    return this.add((n) => `stand-in-${n}-pulumi`, pulumi.output(value));
  }

  /**
   * A stand-in for an image reference. The real value is checked when known with the same rules
   * as a plain `image` (valid reference, not `:latest` unless `allowMutableImageTag`); a bad
   * value fails the deployment before the workload is created.
   */
  image(value: pulumi.Input<string>, field: string, allowMutableImageTag = false): string {
    if (typeof value === "string") return value;
    const checked = pulumi.output(value).apply((image) => checkImageValue(this.owner, field, image, allowMutableImageTag));
    return this.add((n) => `pulumi.invalid/stand-in-${n}-pulumi@${DIGEST_STAND_IN}`, checked);
  }

  /**
   * A stand-in for an image the component itself produces later (a `build`); give the value
   * with {@link provide} before calling {@link substitute}.
   */
  reserveImage(): string {
    const standIn = `pulumi.invalid/stand-in-${this.values.length}-pulumi@${DIGEST_STAND_IN}`;
    this.values.push({ standIn });
    return standIn;
  }

  /** Gives the value of a stand-in from {@link reserveImage}. */
  provide(standIn: string, value: pulumi.Input<string>): void {
    const entry = this.values.find((candidate) => candidate.standIn === standIn);
    if (!entry) throw new Error(`no stand-in ${standIn} was reserved`);
    entry.value = pulumi.output(value);
  }

  /**
   * The rendered objects with every stand-in replaced by its output. Objects without stand-ins
   * are returned unchanged (plain JSON).
   */
  substitute(objects: readonly KubeObject[]): KubeObject[] {
    if (this.isEmpty) return [...objects];
    return objects.map((object) => this.walk(object) as KubeObject);
  }

  /** One string with its stand-ins replaced, as an output (e.g. the image for `registerOutputs`). */
  substituteValue(text: string): pulumi.Output<string> {
    return pulumi.output(this.replace(text));
  }

  private add(standIn: (n: number) => string, value: pulumi.Output<string>): string {
    // Numbered by position; `-pulumi` ends each stand-in so `stand-in-1-` never matches `stand-in-10-`.
    const text = standIn(this.values.length);
    this.values.push({ standIn: text, value });
    return text;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.replace(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, this.walk(member)]));
    }
    return value;
  }

  private replace(text: string): string | pulumi.Output<string> {
    const used = this.values.filter((entry) => text.includes(entry.standIn));
    if (used.length === 0) return text;
    const values = used.map((entry) => {
      if (!entry.value) throw new Error(`stand-in ${entry.standIn} was reserved but never provided`);
      return entry.value;
    });
    if (used.length === 1 && text === used[0].standIn) return values[0];
    return pulumi.all(values).apply((resolved) => used.reduce((out, entry, i) => out.split(entry.standIn).join(resolved[i]), text));
  }
}
