import fc from "fast-check";
import { SECRET_LOOKING_NAME } from "../../lib/model/env";
import { IMAGE_REFERENCE, mutableImageReason } from "../../lib/model/image";
import { LabGrant, LAB_ENV } from "../../lib/model/lab";
import { LabTemplates } from "../../lib/model/lab";
import { ENV_VAR_NAME, toDnsLabel } from "../../lib/model/names";

/**
 * Generators of construct props, per kind registered in `kindHandlers`:
 *   valid:   props the construct must accept and render into schema-valid, policy-clean objects;
 *   invalid: props with one defect, and the field the error must name.
 * Adding a kind = one entry in `fuzzKinds`: a valid-props generator built from the shared pieces
 * below (pinnedImage, env, resources, security, labels, dns1123...), and
 * `invalidFrom(valid, [...anyPropsMutations, ...workloadMutations, ...kindSpecific])`, where the
 * kind-specific defects cover its own fields (e.g. for a Workflow: a dependency cycle, a `needs`
 * naming no stage, a duplicate stage name, each with the field the error must name).
 */
export interface InvalidCase {
  readonly props: unknown;
  /** The field the ModelshipValidationError must name (an issue's field starts with it). */
  readonly field: string;
  /** What was broken, for the failure message. */
  readonly defect: string;
}

export interface KindArbitraries {
  readonly valid: fc.Arbitrary<Record<string, unknown>>;
  readonly invalid: fc.Arbitrary<InvalidCase>;
  /**
   * Policy warnings that valid props of this kind may legitimately produce (each with the reason in
   * a comment where the kind is listed). Errors are never allowed. @default - none: zero violations
   */
  readonly allowedWarnings?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Shared pieces (workload fields every construct has)
// ---------------------------------------------------------------------------------------------

export const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/);
export const dns1123 = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/);
const segment = fc.stringMatching(/^[a-z0-9]{1,12}([._-][a-z0-9]{1,8}){0,2}$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/).filter((t) => t !== "latest");

/** Pinned image references: `registry[:port]/repo[/repo]:tag` or `...@sha256:<64 hex>`. */
export const pinnedImage = fc
  .record({
    registry: fc.option(fc.tuple(segment, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })), { nil: undefined }),
    path: fc.array(segment, { minLength: 1, maxLength: 3 }),
    pin: fc.oneof(
      tag.map((t) => `:${t}`),
      fc.stringMatching(/^[a-f0-9]{64}$/).map((d) => `@sha256:${d}`),
    ),
  })
  .map(({ registry, path, pin }) => `${registry ? `${registry[0]}.example.com${registry[1] ? `:${registry[1]}` : ""}/` : ""}${path.join("/")}${pin}`);

/** Env var names that do not look like credentials (those must come from Secrets). */
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/).filter((name) => !SECRET_LOOKING_NAME.test(name));
/** Literal values, including unicode; the token-looking ones are filtered (they must be refused). */
const envLiteral = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
// IsConfigMapKey: not '.', and not starting with '..'.
const secretRef = fc
  .record({ name: dns1123, key: fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/).filter((key) => key !== "." && !key.startsWith("..")) })
  .map((ref) => ({ secretKeyRef: ref }));

export const env = fc.dictionary(
  envName,
  fc.oneof(
    envLiteral,
    envLiteral.map((value) => ({ value })),
    secretRef,
    fc.constant({ fieldRef: { fieldPath: "metadata.namespace" } }),
  ),
  {
    maxKeys: 6,
  },
);

export const resources = fc
  .record(
    {
      cpu: fc.oneof(
        fc.integer({ min: 1, max: 4000 }).map((m) => `${m}m`),
        fc.integer({ min: 1, max: 400 }).map((c) => c / 100),
      ),
      memoryMiB: fc.integer({ min: 16, max: 65536 }),
      ephemeralStorage: fc.constantFrom("1Gi", "500Mi"),
    },
    { requiredKeys: [] },
  )
  .chain((r) =>
    fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }).map((factor) => {
      if (factor === undefined || r.cpu === undefined) return r;
      const cores = typeof r.cpu === "number" ? r.cpu : Number(r.cpu.slice(0, -1)) / 1000;
      return { ...r, cpuLimit: cores * factor };
    }),
  );

/** Security switches that keep the restricted profile (switching it off is tested separately). */
export const security = fc.record(
  {
    runAsUser: fc.integer({ min: 1, max: 65535 }),
    runAsGroup: fc.integer({ min: 0, max: 65535 }),
    fsGroup: fc.integer({ min: 0, max: 65535 }),
    tmpSizeLimit: fc.constantFrom("64Mi", "1Gi"),
  },
  { requiredKeys: [] },
);

const labelValue = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,20}[a-z0-9])?$/);
export const labels = fc.dictionary(
  fc.stringMatching(/^(example\.com\/)?[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/).filter((k) => !k.startsWith("app.kubernetes.io")),
  labelValue,
  { maxKeys: 3 },
);

// ---------------------------------------------------------------------------------------------
// ModelService
// ---------------------------------------------------------------------------------------------

const portName = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
const ports = fc.uniqueArray(fc.record({ name: portName, port: fc.integer({ min: 1, max: 65535 }) }), {
  minLength: 1,
  maxLength: 3,
  comparator: (a, b) => a.name === b.name || a.port === b.port,
});

/** Built once: constructing a `stringMatching` arbitrary parses its regex (about 8 ms), far more than drawing from it. */
const httpPath = fc.stringMatching(/^\/[a-z0-9/_-]{0,20}$/);

function probeFor(portList: ReadonlyArray<{ name: string; port: number }>): fc.Arbitrary<Record<string, unknown>> {
  const portRef = fc.option(fc.oneof(fc.constantFrom(...portList.map((p) => p.name)), fc.constantFrom(...portList.map((p) => p.port))), { nil: undefined });
  const timing = { periodSeconds: fc.integer({ min: 1, max: 60 }), timeoutSeconds: fc.integer({ min: 1, max: 30 }) };
  return fc.oneof(
    fc.record({ type: fc.constant("http"), path: httpPath, port: portRef, ...timing }, { requiredKeys: ["type", "path"] }),
    fc.record({ type: fc.constant("tcp"), port: portRef, ...timing }, { requiredKeys: ["type"] }),
    fc.record(
      { type: fc.constant("grpc"), port: fc.option(fc.constantFrom(...portList.map((p) => p.port)), { nil: undefined }), ...timing },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      { type: fc.constant("exec"), command: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 }), ...timing },
      { requiredKeys: ["type", "command"] },
    ),
  ) as fc.Arbitrary<Record<string, unknown>>;
}

