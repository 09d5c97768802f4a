/** Parsed container image reference. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Splits `registry:5000/team/app:1.2@sha256:...` into repository, tag and digest.
 * A ':' after the last '/' separates the tag; a registry port before it does not.
 */
export function parseImage(image: string): ImageReference {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.indexOf(":", lastSlash + 1);
  if (colon >= 0) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, digest };
}

/** The repository of an image as Docker Hub names it: `docker.io/bodyworkml/x` is `bodyworkml/x`. */
export function hubRepository(image: string): string {
  return parseImage(image).repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
}

export const IMAGE_REFERENCE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Why an image would deploy something other than what was reviewed, or undefined if it is pinned. */
export function mutableImageReason(image: string): string | undefined {
  const ref = parseImage(image);
  if (ref.digest) return undefined;
  if (ref.tag === undefined) return "has no tag, so it means ':latest'";
  if (ref.tag === "latest") return "uses the mutable ':latest' tag";
  return undefined;
}
