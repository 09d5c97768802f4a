import fc from "fast-check";
import { SECRET_LOOKING_NAME } from "../../lib/model/env";
import { IMAGE_REFERENCE, mutableImageReason } from "../../lib/model/image";
import { ENV_VAR_NAME } from "../../lib/model/names";

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
    pin: fc.oneof(tag.map((t) => `:${t}`), fc.stringMatching(/^[a-f0-9]{64}$/).map((d) => `@sha256:${d}`)),
  })
  .map(({ registry, path, pin }) => `${registry ? `${registry[0]}.example.com${registry[1] ? `:${registry[1]}` : ""}/` : ""}${path.join("/")}${pin}`);

/** Env var names that do not look like credentials (those must come from Secrets). */
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/).filter((name) => !SECRET_LOOKING_NAME.test(name));
/** Literal values, including unicode; the token-looking ones are filtered (they must be refused). */
const envLiteral = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
const secretRef = fc.record({ name: dns1123, key: fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/) }).map((ref) => ({ secretKeyRef: ref }));

export const env = fc.dictionary(envName, fc.oneof(envLiteral, envLiteral.map((value) => ({ value })), secretRef, fc.constant({ fieldRef: { fieldPath: "metadata.namespace" } })), {
  maxKeys: 6,
});

export const resources = fc
  .record(
    {
      cpu: fc.oneof(fc.integer({ min: 1, max: 4000 }).map((m) => `${m}m`), fc.integer({ min: 1, max: 400 }).map((c) => c / 100)),
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
  { runAsUser: fc.integer({ min: 1, max: 65535 }), runAsGroup: fc.integer({ min: 0, max: 65535 }), fsGroup: fc.integer({ min: 0, max: 65535 }), tmpSizeLimit: fc.constantFrom("64Mi", "1Gi") },
  { requiredKeys: [] },
);

const labelValue = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,20}[a-z0-9])?$/);
export const labels = fc.dictionary(fc.stringMatching(/^(example\.com\/)?[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/).filter((k) => !k.startsWith("app.kubernetes.io")), labelValue, { maxKeys: 3 });

// ---------------------------------------------------------------------------------------------
// ModelService
// ---------------------------------------------------------------------------------------------

const portName = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
const ports = fc.uniqueArray(fc.record({ name: portName, port: fc.integer({ min: 1, max: 65535 }) }), {
  minLength: 1,
  maxLength: 3,
  comparator: (a, b) => a.name === b.name || a.port === b.port,
});

function probeFor(portList: ReadonlyArray<{ name: string; port: number }>): fc.Arbitrary<Record<string, unknown>> {
  const portRef = fc.option(fc.oneof(fc.constantFrom(...portList.map((p) => p.name)), fc.constantFrom(...portList.map((p) => p.port))), { nil: undefined });
  const timing = { periodSeconds: fc.integer({ min: 1, max: 60 }), timeoutSeconds: fc.integer({ min: 1, max: 30 }) };
  return fc.oneof(
    fc.record({ type: fc.constant("http"), path: fc.stringMatching(/^\/[a-z0-9/_-]{0,20}$/), port: portRef, ...timing }, { requiredKeys: ["type", "path"] }),
    fc.record({ type: fc.constant("tcp"), port: portRef, ...timing }, { requiredKeys: ["type"] }),
    fc.record({ type: fc.constant("grpc"), port: fc.option(fc.constantFrom(...portList.map((p) => p.port)), { nil: undefined }), ...timing }, { requiredKeys: ["type"] }),
    fc.record({ type: fc.constant("exec"), command: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 }), ...timing }, { requiredKeys: ["type", "command"] }),
  ) as fc.Arbitrary<Record<string, unknown>>;
}

