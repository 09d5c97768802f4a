import { z } from "zod";
import { problem } from "./errors";
import { int32 } from "./int32";
import { DNS1035_LABEL, DNS1123_LABEL, ENV_VAR_NAME } from "./names";

/**
 * Validators shared by every construct, each following the API server's rule, so a value one
 * construct accepts is never refused by another (or by the cluster). Each field uses the rule the
 * API server applies to that field (e.g. a Secret's name is a subdomain, a Namespace's a label).
 * @see https://github.com/kubernetes/apimachinery/blob/v0.34.0/pkg/util/validation/validation.go
 */

/** DNS-1123 subdomain: dot-separated DNS-1123 labels. */
const DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

/**
 * The name of an object whose kind takes a DNS-1123 subdomain (IsDNS1123Subdomain: at most 253
 * characters, dots allowed): Secrets, ConfigMaps, ServiceAccounts, PersistentVolumeClaims,
 * RuntimeClasses, Gateways and most custom resources.
 */
export const subdomainNameSchema = subdomainName();

/** {@link subdomainNameSchema}, with `required` as the message when the name is missing. */
export function subdomainName(required?: string) {
  return z
    .string(required === undefined ? undefined : { error: required })
    .max(253, { error: problem("must be at most 253 characters", "shorten the name.") })
    .regex(new RegExp(`^${DNS1123_SUBDOMAIN}$`), {
      error: problem(
        "is not a valid object name (a DNS-1123 subdomain)",
        "use lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit (e.g. 'regcred' or 'regcred.v2').",
      ),
    });
}

/**
 * The name of an object whose kind takes a DNS-1123 label (IsDNS1123Label: at most 63
 * characters, no dots): Namespaces, and the workloads whose name is also a label value.
 */
export const labelNameSchema = z
  .string()
  .max(63, { error: problem("must be at most 63 characters", "shorten the name.") })
  .regex(DNS1123_LABEL, { error: problem("is not a DNS-1123 name", "use lowercase letters, digits and '-', starting and ending with a letter or digit.") });

/**
 * The name of a Service (ValidateServiceName: a DNS-1035 label, so it can be a DNS name in the
 * cluster: at most 63 lowercase letters, digits and '-', starting with a letter).
 */
export const serviceNameSchema = z
  .string()
  .regex(DNS1035_LABEL, {
    error: problem("is not a valid Service name", "use lowercase letters, digits and '-', starting with a letter (e.g. 'iris-scoring')."),
  })
  .max(63);

/** A label value (IsValidLabelValue): empty, or <= 63 alphanumerics, '-', '_', '.', starting and ending alphanumeric. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether `value` may be a label value (e.g. an image tag used as the `version` label). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A label value (labels, node selectors, pod selectors). */
export const labelValueSchema = z
  .string()
  .max(63)
  .regex(LABEL_VALUE, {
    error: problem("is not a valid label value", "use up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit."),
  });

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
export const envVarNameSchema = z.string().regex(ENV_VAR_NAME, {
  error: problem("is not a valid environment variable name", "use letters, digits, '_', '-' or '.', not starting with a digit or '..' (e.g. MODEL_FILE)."),
});

/**
 * A DNS host name as the Gateway API's `Hostname` (HTTPRoute `hostnames`, Gateway listeners):
 * at most 253 characters, optionally a leading '*.' wildcard, no port and no IP.
 */
export const hostnameSchema = z
  .string()
  .max(253, { error: problem("must be at most 253 characters", "use a shorter host name.") })
  .regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: problem("is not a valid host name", "use a DNS name such as 'models.example.com' or '*.example.com' (no port, no IP)."),
  });

/** An http(s) URL; `example` is shown in the fix. */
export function httpUrlSchema(example: string) {
  return z.string().regex(/^https?:\/\/\S+$/, { error: problem("is not an http(s) URL", `use e.g. '${example}'.`) });
}

/** A relative path that stays inside its volume (no leading '/', no '..' segment); `fix` says what to give instead. */
export function relativePathSchema(fix: string) {
  return z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, { error: problem("must be a relative path without '..'", fix) });
}

/**
 * A key of a Secret or ConfigMap (IsConfigMapKey): at most 253 letters, digits, '-', '_' or '.',
 * and not '.', '..' or starting with '..'.
 */
export const secretKeySchema = z
  .string()
  .max(253, { error: problem("must be at most 253 characters", "use a shorter key.") })
  .regex(/^(?!\.\.)(?!\.$)[-._a-zA-Z0-9]+$/, {
    error: problem("is not a valid Secret key", "use letters, digits, '-', '_' or '.', not '.' and not starting with '..' (e.g. 'token')."),
  });

/** An absolute path in the container. */
export const absolutePathSchema = z.string().startsWith("/", { error: problem("must be an absolute path", "start it with '/'.") });

/** An int-or-string count of pods: a whole number, or a percentage like '25%' (rollouts, disruption budgets). */
export const intOrPercentSchema = z.union([
  int32(z.number().int().min(0)),
  z.string().regex(/^[0-9]+%$/, { error: problem("is not a percentage", "use e.g. '25%' or a number.") }),
]);

/** Labels (or a label selector's matchLabels): qualified-name keys, label values. */
export const labelMap = z.record(labelKeySchema, labelValueSchema);