/** Drops undefined members, as a user would simply not write them. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const scaling = fc.oneof(
  fc.record({ replicas: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }),
  fc
    .record(
      {
        minReplicas: fc.integer({ min: 1, max: 4 }),
        extra: fc.integer({ min: 0, max: 8 }),
        cpuUtilization: fc.integer({ min: 1, max: 100 }),
        memoryUtilization: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: ["minReplicas", "extra"] },
    )
    .map(({ minReplicas, extra, ...targets }) => ({ autoscaling: { minReplicas, maxReplicas: minReplicas + extra, ...targets } })),
);

export const validModelService: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    name: dns1035,
    namespace: fc.option(dns1123, { nil: undefined }),
    partOf: fc.option(labelValue, { nil: undefined }),
    image: pinnedImage,
    portChoice: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 1, max: 65535 }).map((port) => ({ port })),
      ports.map((list) => ({ ports: list })),
    ),
    scaling,
    env: fc.option(env, { nil: undefined }),
    resources: fc.option(resources, { nil: undefined }),
    security: fc.option(security, { nil: undefined }),
    labels: fc.option(labels, { nil: undefined }),
    command: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), { nil: undefined }),
    maxStartupSeconds: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
    persistence: fc.option(fc.constantFrom("rwo", "rox", "rwx"), { nil: undefined }),
  })
  .chain((base) => {
    const portList =
      base.portChoice === undefined
        ? [{ name: "http", port: 8080 }]
        : "port" in base.portChoice
          ? [{ name: "http", port: base.portChoice.port }]
          : base.portChoice.ports;
    return fc.record({
      base: fc.constant(base),
      probe: fc.option(probeFor(portList), { nil: undefined }),
      primary: fc.option(fc.constantFrom(...portList.map((p) => p.name)), { nil: undefined }),
    });
  })
  .map(({ base, probe, primary }) => {
    const pods = "autoscaling" in base.scaling ? (base.scaling.autoscaling?.maxReplicas ?? 1) : (base.scaling.replicas ?? 1);
    // A ReadWriteOnce claim attaches to one node: only for a single pod.
    const accessMode =
      base.persistence === "rwo" && pods <= 1 ? "ReadWriteOnce" : base.persistence === "rox" ? "ReadOnlyMany" : base.persistence ? "ReadWriteMany" : undefined;
    return defined({
      name: base.name,
      namespace: base.namespace,
      partOf: base.partOf,
      image: base.image,
      ...(base.portChoice ?? {}),
      primaryPort: "ports" in (base.portChoice ?? {}) ? primary : undefined,
      ...base.scaling,
      env: base.env,
      resources: base.resources,
      security: base.security,
      labels: base.labels,
      command: base.command,
      health: probe || base.maxStartupSeconds ? defined({ probe, maxStartupSeconds: base.maxStartupSeconds }) : undefined,
      persistence: accessMode ? { accessMode, size: "1Gi", readOnly: accessMode === "ReadOnlyMany" } : undefined,
    });
  });

/** Model sources of every kind, and KEDA instead of fixed replicas or the HPA. */
const modelSource = fc.oneof(
  fc.constant({ type: "pvc", claimName: "models" }),
  fc.stringMatching(/^[a-f0-9]{64}$/).map((digest) => ({ type: "image", reference: `registry.example.com/models/m@sha256:${digest}`, file: "model.bin" })),
  fc.stringMatching(/^[a-z0-9]{1,12}(\/[a-z0-9._-]{1,12}){0,2}$/).map((path) => ({ type: "uri", uri: `s3://models/${path}`, sizeLimit: "5Gi" })),
  fc.stringMatching(/^[a-f0-9]{7,40}$/).map((revision) => ({ type: "uri", uri: `hf://org/model@${revision}` })),
);
const SET_BY_MODEL = new Set(["MODEL_DIR", "MODEL_FILE", "HOME", "XDG_CACHE_HOME"]);

/** {@link validModelService} with a model source and KEDA scaling mixed in. */
export const validServingModelService: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(validModelService, fc.option(modelSource, { nil: undefined }), fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }))
  .map(([props, model, kedaMax]) => {
    const out: Record<string, unknown> = { ...props };
    if (model) {
      out.model = model;
      if (out.env) out.env = Object.fromEntries(Object.entries(out.env as object).filter(([name]) => !SET_BY_MODEL.has(name)));
    }
    const rwo = (out.persistence as { accessMode?: string } | undefined)?.accessMode === "ReadWriteOnce";
    if (kedaMax !== undefined && !rwo) {
      delete out.replicas;
      delete out.autoscaling;
      out.keda = { maxReplicaCount: kedaMax };
    }
    return out;
  });

const hugeString = fc.integer({ min: 1000, max: 200_000 }).map((n) => "a".repeat(n));
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 5 }),
  fc.double(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const unicode = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 });
const unicodeName = unicode.filter((s) => !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s));
/** Not a DNS-1123 label either: for Jobs and Workflows, whose names may start with a digit ("0" is valid). */
const unicodeLabel = unicodeName.filter((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s));
/** Not an image reference, or one that is not pinned. */
const unicodeImage = unicode.filter((s) => !IMAGE_REFERENCE.test(s) || mutableImageReason(s) !== undefined);
const unicodeEnvName = unicode.filter((s) => !ENV_VAR_NAME.test(s));

/** One defect applied to valid props, and the field the error must name. */
export type Mutation = fc.Arbitrary<(props: Record<string, unknown>) => InvalidCase>;
export const set = (field: string, defect: string, mutate: (p: Record<string, unknown>) => Record<string, unknown>) => (props: Record<string, unknown>) => ({
  props: mutate(props),
  field,
  defect,
});

/** Defects any construct's props can have: not an object at all, unknown (and prototype) keys. */
export const anyPropsMutations: Mutation[] = [
  fc.constantFrom<unknown>(null, 42, "iris", [], true).map((whole) => () => ({ props: whole, field: "", defect: `props ${JSON.stringify(whole)}` })),
  fc
    .constantFrom("replica", "imagee", "port_s", "__proto__", "constructor", "ünïcödé")
    .map((key) => set(key, `unknown field ${key}`, (p) => ({ ...p, [key]: 1 }))),
];