/** Drops undefined members, as a user would simply not write them. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const scaling = fc.oneof(
  fc.record({ replicas: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }),
  fc
    .record({ minReplicas: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 8 }), cpuUtilization: fc.integer({ min: 1, max: 100 }), memoryUtilization: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ["minReplicas", "extra"] })
    .map(({ minReplicas, extra, ...targets }) => ({ autoscaling: { minReplicas, maxReplicas: minReplicas + extra, ...targets } })),
);

export const validModelService: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    name: dns1035,
    namespace: fc.option(dns1123, { nil: undefined }),
    partOf: fc.option(labelValue, { nil: undefined }),
    image: pinnedImage,
    portChoice: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 65535 }).map((port) => ({ port })), ports.map((list) => ({ ports: list }))),
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
    const portList = base.portChoice === undefined ? [{ name: "http", port: 8080 }] : "port" in base.portChoice ? [{ name: "http", port: base.portChoice.port }] : base.portChoice.ports;
    return fc.record({ base: fc.constant(base), probe: fc.option(probeFor(portList), { nil: undefined }), primary: fc.option(fc.constantFrom(...portList.map((p) => p.name)), { nil: undefined }) });
  })
  .map(({ base, probe, primary }) => {
    const pods = "autoscaling" in base.scaling ? (base.scaling.autoscaling?.maxReplicas ?? 1) : (base.scaling.replicas ?? 1);
    // A ReadWriteOnce claim attaches to one node: only for a single pod.
    const accessMode = base.persistence === "rwo" && pods <= 1 ? "ReadWriteOnce" : base.persistence === "rox" ? "ReadOnlyMany" : base.persistence ? "ReadWriteMany" : undefined;
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

const hugeString = fc.integer({ min: 1000, max: 200_000 }).map((n) => "a".repeat(n));
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 5 }), fc.double(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const unicode = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 });
const unicodeName = unicode.filter((s) => !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s));
/** Not an image reference, or one that is not pinned. */
const unicodeImage = unicode.filter((s) => !IMAGE_REFERENCE.test(s) || mutableImageReason(s) !== undefined);
const unicodeEnvName = unicode.filter((s) => !ENV_VAR_NAME.test(s));

/** One defect applied to valid props, and the field the error must name. */
export type Mutation = fc.Arbitrary<(props: Record<string, unknown>) => InvalidCase>;
export const set = (field: string, defect: string, mutate: (p: Record<string, unknown>) => Record<string, unknown>) => (props: Record<string, unknown>) => ({ props: mutate(props), field, defect });

/** Defects any construct's props can have: not an object at all, unknown (and prototype) keys. */
export const anyPropsMutations: Mutation[] = [
  fc.constantFrom<unknown>(null, 42, "iris", [], true).map((whole) => () => ({ props: whole, field: "", defect: `props ${JSON.stringify(whole)}` })),
  fc.constantFrom("replica", "imagee", "port_s", "__proto__", "constructor", "ünïcödé").map((key) => set(key, `unknown field ${key}`, (p) => ({ ...p, [key]: 1 }))),
];

