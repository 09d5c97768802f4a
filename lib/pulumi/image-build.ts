import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { ModelshipValidationError } from "../model/errors";
import { IMAGE_REFERENCE, parseImage } from "../model/image";

/**
 * Builds the workload's image with Docker and pushes it; the workload then runs exactly the
 * pushed image, pinned by digest (`repository@sha256:...`, the `repoDigest` of @pulumi/docker's
 * `Image`), so a rebuild rolls the pods and a moved tag never does.
 * @see https://www.pulumi.com/registry/packages/docker/api-docs/image/
 */
export interface ImageBuildProps {
  /** Build context directory, relative to the Pulumi project directory (where `Pulumi.yaml` is). */
  readonly context: string;
  /** Dockerfile path (as @pulumi/docker's `build.dockerfile`). @default - `Dockerfile` in the context */
  readonly dockerfile?: string;
  /**
   * Repository and tag to push, e.g. `registry.example.com/ml/iris-scoring:1.0.0`. The tag names
   * the build in the registry; the deployment uses the digest.
   */
  readonly imageName: pulumi.Input<string>;
  /** Registry to log in to. @default - the ambient Docker credentials */
  readonly registry?: {
    readonly server: pulumi.Input<string>;
    readonly username?: pulumi.Input<string>;
    /** Use a secret config value (`pulumi config set --secret`). */
    readonly password?: pulumi.Input<string>;
  };
  /** Target platform, e.g. `linux/amd64`. @default - the Docker engine's */
  readonly platform?: string;
  /** Build arguments. @default - none */
  readonly args?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Dockerfile target stage. @default - the last stage */
  readonly target?: string;
}

/**
 * Checks build props that are plain values, before anything is created. `at` prefixes field
 * names for props nested in a bigger construct (`stages.train.batch.`).
 */
export function checkImageBuild(kind: string, name: string, build: ImageBuildProps, image: unknown, at = ""): void {
  const issues = [];
  if (image !== undefined) {
    issues.push({
      field: `${at}build`,
      problem: "is given together with 'image'",
      value: build.imageName,
      fix: "give 'image' to deploy an existing image, or 'build' to build one, not both.",
    });
  }
  if (typeof build.context !== "string" || build.context.length === 0) {
    issues.push({
      field: `${at}build.context`,
      problem: "is required",
      value: build.context,
      fix: "set it to the directory to build, relative to the Pulumi project (e.g. '.').",
    });
  }
  if (typeof build.imageName === "string") {
    const ref = parseImage(build.imageName);
    if (!IMAGE_REFERENCE.test(build.imageName) || ref.digest !== undefined) {
      issues.push({
        field: `${at}build.imageName`,
        problem: "is not a repository with an optional tag",
        value: build.imageName,
        fix: "use e.g. 'registry.example.com/ml/app:1.0.0' (no digest: the build produces it).",
      });
    }
  }
  if (issues.length) throw new ModelshipValidationError(kind, name, issues);
}

/**
 * Creates the `docker.Image` that builds and pushes `build`, as a child of `parent`, and returns
 * it; `image.repoDigest` is the pinned reference to deploy.
 */
export function buildImage(name: string, build: ImageBuildProps, parent: pulumi.Resource): docker.Image {
  return new docker.Image(
    name,
    {
      imageName: build.imageName,
      build: {
        context: build.context,
        dockerfile: build.dockerfile,
        platform: build.platform,
        args: build.args as Record<string, pulumi.Input<string>> | undefined,
        target: build.target,
      },
      registry: build.registry ? { server: build.registry.server, username: build.registry.username, password: build.registry.password } : undefined,
    },
    { parent },
  );
}