/** Defects of the shared workload fields (`WorkloadProps` at the top of the props): every workload kind takes these. */
export const workloadMutations: Mutation[] = [
  fc
    .oneof(
      fc.constantFrom("", "UPPER/case:1.0", "repo:latest", "repo", "a b:1", "repo:1@sha256:short"),
      unicodeImage,
      hugeString,
      wrongType.filter((v) => typeof v !== "string"),
    )
    .map((image) => set("image", `image ${JSON.stringify(image)?.slice(0, 30)}`, (p) => ({ ...p, image }))),
  fc.constantFrom<unknown>(-1, 0, "abc", "1.5.5", "", true).map((cpu) => set("resources.cpu", `cpu ${String(cpu)}`, (p) => ({ ...p, resources: { cpu } }))),
  fc.constantFrom("1m", "lots", "", "12 Gi", "-1Mi").map((memory) => set("resources.memory", `memory ${memory}`, (p) => ({ ...p, resources: { memory } }))),
  fc
    .oneof(unicodeEnvName, fc.constantFrom("1BAD", "BAD NAME", "", "a=b"))
    .map((name) => set("env", `env name ${JSON.stringify(name)}`, (p) => ({ ...p, env: { [name]: "x" } }))),
  fc
    .constantFrom("DB_PASSWORD", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY")
    .map((name) => set(`env.${name}`, `inline secret ${name}`, (p) => ({ ...p, env: { ...(p.env as object), [name]: "s3cr3t-value" } }))),
];

/** Invalid cases from a valid-props generator and the defects that apply to that kind. */
export function invalidFrom(valid: fc.Arbitrary<Record<string, unknown>>, mutations: readonly Mutation[]): fc.Arbitrary<InvalidCase> {
  return fc.tuple(valid, fc.oneof(...mutations)).map(([props, mutate]) => {
    const broken = mutate(props);
    // keep JSON shape: a user's props never hold undefined members
    return {
      ...broken,
      props: broken.props && typeof broken.props === "object" && !Array.isArray(broken.props) ? defined(broken.props as Record<string, unknown>) : broken.props,
    };
  });
}

const modelServiceMutations: Mutation[] = [
  ...anyPropsMutations,
  ...workloadMutations,
  fc
    .oneof(
      fc.integer({ max: -1 }),
      fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
      fc.constant(Number.NaN),
      fc.constant(Infinity),
      wrongType.filter((v) => typeof v !== "number"),
    )
    .map((replicas) => set("replicas", `replicas ${String(replicas)}`, (p) => ({ ...p, autoscaling: undefined, replicas }))),
  fc
    .oneof(unicodeName, hugeString, fc.constantFrom("Iris", "-iris", "iris-", "9iris", "ir_is", "a".repeat(64), ""))
    .map((name) => set("name", `name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc
    .oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.constant("8080"))
    .map((port) => set("port", `port ${String(port)}`, (p) => ({ ...p, ports: undefined, primaryPort: undefined, health: undefined, port }))),
  fc.constant(
    set("ports[1].name", "duplicate port name", (p) => ({
      ...p,
      port: undefined,
      primaryPort: undefined,
      health: undefined,
      ports: [
        { name: "http", port: 8080 },
        { name: "http", port: 8081 },
      ],
    })),
  ),
  fc.constant(
    set("health.probe.port", "probe on an undeclared port", (p) => ({
      ...p,
      port: undefined,
      ports: undefined,
      primaryPort: undefined,
      health: { probe: { type: "tcp", port: "nope" } },
    })),
  ),
  fc.constant(
    set("primaryPort", "primaryPort names no port", (p) => ({
      ...p,
      port: undefined,
      ports: [{ name: "http", port: 8080 }],
      health: undefined,
      primaryPort: "grpc",
    })),
  ),
  fc.integer({ min: 0, max: 5 }).map((replicas) => set("replicas", "replicas with autoscaling", (p) => ({ ...p, replicas, autoscaling: { maxReplicas: 5 } }))),
  fc.integer({ min: 2, max: 9 }).map((min) =>
    set("autoscaling.maxReplicas", "maxReplicas below minReplicas", (p) => ({
      ...p,
      replicas: undefined,
      autoscaling: { minReplicas: min, maxReplicas: min - 1 },
    })),
  ),
  fc.constant(
    set("modelFile.claimName", "dangling model file (no volume holds it)", (p) => ({ ...p, persistence: undefined, modelFile: { path: "/data/model.pkl" } })),
  ),
  fc.constant(
    set("persistence.accessMode", "ReadWriteOnce claim shared by several pods", (p) => ({ ...p, autoscaling: undefined, replicas: 3, persistence: true })),
  ),
  fc.constant(set("keda", "HPA and KEDA together", (p) => ({ ...p, replicas: undefined, autoscaling: { maxReplicas: 3 }, keda: { maxReplicaCount: 3 } }))),
  fc.constant(
    set("keda.minReplicaCount", "scale to zero on CPU alone", (p) => ({
      ...p,
      replicas: undefined,
      autoscaling: undefined,
      persistence: undefined,
      keda: { minReplicaCount: 0, maxReplicaCount: 3 },
    })),
  ),
  fc.constant(
    set("model.reference", "model image pinned by a tag", (p) => ({
      ...p,
      modelFile: undefined,
      model: { type: "image", reference: "registry.example.com/models/m:1.0.0" },
    })),
  ),
  fc.constant(set("model.uri", "unpinned Hugging Face repo", (p) => ({ ...p, modelFile: undefined, model: { type: "uri", uri: "hf://org/model" } }))),
  wrongType
    .filter((v) => !(typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
    .map((health) => set("health", `health ${JSON.stringify(health)}`, (p) => ({ ...p, health }))),
];

export const invalidModelService: fc.Arbitrary<InvalidCase> = invalidFrom(validModelService, modelServiceMutations);

// ---------------------------------------------------------------------------------------------
// Nesting: the same defects one level down (a workflow stage, a project service)
// ---------------------------------------------------------------------------------------------

/** Drops undefined members at every depth (plain objects and arrays only; other values are kept as they are). */
function deepDefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepDefined);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, deepDefined(v)]),
    );
  }
  return value;
}

/**
 * Applies `mutations` to a part of the props (`get`), puts the result back (`put`), and prefixes
 * the field the error must name with `prefix` (a field of "" — the whole part — becomes `prefix`).
 */
export function nested(
  mutations: readonly Mutation[],
  prefix: (props: Record<string, unknown>) => string,
  get: (props: Record<string, unknown>) => Record<string, unknown>,
  put: (props: Record<string, unknown>, part: unknown) => Record<string, unknown>,
): Mutation[] {
  return mutations.map((mutation) =>
    mutation.map((mutate) => (props: Record<string, unknown>) => {
      const inner = mutate(get(props));
      const at = prefix(props);
      return { props: deepDefined(put(props, inner.props)), field: inner.field === "" ? at : `${at}.${inner.field}`, defect: `${at}: ${inner.defect}` };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// BatchStage
// ---------------------------------------------------------------------------------------------

/** The shared resource fields, or cores and megabytes as the Bodywork importer gives them. */
const workloadResources = fc.oneof(
  resources,
  fc.record({ cpu: fc.integer({ min: 1, max: 800 }).map((c) => c / 100), memoryMB: fc.integer({ min: 16, max: 32000 }) }, { requiredKeys: [] }),
);

const gpu = fc.record(
  {
    count: fc.integer({ min: 1, max: 8 }),
    resource: fc.constantFrom("nvidia.com/gpu", "amd.com/gpu"),
    tolerateTaint: fc.boolean(),
    nodeSelector: fc.dictionary(fc.constantFrom("nvidia.com/gpu.product", "cloud.google.com/gke-accelerator", "pool"), labelValue, { maxKeys: 2 }),
  },
  { requiredKeys: ["count"] },
);

const cronField = (min: number, max: number) =>
  fc.oneof(
    fc.constant("*"),
    fc.integer({ min, max }).map(String),
    fc.integer({ min: 1, max: 12 }).map((n) => `*/${n}`),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  );
const cron = fc.oneof(
  fc.tuple(cronField(0, 59), cronField(0, 23), cronField(1, 28), cronField(1, 12), cronField(0, 6)).map((fields) => fields.join(" ")),
  fc.constantFrom("@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@midnight", "@annually", "@every 6h", "@every 1h30m"),
);

/** A schedule the policy checks accept: Forbid or Replace (Allow lets runs overlap: an error there). */
export const schedule = fc.record(
  {
    cron,
    timeZone: fc.constantFrom("UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Etc/GMT+2"),
    concurrencyPolicy: fc.constantFrom("Forbid", "Replace"),
    startingDeadlineSeconds: fc.integer({ min: 1, max: 86400 }),
    successfulJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
    failedJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
    suspend: fc.boolean(),
  },
  { requiredKeys: ["cron"] },
);

/** The container fields of a batch stage (no name, namespace or schedule: a workflow stage takes these). */
const batchWorkload = fc.record(
  {
    image: pinnedImage,
    partOf: labelValue,
    command: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    args: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    workingDir: httpPath,
    env,
    resources: workloadResources,
    gpu,
    security,
    labels,
    imagePullSecrets: fc.array(dns1123, { maxLength: 2 }),
    retries: fc.integer({ min: 0, max: 100 }),
    maxCompletionSeconds: fc.oneof(fc.integer({ min: 1, max: 7 * 86400 }), fc.constant(false as const)),
    ttlSecondsAfterFinished: fc.oneof(fc.integer({ min: 0, max: 7 * 86400 }), fc.constant(false as const)),
  },
  { requiredKeys: ["image"] },
);

export const validBatchStage: fc.Arbitrary<Record<string, unknown>> = fc
  .record({ name: dns1123, namespace: fc.option(dns1123, { nil: undefined }), schedule: fc.option(schedule, { nil: undefined }), workload: batchWorkload })
  .map(({ workload, ...rest }) => defined({ ...rest, ...workload }));

const badCron = fc.constantFrom(
  "every day",
  "* * *",
  "",
  "   ",
  "0 3 * *",
  "@fortnightly",
  "0 3 * * * * *x y",
  "61 * * * *",
  "a b c d e",
  "0 0 0 * *",
  "* * * 13 *",
  "* * * * 7",
  "5-1 * * * *",
  "*/0 * * * *",
  "@every 5",
  "@every",
  "TZ=UTC 0 3 * * *",
);

const batchStageMutations: Mutation[] = [
  fc
    .oneof(
      fc.integer({ max: -1 }),
      fc.integer({ min: 101 }),
      fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
      fc.constant(Number.NaN),
      wrongType.filter((v) => typeof v !== "number"),
    )
    .map((retries) => set("retries", `retries ${String(retries)}`, (p) => ({ ...p, retries }))),
  badCron.map((cronText) =>
    set("schedule.cron", `cron ${JSON.stringify(cronText)}`, (p) => ({ ...p, schedule: { ...(p.schedule as object), cron: cronText } })),
  ),
  fc
    .constantFrom("Europe London", "UTC+1", "", "../etc", "Mars/Olympus", "Local", "europe/london", "+05:00")
    .map((timeZone) => set("schedule.timeZone", `time zone ${JSON.stringify(timeZone)}`, (p) => ({ ...p, schedule: { cron: "@daily", timeZone } }))),
  fc
    .constantFrom("Sometimes", "forbid", "")
    .map((concurrencyPolicy) =>
      set("schedule.concurrencyPolicy", `concurrencyPolicy ${concurrencyPolicy}`, (p) => ({ ...p, schedule: { cron: "0 3 * * *", concurrencyPolicy } })),
    ),
  fc.constantFrom(0, -60, 1.5).map((startingDeadlineSeconds) =>
    set("schedule.startingDeadlineSeconds", `startingDeadlineSeconds ${startingDeadlineSeconds}`, (p) => ({
      ...p,
      schedule: { cron: "0 3 * * *", startingDeadlineSeconds },
    })),
  ),
  fc
    .constantFrom<unknown>(0, -1, 2.5, true, "1h")
    .map((maxCompletionSeconds) =>
      set("maxCompletionSeconds", `maxCompletionSeconds ${String(maxCompletionSeconds)}`, (p) => ({ ...p, maxCompletionSeconds })),
    ),
  fc
    .constantFrom<unknown>(-1, 0.5, true, "1d")
    .map((ttl) => set("ttlSecondsAfterFinished", `ttlSecondsAfterFinished ${String(ttl)}`, (p) => ({ ...p, ttlSecondsAfterFinished: ttl }))),
  fc
    .oneof(unicodeLabel, fc.constantFrom("a".repeat(53), "Train", "-train", "train_model", ""))
    .map((name) => set("name", `name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc.constantFrom<unknown>(0, -1, 1.5, "2").map((count) => set("gpu.count", `gpu count ${String(count)}`, (p) => ({ ...p, gpu: { count } }))),
  fc
    .constantFrom("gpu", "NVIDIA.com/GPU", "nvidia.com/")
    .map((resource) => set("gpu.resource", `gpu resource ${resource}`, (p) => ({ ...p, gpu: { count: 1, resource } }))),
  fc.constant(set("resources.cpu_request", "Bodywork's cpu_request, which core props no longer take", (p) => ({ ...p, resources: { cpu_request: 0.25 } }))),
  fc.constant(set("resources.memoryMiB", "memoryMB and memoryMiB both given", (p) => ({ ...p, resources: { memoryMiB: 512, memoryMB: 512 } }))),
  fc.constant(set("schedule.every", "unknown schedule field", (p) => ({ ...p, schedule: { cron: "@daily", every: "1d" } }))),
];

export const invalidBatchStage: fc.Arbitrary<InvalidCase> = invalidFrom(validBatchStage, [...anyPropsMutations, ...workloadMutations, ...batchStageMutations]);

// ---------------------------------------------------------------------------------------------
// Workflow
// ---------------------------------------------------------------------------------------------

/** Bodywork-style stage names (`stage_1_train`, `score-batch`): DNS-safe once `_` becomes `-`. */
const stageId = fc.stringMatching(/^[a-z][a-z0-9]{0,10}([_-][a-z0-9]{1,5}){0,2}$/);

/** Stage props of a workflow: no name or namespace (the workflow gives both), no schedule (the workflow's). */
const batchStageOfWorkflow = batchWorkload.map((w) => defined(w as Record<string, unknown>));
const serviceStageOfWorkflow = validModelService.map(({ name: _name, namespace: _namespace, ...rest }) => rest);

/** Stage ids whose objects and Argo templates cannot clash (`x` and `x_` both become `x`; a service `x` also owns template `x-service`). */
function distinctStages(stages: ReadonlyArray<{ id: string; type: "batch" | "service" }>): boolean {
  const taken = new Set<string>(["main", "exit-handler"]);
  for (const { id, type } of stages) {
    for (const name of type === "service" ? [toDnsLabel(id), `${toDnsLabel(id)}-service`] : [toDnsLabel(id)]) {
      if (taken.has(name)) return false;
      taken.add(name);
    }
  }
  return true;
}

/** Splits an ordered list into 1..n non-empty consecutive steps. */
function stepsOf<T>(items: readonly T[]): fc.Arbitrary<T[][]> {
  return fc.array(fc.boolean(), { minLength: items.length - 1, maxLength: items.length - 1 }).map((cuts) => {
    const steps: T[][] = [[items[0]]];
    cuts.forEach((cut, i) => (cut ? steps.push([items[i + 1]]) : steps[steps.length - 1].push(items[i + 1])));
    return steps;
  });
}

/** A DAG in one of its prop forms: Bodywork's string (with random spacing) or a list of steps. */
function dagFor(steps: readonly string[][]): fc.Arbitrary<string | string[][]> {
  const space = fc.constantFrom("", " ", "  ", "\t");
  return fc.oneof(
    fc.tuple(space, space).map(([a, b]) => steps.map((step) => step.join(`${a},${b}`)).join(`${b}>>${a}`)),
    fc.constant(steps.map((step) => [...step])),
  );
}

export const validWorkflow: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    name: dns1123,
    namespace: fc.option(dns1123, { nil: undefined }),
    partOf: fc.option(labelValue, { nil: undefined }),
    engine: fc.constantFrom<string | undefined>(undefined, "argo-workflows", "argo-cd", "plain"),
    ids: fc.uniqueArray(stageId, { minLength: 1, maxLength: 7, selector: toDnsLabel }),
    types: fc.array(fc.constantFrom<"batch" | "service">("batch", "service"), { minLength: 7, maxLength: 7 }),
    withOnFailure: fc.boolean(),
  })
  .filter(({ ids, types }) => distinctStages(ids.map((id, i) => ({ id, type: types[i] }))))
  .chain(({ ids, types, withOnFailure, ...base }) => {
    // the last id is the on-failure stage when there is one (and more than one id)
    const onFailure = withOnFailure && ids.length > 1 && base.engine !== "plain" ? ids[ids.length - 1] : undefined;
    const inDag = onFailure ? ids.slice(0, -1) : ids;
    const stageProps = ids.map((id, i) =>
      id === onFailure || types[i] === "batch"
        ? batchStageOfWorkflow.map((batch) => [id, { batch }] as const)
        : serviceStageOfWorkflow.map((service) => [id, { service }] as const),
    );
    return fc.record({
      base: fc.constant(base),
      stages: fc.tuple(...stageProps).map((entries) => Object.fromEntries(entries)),
      dag: fc.shuffledSubarray(inDag, { minLength: inDag.length, maxLength: inDag.length }).chain(stepsOf).chain(dagFor),
      onFailure: fc.constant(onFailure),
      schedule: base.engine === undefined || base.engine === "argo-workflows" ? fc.option(schedule, { nil: undefined }) : fc.constant(undefined),
      argo: fc.option(
        fc.record(
          {
            executorServiceAccount: dns1123.map((n) => `${n}-exec`),
            createRbac: fc.constant(true),
            submit: fc.boolean(),
            ttlSecondsAfterFinished: fc.integer({ min: 0, max: 86400 }),
            activeDeadlineSeconds: fc.integer({ min: 1, max: 86400 }),
            parallelism: fc.integer({ min: 1, max: 10 }),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
    });
  })
  .map(({ base, stages, dag, onFailure, schedule: when, argo }) => defined({ ...base, stages, dag, onFailure, schedule: when, argo }));

const firstStage = (p: Record<string, unknown>) => Object.keys(p.stages as object)[0];
const stagesOf = (p: Record<string, unknown>) => p.stages as Record<string, Record<string, Record<string, unknown>>>;
const stepsIn = (p: Record<string, unknown>): string[][] =>
  typeof p.dag === "string"
    ? p.dag
        .replace(/\s+/g, "")
        .split(">>")
        .map((s) => s.split(","))
    : (p.dag as string[][]);

/**
 * Defects of the first declared stage, named `stages.<id>.<batch|service>.<field>`. A stage of the
 * other type is replaced by a minimal one of this type first, so every defect meets its own kind.
 */
function stageMutations(type: "batch" | "service", mutations: readonly Mutation[]): Mutation[] {
  return nested(
    mutations,
    (p) => `stages.${firstStage(p)}.${type}`,
    (p) => stagesOf(p)[firstStage(p)][type] ?? { image: "registry.example.com/x:1.0" },
    (p, part) => ({ ...p, stages: { ...stagesOf(p), [firstStage(p)]: { [type]: part } } }),
  );
}

const workflowMutations: Mutation[] = [
  fc.constant(set("dag", "dependency cycle (a stage in two steps)", (p) => ({ ...p, dag: [...stepsIn(p), [stepsIn(p)[0][0]]] }))),
  fc.constantFrom("ghost", "stage_9_missing").map((ghost) => set("dag", `DAG names unknown stage ${ghost}`, (p) => ({ ...p, dag: [...stepsIn(p), [ghost]] }))),
  fc.constant(
    set("dag", "a declared stage missing from the DAG", (p) => ({
      ...p,
      stages: { ...stagesOf(p), "left-out": { batch: { image: "registry.example.com/x:1.0" } } },
    })),
  ),
  fc.constant(set("dag", "a stage twice in one step", (p) => ({ ...p, dag: stepsIn(p).map((step, i) => (i === 0 ? [...step, step[0]] : step)) }))),
  fc.constantFrom("string", "list").map((form) =>
    set("dag", `empty step (${form})`, (p) => {
      const steps = [...stepsIn(p), []];
      return { ...p, dag: form === "list" ? steps : `${steps.map((s) => s.join(", ")).join(" >> ")}` };
    }),
  ),
  fc.constant(
    set("dag", "empty stage name (',,')", (p) => ({
      ...p,
      dag: stepsIn(p)
        .map((s) => s.join(","))
        .join(">>")
        .replace(/^([^>,]+)/, "$1,,"),
    })),
  ),
  fc.constantFrom<unknown>("", "   ", [], 42, null, { steps: [] }).map((dag) => set("dag", `DAG ${JSON.stringify(dag)}`, (p) => ({ ...p, dag }))),
  fc.constant(set("onFailure", "onFailure names no stage", (p) => ({ ...p, engine: "argo-workflows", onFailure: "notify_failure" }))),
  fc.constant(set("onFailure", "onFailure is in the DAG", (p) => ({ ...p, engine: "argo-workflows", onFailure: stepsIn(p)[0][0] }))),
  fc.constant(
    set("onFailure", "onFailure is a service stage", (p) => ({
      ...p,
      engine: "argo-workflows",
      stages: { ...stagesOf(p), "on-fail": { service: { image: "registry.example.com/x:1.0" } } },
      onFailure: "on-fail",
    })),
  ),
  fc.constant(
    set("onFailure", "onFailure on the plain engine", (p) => ({
      ...p,
      engine: "plain",
      schedule: undefined,
      stages: { ...stagesOf(p), "on-fail": { batch: { image: "registry.example.com/x:1.0" } } },
      onFailure: "on-fail",
    })),
  ),
  fc.constantFrom("plain", "argo-cd").map((engine) =>
    set("schedule", `schedule on engine ${engine}`, (p) => ({
      ...p,
      engine,
      onFailure: engine === "plain" ? undefined : p.onFailure,
      schedule: { cron: "@daily" },
    })),
  ),
  badCron.map((cronText) =>
    set("schedule.cron", `workflow cron ${JSON.stringify(cronText)}`, (p) => ({ ...p, engine: "argo-workflows", schedule: { cron: cronText } })),
  ),
  fc.constantFrom("argo", "kubeflow", "").map((engine) => set("engine", `engine ${engine}`, (p) => ({ ...p, engine }))),
  fc
    .constantFrom<unknown>(
      {},
      { batch: {}, service: {} },
      { batch: { image: "registry.example.com/x:1.0" }, extra: 1 },
      [],
      "train",
      null,
      { batch: null },
      { service: null },
      { batch: 42 },
      { service: "iris" },
      { batch: [] },
    )
    .map((stage) => (p: Record<string, unknown>) => ({
      props: { ...p, stages: { ...stagesOf(p), [firstStage(p)]: stage } },
      field: `stages.${firstStage(p)}`,
      defect: `stage ${JSON.stringify(stage)}`,
    })),
  fc.constant((p: Record<string, unknown>) => ({
    props: {
      ...p,
      engine: "argo-workflows",
      stages: { ...stagesOf(p), main: { batch: { image: "registry.example.com/x:1.0" } } },
      dag: [...stepsIn(p), ["main"]],
    },
    field: "stages.main",
    defect: "a stage named like the engine's template 'main'",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: {
      ...p,
      stages: { ...stagesOf(p), dup_x9: { batch: { image: "registry.example.com/x:1.0" } }, "dup-x9": { batch: { image: "registry.example.com/x:1.0" } } },
      dag: [...stepsIn(p), ["dup_x9"], ["dup-x9"]],
    },
    field: "stages.dup-x9",
    defect: "two stages with the same object name",
  })),
  fc.constantFrom("batch", "service").map((type) => (p: Record<string, unknown>) => {
    // a fixed workflow name: a random one may hold '--', which the stage's object name would not
    const executor = "wf-run-executor";
    return {
      props: {
        ...p,
        name: "wf-run",
        engine: "argo-workflows",
        argo: undefined,
        stages: { ...stagesOf(p), [executor]: { [type]: { image: "registry.example.com/x:1.0" } } },
        dag: [...stepsIn(p), [executor]],
      },
      field: `stages.${executor}`,
      defect: `a ${type} stage running as the Argo executor's ServiceAccount`,
    };
  }),
  fc.constant((p: Record<string, unknown>) => {
    const id = firstStage(p);
    const type = "batch" in stagesOf(p)[id] ? "batch" : "service";
    return {
      props: { ...p, namespace: "wf-ns", stages: { ...stagesOf(p), [id]: { [type]: { ...stagesOf(p)[id][type], namespace: "other-ns" } } } },
      field: `stages.${id}.${type}.namespace`,
      defect: "a stage in another namespace",
    };
  }),
  fc.constant((p: Record<string, unknown>) => {
    const id = firstStage(p);
    return {
      props: { ...p, stages: { ...stagesOf(p), [id]: { batch: { image: "registry.example.com/x:1.0", schedule: { cron: "@daily" } } } } },
      field: `stages.${id}.batch.schedule`,
      defect: "a scheduled workflow stage",
    };
  }),
  fc
    .oneof(unicodeLabel, fc.constantFrom("a".repeat(53), "WF", "wf_1", ""))
    .map((name) => set("name", `name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc
    .constantFrom<unknown>(0, -1, "2")
    .map((parallelism) => set("argo.parallelism", `parallelism ${String(parallelism)}`, (p) => ({ ...p, argo: { parallelism } }))),
  fc.oneof(...stageMutations("batch", [...anyPropsMutations, ...workloadMutations, ...batchStageMutations])),
  fc.oneof(...stageMutations("service", modelServiceMutations)),
];

export const invalidWorkflow: fc.Arbitrary<InvalidCase> = invalidFrom(validWorkflow, [...anyPropsMutations, ...workflowMutations]);

// ---------------------------------------------------------------------------------------------
// LabProject
// ---------------------------------------------------------------------------------------------

const projectName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/);
/** Service names without '-', so the fixed names the defects add (`exposed-svc`, ...) never clash. */
const labServiceName = fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/).filter((n) => n !== "deployer");
const DEPLOYER_NAMES = ["deployer", "ci-deployer"] as const;

/** A custom service: a ModelService with ports (so probes name real ports) plus the lab fields. */
const customLabService = fc
  .record({
    service: validModelService.filter((s) => s.port !== undefined || s.ports !== undefined),
    name: labServiceName,
    scope: fc.option(fc.subarray(["interactive", "noninteractive"], { minLength: 1 }), { nil: undefined }),
    exposed: fc.option(fc.boolean(), { nil: undefined }),
    exposeSome: fc.boolean(),
    requiresAuthentication: fc.option(fc.boolean(), { nil: undefined }),
    preserveBasePath: fc.boolean(),
    basePathEnv: fc.option(fc.constantFrom("BASE_URL_PATH", "STREAMLIT_SERVER_BASE_URL_PATH", "ROOT_PATH"), { nil: undefined }),
    labEnv: fc.option(fc.boolean(), { nil: undefined }),
    binds: fc.option(
      fc.record({ "/data": fc.constantFrom("/data", "/mnt/data"), "/project-dir": fc.constantFrom("/project-dir", "/home/jovyan/work") }, { requiredKeys: [] }),
      { nil: undefined },
    ),
    grants: fc.option(
      fc.array(
        fc.oneof(
          fc
            .subarray(["configmaps", "pods", "pods/log", "services", "endpoints", "persistentvolumeclaims", "events", "deployments", "jobs"] as const, {
              minLength: 1,
            })
            .map((resources) => LabGrant.read(...resources)),
          fc.array(dns1123, { minLength: 1, maxLength: 2 }).map((names) => LabGrant.readConfigMaps(...names)),
          fc.constant(LabGrant.readPods()),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: undefined },
    ),
  })
  .chain((s) => {
    const { name: _n, namespace: _ns, partOf: _p, ...service } = s.service;
    const ports = (service.ports as Array<{ name: string; port: number }> | undefined) ?? [{ name: "http", port: service.port as number }];
    const exposed = s.exposed ?? false;
    return fc
      .subarray(
        ports.flatMap((p) => [p.name, p.port]),
        { minLength: 1, maxLength: Math.min(ports.length, 16) },
      )
      .map((chosen) => {
        // one entry per port (a name or a number), so no port is listed twice
        const exposedPorts = ports.filter((p) => chosen.includes(p.name) || chosen.includes(p.port)).map((p) => (chosen.includes(p.name) ? p.name : p.port));
        const env = Object.fromEntries(
          Object.entries((service.env as Record<string, unknown>) ?? {}).filter(([k]) => !k.startsWith("LAB_") && k !== s.basePathEnv),
        );
        return defined({
          ...service,
          env: Object.keys(env).length ? env : undefined,
          name: s.name,
          scope: s.scope,
          exposed: s.exposed,
          exposedPorts: exposed && s.exposeSome ? exposedPorts : undefined,
          requiresAuthentication: s.requiresAuthentication,
          preserveBasePath: exposed && s.preserveBasePath ? true : undefined,
          basePathEnv: s.basePathEnv,
          labEnv: s.labEnv,
          // a service's own /data volume and the project's /data are exclusive
          binds: service.persistence ? undefined : s.binds,
          grants: s.grants,
        } as Record<string, unknown>);
      });
  });

/** A service that gives no ports: internal, on Orchest's default port for its image. */
const portlessLabService: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: labServiceName,
    image: fc.oneof(pinnedImage, fc.constantFrom("redis:7.4.2", "postgres:16.4", "mlflow/server:2.1")),
    resources: workloadResources,
    security,
  },
  { requiredKeys: ["name", "image"] },
);

const labTemplate = fc.oneof(
  fc.constant(LabTemplates.tensorboard()),
  fc.constant(LabTemplates.redis()),
  fc.constant(LabTemplates.vscode()),
  pinnedImage.map((image) => LabTemplates.streamlit(image, "app.py")),
  fc.constantFrom("git+https://github.com/org/repo.git#subdirectory=service", "/workspace/service").map((code) => LabTemplates.codeRunner(code)),
  labServiceName.map((name) => LabTemplates.redis({ name, requiresAuthentication: false })),
) as unknown as fc.Arbitrary<Record<string, unknown>>;

const hostName = fc.stringMatching(/^[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){1,2}$/);
// The HTTPS listener is named, or plain HTTP is accepted explicitly.
const gatewayRef = fc.oneof(
  fc.record({ name: dns1123, namespace: dns1123, sectionName: fc.constantFrom("https", "https-lab") }),
  fc.record({ name: dns1123, namespace: dns1123, allowPlainHttp: fc.constant(true) }),
);

/** Every provider, each with exactly its own settings. */
export const labIngress = fc.oneof(
  fc.record(
    { provider: fc.constant("gateway-api"), gateway: gatewayRef, hostnames: fc.array(hostName, { minLength: 1, maxLength: 2 }), proxyNamespace: dns1123 },
    { requiredKeys: ["gateway"] },
  ),
  fc.record(
    {
      provider: fc.constant("istio"),
      gateway: gatewayRef,
      hostnames: fc.array(hostName, { minLength: 1, maxLength: 2 }),
      istio: fc
        .record({
          issuer: fc.constantFrom("https://lab.example.com", "ml-lab"),
          key: fc.oneof(fc.constant({ jwksUri: "https://lab.example.com/.well-known/jwks.json" }), fc.constant({ jwks: '{"keys":[]}' })),
          audiences: fc.option(fc.array(fc.constantFrom("lab", "api"), { minLength: 1, maxLength: 2 }), { nil: undefined }),
          requiredClaims: fc.option(fc.constant({ permissions: ["project-x"] }), { nil: undefined }),
          controlPlaneNamespace: fc.option(dns1123, { nil: undefined }),
        })
        // claims or audiences that do not name the project need the explicit opt-out
        .map(({ key, ...rest }) => defined({ ...rest, ...key, allowAnyProjectToken: rest.audiences || rest.requiredClaims ? true : undefined })),
    },
    { requiredKeys: ["provider", "gateway", "istio"] },
  ),
  fc.record(
    {
      provider: fc.constant("ext-auth"),
      gateway: gatewayRef,
      extAuth: fc.record(
        {
          service: dns1035,
          namespace: dns1123,
          port: fc.integer({ min: 1, max: 65535 }),
          path: fc.constantFrom("/verify", "/api/auth"),
          headersToBackend: fc.constant(["x-user"]),
        },
        { requiredKeys: ["service", "port"] },
      ),
    },
    { requiredKeys: ["provider", "gateway", "extAuth"] },
  ),
  fc.record(
    {
      provider: fc.constant("ingress-nginx"),
      hostnames: fc.array(hostName, { minLength: 1, maxLength: 2 }),
      ingressNginx: fc.record(
        { authUrl: fc.constant("https://lab.example.com/api/auth"), ingressClassName: fc.constantFrom("nginx", "internal") },
        { requiredKeys: ["authUrl"] },
      ),
    },
    { requiredKeys: ["provider", "ingressNginx"] },
  ),
  // the default provider, not named
  fc.record({ gateway: gatewayRef }),
);

export const validLabProject: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    name: projectName,
    namespace: fc.option(dns1123, { nil: undefined }),
    createNamespace: fc.boolean(),
    podSecurity: fc.option(fc.constantFrom("restricted", "baseline", false as const), { nil: undefined }),
    endpoint: fc.option(fc.constantFrom("https://lab.example.com", "http://ml-lab.lab.svc:8080"), { nil: undefined }),
    token: fc.option(
      fc.record(
        {
          secretName: dns1123,
          key: fc.constantFrom("token", "api-token"),
          externalSecret: fc.record(
            {
              store: dns1123,
              storeKind: fc.constantFrom("SecretStore", "ClusterSecretStore"),
              remoteKey: fc.constant("ml-lab/projects/p"),
              remoteProperty: fc.constant("token"),
              refreshInterval: fc.constantFrom("1h", "15m", "30s"),
            },
            { requiredKeys: ["store", "remoteKey"] },
          ),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    env: fc.option(env, { nil: undefined }),
    environment: fc.option(fc.constantFrom("interactive", "noninteractive"), { nil: undefined }),
    services: fc.uniqueArray(
      fc.oneof({ weight: 3, arbitrary: customLabService }, { weight: 1, arbitrary: portlessLabService }, { weight: 2, arbitrary: labTemplate }),
      { minLength: 1, maxLength: 4, selector: (s) => s.name },
    ),
    inherit: fc.array(fc.nat(), { maxLength: 4 }),
    ingress: labIngress,
    quota: fc.option(
      fc.record(
        {
          cpu: fc.constantFrom(4, "8", "500m"),
          memory: fc.constantFrom("16Gi", "4G"),
          memoryLimit: fc.constant("32Gi"),
          pods: fc.integer({ min: 1, max: 100 }),
          persistentVolumeClaims: fc.integer({ min: 0, max: 10 }),
          storage: fc.constant("100Gi"),
          gpus: fc.integer({ min: 0, max: 8 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    limitRange: fc.option(
      fc.oneof(
        fc.boolean(),
        fc.record(
          {
            defaultCpuRequest: fc.constantFrom("100m", 0.5),
            defaultMemoryRequest: fc.constantFrom("256Mi", "1Gi"),
            maxMemory: fc.constant("64Gi"),
            maxCpu: fc.constant(16),
          },
          { requiredKeys: [] },
        ),
      ),
      { nil: undefined },
    ),
    deployer: fc.option(
      fc.oneof(
        fc.constant(false as const),
        fc.record(
          {
            name: fc.constantFrom(...DEPLOYER_NAMES),
            subjects: fc.array(fc.record({ kind: fc.constantFrom("User", "Group"), name: fc.constantFrom("ml-team", "ci@example.com") }), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      ),
      { nil: undefined },
    ),
    networkPolicy: fc.option(
      fc.oneof(
        fc.constant(false as const),
        fc.record(
          {
            defaultDeny: fc.boolean(),
            allowDns: fc.boolean(),
            dns: fc.constant({ namespace: "kube-system", podLabels: { "k8s-app": "coredns" } }),
            allowWithinProject: fc.boolean(),
            allowFromProxy: fc.boolean(),
            egress: fc.array(
              fc.record(
                {
                  cidr: fc.constantFrom("0.0.0.0/0", "10.0.0.0/8", "fd00::/8"),
                  except: fc.constant(["169.254.169.254/32"]),
                  ports: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 2 }),
                },
                { requiredKeys: ["cidr"] },
              ),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      { nil: undefined },
    ),
    storage: fc.option(
      fc.record(
        {
          size: fc.constantFrom("10Gi", "500Gi"),
          storageClassName: fc.constantFrom("standard", "efs"),
          accessMode: fc.constantFrom("ReadWriteOnce", "ReadWriteMany"),
          fsGroup: fc.integer({ min: 0, max: 65535 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    labels: fc.option(labels, { nil: undefined }),
  })
  .map(({ inherit, services, ...p }) => {
    const environment = p.environment ?? "interactive";
    // Orchest's env inherit: services name project-level variables (not the ones the project sets)
    const projectEnv = Object.keys(p.env ?? {}).filter((k) => !k.startsWith("LAB_"));
    const inScope = (s: Record<string, unknown>) => ((s.scope as string[] | undefined) ?? ["interactive", "noninteractive"]).includes(environment);
    // at least one service runs (a project of only left-out services, no namespace, deployer or policies renders nothing)
    const someActive: Array<Record<string, unknown>> = services.some(inScope)
      ? services
      : [defined({ ...services[0], scope: undefined }), ...services.slice(1)];
    const withInherit = someActive.map((service, i) => {
      const names = projectEnv.filter((name, n) => inherit[i] !== undefined && (inherit[i] >> n) % 2 === 1 && name !== service.basePathEnv);
      return names.length ? { ...service, envInherit: names } : service;
    });
    const binders = withInherit.filter((s) => s.binds && Object.keys(s.binds).length && inScope(s)).length;
    // one node attaches a ReadWriteOnce volume: only for a single binding service
    const storage = p.storage && binders > 1 && p.storage.accessMode === "ReadWriteOnce" ? { ...p.storage, accessMode: "ReadWriteMany" } : p.storage;
    // a created namespace needs a NetworkPolicy (policy check namespace-has-networkpolicy)
    // (the default-deny one, unless every switch is off: then only without creating the namespace)
    const networkPolicy =
      p.createNamespace && (p.networkPolicy === false || p.networkPolicy?.defaultDeny === false)
        ? { ...(p.networkPolicy || {}), defaultDeny: true }
        : p.networkPolicy;
    // grants need egress to the API server whenever the policies restrict egress
    const granted = withInherit.some((s) => ((s.grants as unknown[] | undefined) ?? []).length > 0);
    const withApiServer = granted && networkPolicy !== false ? { ...(networkPolicy ?? {}), apiServer: { cidrs: ["172.18.0.2/32"] } } : networkPolicy;
    return defined({ ...p, services: withInherit, storage, networkPolicy: withApiServer });
  })
  // the gateway's, the proxies' and the mesh's namespaces are refused as project namespaces
  .filter((p) => {
    const ingress = (p.ingress ?? {}) as {
      gateway?: { namespace: string };
      proxyNamespace?: string;
      istio?: { controlPlaneNamespace?: string };
      provider?: string;
    };
    const taken = [
      ingress.gateway?.namespace,
      ingress.proxyNamespace,
      ingress.provider === "ingress-nginx" ? "ingress-nginx" : undefined,
      ingress.provider === "istio" ? (ingress.istio?.controlPlaneNamespace ?? "istio-system") : undefined,
      "default",
    ];
    return !taken.includes((p.namespace as string | undefined) ?? (p.name as string));
  });

const servicesOf = (p: Record<string, unknown>) => p.services as Array<Record<string, unknown>>;
const exposedService = { name: "exposed-svc", image: "registry.example.com/app:1.0", port: 8080, exposed: true };
const withService = (p: Record<string, unknown>, service: Record<string, unknown>) => ({ ...p, services: [...servicesOf(p), service] });

const labProjectMutations: Mutation[] = [
  fc.constantFrom<string | number>("metrics", 9999, "grpc").map((port) => (p: Record<string, unknown>) => ({
    props: withService(p, {
      name: "ported-svc",
      image: "registry.example.com/app:1.0",
      ports: [{ name: "http", port: 8080 }],
      exposed: true,
      exposedPorts: ["http", port],
    }),
    field: `services[${servicesOf(p).length}].exposedPorts[1]`,
    defect: `exposing port ${port}, which the service does not have`,
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: { ...p, services: [...servicesOf(p), { ...servicesOf(p)[0] }] },
    field: `services[${servicesOf(p).length}].name`,
    defect: "duplicate service name",
  })),
  fc
    .oneof(unicodeName, fc.constantFrom("Fraud", "9lab", "lab_1", "-lab", "a".repeat(41), ""))
    .map((name) => set("name", `project name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc
    .constantFrom(
      {
        field: "istio",
        ingress: { provider: "gateway-api", gateway: { name: "eg", namespace: "gw" }, istio: { issuer: "x", jwksUri: "https://x.example.com/jwks" } },
      },
      {
        field: "extAuth",
        ingress: { provider: "istio", gateway: { name: "eg", namespace: "gw" }, istio: { issuer: "x", jwks: "{}" }, extAuth: { service: "auth", port: 8080 } },
      },
      {
        field: "ingressNginx",
        ingress: {
          provider: "ext-auth",
          gateway: { name: "eg", namespace: "gw" },
          extAuth: { service: "auth", port: 8080 },
          ingressNginx: { authUrl: "https://x.example.com/auth" },
        },
      },
      { field: "istio", ingress: { provider: "ingress-nginx", ingressNginx: { authUrl: "https://x.example.com/auth" }, istio: { issuer: "x", jwks: "{}" } } },
    )
    .map(({ field, ingress }) =>
      set(`ingress.${field}`, `ingress settings '${field}' with provider ${ingress.provider}`, (p) => ({ ...withService(p, exposedService), ingress })),
    ),
  fc.constantFrom("istio", "ext-auth", "ingress-nginx").map((provider) =>
    set(
      `ingress.${provider === "ext-auth" ? "extAuth" : provider === "istio" ? "istio" : "ingressNginx"}`,
      `provider ${provider} without its settings`,
      (p) => ({
        ...withService(p, exposedService),
        ingress: { provider, gateway: provider === "ingress-nginx" ? undefined : { name: "eg", namespace: "gw" } },
      }),
    ),
  ),
  fc.constantFrom("both", "neither").map((which) =>
    set("ingress.istio.jwksUri", `istio with ${which} of jwksUri and jwks`, (p) => ({
      ...withService(p, exposedService),
      ingress: {
        provider: "istio",
        gateway: { name: "eg", namespace: "gw" },
        istio: which === "both" ? { issuer: "x", jwksUri: "https://x.example.com/jwks", jwks: "{}" } : { issuer: "x" },
      },
    })),
  ),
  fc.constant(
    set("ingress.gateway", "ingress-nginx with a Gateway", (p) => ({
      ...withService(p, exposedService),
      ingress: { provider: "ingress-nginx", gateway: { name: "eg", namespace: "gw" }, ingressNginx: { authUrl: "https://x.example.com/auth" } },
    })),
  ),
  fc.constantFrom(undefined, "gateway-api", "istio", "ext-auth").map((provider) =>
    set("ingress.gateway", `provider ${provider ?? "(default)"} without a Gateway`, (p) => ({
      ...withService(p, exposedService),
      ingress: defined({ provider }),
    })),
  ),
  fc.constant(set("ingress.gateway", "an exposed service and no ingress at all", (p) => ({ ...withService(p, exposedService), ingress: undefined }))),
  // names an object has through its prototype are no project variables either
  fc.constantFrom("MISSING_VAR", "OTHER", "constructor", "toString", "__proto__", "hasOwnProperty").map((name) => (p: Record<string, unknown>) => ({
    props: {
      ...withService(p, { name: "inheriting", image: "registry.example.com/app:1.0", envInherit: [name] }),
      env: { ...(p.env as object), [`${name}_X`]: "1" },
    },
    field: `services[${servicesOf(p).length}].envInherit[0]`,
    defect: `envInherit of ${name}, which the project does not set`,
  })),
  fc.constantFrom(...LAB_ENV).map((name) => (p: Record<string, unknown>) => ({
    props: withService(p, { name: "envy", image: "registry.example.com/app:1.0", env: { [name]: "x" } }),
    field: `services[${servicesOf(p).length}].env.${name}`,
    defect: `service env sets ${name}`,
  })),
  fc.constantFrom("secrets", "*", "nodes").map((resource) => (p: Record<string, unknown>) => ({
    props: withService(p, { name: "reader", image: "registry.example.com/app:1.0", grants: [{ resources: ["pods", resource] }] }),
    field: `services[${servicesOf(p).length}].grants[0].resources[1]`,
    defect: `grant on ${resource}`,
  })),
  fc.constantFrom("delete", "create", "*").map((verb) => (p: Record<string, unknown>) => ({
    props: withService(p, { name: "writer", image: "registry.example.com/app:1.0", grants: [{ resources: ["pods"], verbs: ["get", verb] }] }),
    field: `services[${servicesOf(p).length}].grants[0].verbs[1]`,
    defect: `grant verb ${verb}`,
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, {
      name: "tokenless",
      image: "registry.example.com/app:1.0",
      grants: [LabGrant.readPods()],
      security: { automountServiceAccountToken: false },
    }),
    field: `services[${servicesOf(p).length}].security.automountServiceAccountToken`,
    defect: "grants without a token",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: {
      ...withService(p, { name: "reader", image: "registry.example.com/app:1.0", grants: [LabGrant.readPods()] }),
      networkPolicy: { egress: [{ cidr: "0.0.0.0/0", ports: [443] }] },
    },
    field: `services[${servicesOf(p).length}].grants`,
    defect: "grants while egress to the API server is blocked",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, { name: "hidden", image: "registry.example.com/app:1.0", port: 8080, exposed: false, exposedPorts: ["http"] }),
    field: `services[${servicesOf(p).length}].exposedPorts`,
    defect: "exposedPorts on a service that is not exposed",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, { name: "hidden", image: "registry.example.com/app:1.0", port: 8080, exposed: false, preserveBasePath: true }),
    field: `services[${servicesOf(p).length}].preserveBasePath`,
    defect: "preserveBasePath on a service that is not exposed",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, { name: "both", image: "registry.example.com/app:1.0", persistence: true, binds: { "/data": "/data" } }),
    field: `services[${servicesOf(p).length}].binds./data`,
    defect: "binds /data and persistence",
  })),
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, {
      name: "udp",
      image: "registry.example.com/app:1.0",
      ports: [{ name: "dns", port: 53, protocol: "UDP" }],
      exposed: true,
      exposedPorts: ["dns"],
    }),
    field: `services[${servicesOf(p).length}].exposedPorts[0]`,
    defect: "exposing a UDP port",
  })),
  fc.constant(
    set("storage.accessMode", "a ReadWriteOnce project volume bound by two services", (p) => ({
      ...p,
      environment: "interactive",
      services: [
        ...servicesOf(p),
        { name: "binder-a", image: "registry.example.com/app:1.0", binds: { "/data": "/data" } },
        { name: "binder-b", image: "registry.example.com/app:1.0", binds: { "/project-dir": "/work" } },
      ],
      storage: { accessMode: "ReadWriteOnce" },
    })),
  ),
  fc.constantFrom("kube-system", "default").map((namespace) => set("namespace", `reserved namespace ${namespace}`, (p) => ({ ...p, namespace }))),
  fc.constantFrom("1 hour", "soon", "").map((refreshInterval) =>
    set("token.externalSecret.refreshInterval", `refreshInterval ${refreshInterval}`, (p) => ({
      ...p,
      token: { externalSecret: { store: "vault", remoteKey: "k", refreshInterval } },
    })),
  ),
  fc.constant((p: Record<string, unknown>) => ({
    props: { ...p, deployer: { name: servicesOf(p)[0].name } },
    field: "deployer.name",
    defect: "deployer named like a service",
  })),
  fc.constantFrom("lab.example.com", "ftp://lab", "https://").map((endpoint) => set("endpoint", `endpoint ${endpoint}`, (p) => ({ ...p, endpoint }))),
  fc
    .constantFrom("10.0.0.0", "any", "10.0.0.0/8/8")
    .map((cidr) => set("networkPolicy.egress[0].cidr", `egress cidr ${cidr}`, (p) => ({ ...p, networkPolicy: { egress: [{ cidr }] } }))),
  fc.constantFrom("dev", "").map((environment) => set("environment", `environment ${JSON.stringify(environment)}`, (p) => ({ ...p, environment }))),
  fc.constantFrom<unknown>([], ["dev"]).map((scope) => (p: Record<string, unknown>) => ({
    props: withService(p, { name: "scoped", image: "registry.example.com/app:1.0", scope }),
    field: `services[${servicesOf(p).length}].scope`,
    defect: `scope ${JSON.stringify(scope)}`,
  })),
  fc.constantFrom("Scoring", "9svc", "svc_1", "").map((name) => (p: Record<string, unknown>) => ({
    props: withService(p, { name, image: "registry.example.com/app:1.0" }),
    field: `services[${servicesOf(p).length}].name`,
    defect: `service name ${JSON.stringify(name)}`,
  })),
  // a service for the other environment (the project's own is kept: changing it would change which services bind files)
  fc.constant((p: Record<string, unknown>) => ({
    props: withService(p, {
      name: "elsewhere",
      image: "registry.example.com/app:1.0",
      scope: [p.environment === "noninteractive" ? "interactive" : "noninteractive"],
      ports: [
        { name: "http", port: 8080 },
        { name: "http", port: 8081 },
      ],
    }),
    field: `services[${servicesOf(p).length}].ports[1].name`,
    defect: "a defect in a service this environment leaves out",
  })),
  // the shared defects, in the first service (made a plain, active service first so lab checks do not stop validation before them)
  fc.oneof(
    ...nested(
      modelServiceMutations,
      () => "services[0]",
      (p) => {
        const { exposed: _e, exposedPorts: _ep, preserveBasePath: _pb, scope: _s, binds: _b, ...service } = servicesOf(p)[0];
        return service;
      },
      (p, part) => ({ ...p, services: [part, ...servicesOf(p).slice(1)] }),
    ),
  ),
];