/** Defects of the shared workload fields (`WorkloadProps` at the top of the props): every workload kind takes these. */
export const workloadMutations: Mutation[] = [
  fc.oneof(fc.constantFrom("", "UPPER/case:1.0", "repo:latest", "repo", "a b:1", "repo:1@sha256:short"), unicodeImage, hugeString, wrongType.filter((v) => typeof v !== "string")).map((image) =>
    set("image", `image ${JSON.stringify(image)?.slice(0, 30)}`, (p) => ({ ...p, image })),
  ),
  fc.constantFrom<unknown>(-1, 0, "abc", "1.5.5", "", true).map((cpu) => set("resources.cpu", `cpu ${String(cpu)}`, (p) => ({ ...p, resources: { cpu } }))),
  fc.constantFrom("1m", "lots", "", "12 Gi", "-1Mi").map((memory) => set("resources.memory", `memory ${memory}`, (p) => ({ ...p, resources: { memory } }))),
  fc.oneof(unicodeEnvName, fc.constantFrom("1BAD", "BAD NAME", "", "a=b")).map((name) => set("env", `env name ${JSON.stringify(name)}`, (p) => ({ ...p, env: { [name]: "x" } }))),
  fc.constantFrom("DB_PASSWORD", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY").map((name) => set(`env.${name}`, `inline secret ${name}`, (p) => ({ ...p, env: { ...(p.env as object), [name]: "s3cr3t-value" } }))),
];

/** Invalid cases from a valid-props generator and the defects that apply to that kind. */
export function invalidFrom(valid: fc.Arbitrary<Record<string, unknown>>, mutations: readonly Mutation[]): fc.Arbitrary<InvalidCase> {
  return fc.tuple(valid, fc.oneof(...mutations)).map(([props, mutate]) => {
    const broken = mutate(props);
    // keep JSON shape: a user's props never hold undefined members
    return { ...broken, props: broken.props && typeof broken.props === "object" && !Array.isArray(broken.props) ? defined(broken.props as Record<string, unknown>) : broken.props };
  });
}

const modelServiceMutations: Mutation[] = [
  ...anyPropsMutations,
  ...workloadMutations,
  fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }), fc.constant(Number.NaN), fc.constant(Infinity), wrongType.filter((v) => typeof v !== "number")).map((replicas) =>
    set("replicas", `replicas ${String(replicas)}`, (p) => ({ ...p, autoscaling: undefined, replicas })),
  ),
  fc.oneof(unicodeName, hugeString, fc.constantFrom("Iris", "-iris", "iris-", "9iris", "ir_is", "a".repeat(64), "")).map((name) => set("name", `name ${JSON.stringify(name.slice(0, 20))}`, (p) => ({ ...p, name }))),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.constant("8080")).map((port) => set("port", `port ${String(port)}`, (p) => ({ ...p, ports: undefined, primaryPort: undefined, health: undefined, port }))),
  fc.constant(set("ports[1].name", "duplicate port name", (p) => ({ ...p, port: undefined, primaryPort: undefined, health: undefined, ports: [{ name: "http", port: 8080 }, { name: "http", port: 8081 }] }))),
  fc.constant(set("health.probe.port", "probe on an undeclared port", (p) => ({ ...p, port: undefined, ports: undefined, primaryPort: undefined, health: { probe: { type: "tcp", port: "nope" } } }))),
  fc.constant(set("primaryPort", "primaryPort names no port", (p) => ({ ...p, port: undefined, ports: [{ name: "http", port: 8080 }], health: undefined, primaryPort: "grpc" }))),
  fc.integer({ min: 0, max: 5 }).map((replicas) => set("replicas", "replicas with autoscaling", (p) => ({ ...p, replicas, autoscaling: { maxReplicas: 5 } }))),
  fc.integer({ min: 2, max: 9 }).map((min) => set("autoscaling.maxReplicas", "maxReplicas below minReplicas", (p) => ({ ...p, replicas: undefined, autoscaling: { minReplicas: min, maxReplicas: min - 1 } }))),
  fc.constant(set("modelFile.claimName", "dangling model file (no volume holds it)", (p) => ({ ...p, persistence: undefined, modelFile: { path: "/data/model.pkl" } }))),
  fc.constant(set("persistence.accessMode", "ReadWriteOnce claim shared by several pods", (p) => ({ ...p, autoscaling: undefined, replicas: 3, persistence: true }))),
  wrongType
    .filter((v) => !(typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
    .map((health) => set("health", `health ${JSON.stringify(health)}`, (p) => ({ ...p, health }))),
];

export const invalidModelService: fc.Arbitrary<InvalidCase> = invalidFrom(validModelService, modelServiceMutations);

/** Every kind the fuzzers cover; the fuzz test fails for a registered kind missing here. */
export const fuzzKinds: Readonly<Record<string, KindArbitraries>> = {
  ModelService: { valid: validModelService, invalid: invalidModelService },
};
