import { z } from "zod";
import { problem } from "./errors";
import { INT32_MAX } from "./int32";
import { ENV_VAR_NAME } from "./names";

/**
 * Validators shared by every construct, each following the API server's rule, so a value one
 * construct accepts is never refused by another (or by the cluster).
 */

/** DNS-1123 subdomain: dot-separated DNS-1123 labels. */
const DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

/**
 * A qualified name (label and annotation keys): an optional DNS-1123 subdomain prefix of at most
 * 253 characters and '/', then a name of at most 63 alphanumerics, '-', '_' or '.', starting and
 * ending alphanumeric.
 * @see https://github.com/kubernetes/apimachinery/blob/v0.34.0/pkg/util/validation/validation.go (IsQualifiedName)
 */
export const QUALIFIED_NAME = new RegExp(`^((?=[^/]{1,253}/)${DNS1123_SUBDOMAIN}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`);

/** A label key (labels, node selectors, pod selectors). */
export const labelKeySchema = z.string().regex(QUALIFIED_NAME, { error: problem("is not a valid label key", "use e.g. 'team' or 'example.com/team'.") });

/** An annotation key: the same rule as a label key. */
export const annotationKeySchema = z
  .string()
  .regex(QUALIFIED_NAME, { error: problem("is not a valid annotation key", "use e.g. 'prometheus.io/scrape' or 'team'.") });

/**
 * The name of a container environment variable, wherever one is named (env, a model file's
 * variable, variables a lab service inherits or receives its base path in).
 */
export const envVarNameSchema = z
  .string()
  .regex(ENV_VAR_NAME, {
    error: problem("is not a valid environment variable name", "use letters, digits, '_', '-' or '.', not starting with a digit or '..' (e.g. MODEL_FILE)."),
  });

/** An absolute path in the container. */
export const absolutePathSchema = z.string().startsWith("/", { error: problem("must be an absolute path", "start it with '/'.") });

/** An int-or-string count of pods: a whole number, or a percentage like '25%' (rollouts, disruption budgets). */
export const intOrPercentSchema = z.union([z.number().int().min(0).max(INT32_MAX), z.string().regex(/^[0-9]+%$/, { error: problem("is not a percentage", "use e.g. '25%' or a number.") })]);