export const invalidLabProject: fc.Arbitrary<InvalidCase> = invalidFrom(validLabProject, [...anyPropsMutations, ...labProjectMutations]);

// ---------------------------------------------------------------------------------------------
// LabPlatform
// ---------------------------------------------------------------------------------------------

const platformHostname = fc
  .tuple(fc.boolean(), fc.array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }))
  .map(([wildcard, labels]) => `${wildcard ? "*." : ""}${labels.join(".")}`);
const platformGateway = fc.record({
  name: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?){0,2}$/),
  namespace: dns1123,
  sectionName: dns1123,
});

export const validLabPlatform: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      name: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/),
      hostnames: fc.uniqueArray(platformHostname, { minLength: 1, maxLength: 3 }),
      gateways: fc.array(platformGateway, { minLength: 1, maxLength: 3 }),
      securityPolicies: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map(defined);

const labPlatformMutations: Mutation[] = [
  fc
    .oneof(unicodeName, fc.constantFrom("Lab", "-lab", "lab_1", "a".repeat(41), ""))
    .map((name) => set("name", `name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc
    .constantFrom<unknown>([], ["lab example com"], ["UPPER.example.com"], ["lab.example.com."], ["*"], [""], "lab.example.com", [42])
    .map((hostnames) => set("hostnames", `hostnames ${JSON.stringify(hostnames)}`, (p) => ({ ...p, hostnames }))),
  fc
    .constantFrom<unknown>(
      [],
      [{ name: "eg", namespace: "envoy-gateway-system" }],
      [{ name: "eg", sectionName: "https" }],
      [{ name: "EG", namespace: "envoy-gateway-system", sectionName: "https" }],
      [{ name: "eg", namespace: "envoy_gateway", sectionName: "https" }],
      [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "HTTPS" }],
      [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https", port: 443 }],
      "eg",
    )
    .map((gateways) => set("gateways", `gateways ${JSON.stringify(gateways)}`, (p) => ({ ...p, gateways }))),
  wrongType
    .filter((v) => typeof v !== "boolean")
    .map((securityPolicies) => set("securityPolicies", `securityPolicies ${JSON.stringify(securityPolicies)}`, (p) => ({ ...p, securityPolicies }))),
];

export const invalidLabPlatform: fc.Arbitrary<InvalidCase> = invalidFrom(validLabPlatform, [...anyPropsMutations, ...labPlatformMutations]);

// ---------------------------------------------------------------------------------------------

/** Every kind the fuzzers cover; the fuzz test fails for a registered kind missing here. */
export const fuzzKinds: Readonly<Record<string, KindArbitraries>> = {
  ModelService: { valid: validServingModelService, invalid: invalidModelService },
  BatchStage: { valid: validBatchStage, invalid: invalidBatchStage },
  Workflow: { valid: validWorkflow, invalid: invalidWorkflow },
  LabProject: {
    valid: validLabProject,
    invalid: invalidLabProject,
    // Both are documented, deliberate trade-offs of valid projects, reported as warnings on purpose:
    // a service with `grants` needs its ServiceAccount token mounted, and the vscode and
    // codeRunner templates keep a writable root (code-server settings, pip installs at start-up).
    allowedWarnings: ["automountServiceAccountToken", "no-read-only-root-fs"],
  },
  LabPlatform: { valid: validLabPlatform, invalid: invalidLabPlatform },
};
