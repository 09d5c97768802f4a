import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

// Internal to the SDK (marked @internal, so not in its typings) but exported by its module:
// resolves when no resource registration is outstanding.
const waitForRPCs = (settings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

/** One resource registration, as the Pulumi engine would receive it. */
export interface RecordedResource {
  readonly urn: string;
  /** Type token, e.g. `kubernetes:apps/v1:Deployment` or `modelship:index:ModelService`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** URN of the parent ("" for none). */
  readonly parent: string;
  /** URNs this resource waits for: explicit `dependsOn` (components expanded) and outputs it reads. */
  readonly dependencies: readonly string[];
  /** Provider reference (`<urn>::<id>`, "" for the default provider). */
  readonly provider: string;
  /** Whether a provider manages it (false for components). */
  readonly custom: boolean;
  /** Inputs with every output resolved; secrets are shown as `[secret]`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Outputs given to `registerOutputs` (components only). */
  outputs?: Readonly<Record<string, unknown>>;
}

/** Options of {@link installMocks}. */
export interface MockOptions {
  /** @default "project" */
  readonly project?: string;
  /** @default "stack" */
  readonly stack?: string;
  /** Configuration, with full keys (`iris-scoring:namespace`, `kubernetes:context`). */
  readonly config?: Readonly<Record<string, string>>;
}

/** What {@link installMocks} returns: the registrations so far, and a way to wait for the rest. */
export interface MockRun {
  /** Every registration, in the order they reached the (mock) engine. */
  readonly resources: RecordedResource[];
  /** Resolves when no registration is outstanding. */
  settled(): Promise<void>;
}

const SECRET = "[secret]";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET;
    return Object.fromEntries(
      Object.entries(record)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, unwrapSecrets(member)]),
    );
  }
  return value;
}

/**
 * A stand-in for the digest of a docker build, computed from the build's inputs and the files of
 * its context: it changes when the sources change, as a real digest would, but it is NOT the
 * digest Docker will produce.
 */
export function mockImageDigest(inputs: Record<string, unknown>): string {
  const hash = createHash("sha256").update(JSON.stringify(inputs));
  const context = (inputs.build as { context?: string } | undefined)?.context;
  if (context && fs.existsSync(context)) {
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(file);
        } else if (entry.isFile()) {
          hash.update(path.relative(context, file)).update(fs.readFileSync(file));
        }
      }
    };
    walk(context);
  }
  return `sha256:${hash.digest("hex")}`;
}

function mockState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type === "docker:index/image:Image") {
    const imageName = String(inputs.imageName ?? "");
    const repository = imageName.replace(/(?<=[^/]+):[^:/@]+$/, "");
    return { ...inputs, baseImageName: imageName, repoDigest: `${repository}@${mockImageDigest(inputs)}` };
  }
  return inputs;
}

/** Kinds without a namespace, which a provider's `namespace` leaves alone. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "RuntimeClass",
  "PriorityClass",
  "StorageClass",
  "PersistentVolume",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "GatewayClass",
]);

/**
 * A Kubernetes provider with a `namespace` puts every namespaced object that has none in it
 * (pulumi-kubernetes provider/pkg/provider/provider.go, `Check`): the state shows it.
 */
function withProviderNamespace(state: Record<string, unknown>, namespace: string | undefined): Record<string, unknown> {
  const metadata = state.metadata as { namespace?: string } | undefined;
  if (namespace === undefined || !metadata || metadata.namespace !== undefined || typeof state.kind !== "string" || CLUSTER_SCOPED.has(state.kind))
    return state;
  return { ...state, metadata: { ...metadata, namespace } };
}

interface RequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getProvider(): string;
  getCustom(): boolean;
  getObject(): unknown;
}

interface MonitorLike {
  registerResource(req: RequestLike, callback: (err: unknown, response?: { getUrn(): string }) => void): Promise<void>;
  registerResourceOutputs(req: { getUrn(): string; getOutputs(): unknown }, callback: (err: unknown, response?: unknown) => void): void;
}

/**
 * Runs Pulumi against an in-process mock engine (`pulumi.runtime.setMocks`) and records every
 * registration with what the engine would see: parent, dependencies, provider, resolved inputs.
 * Kubernetes resources "exist" with their inputs as state; a docker `Image` gets a `repoDigest`
 * from {@link mockImageDigest}. Call before creating resources (the runtime is process-global).
 */
export function installMocks(options: MockOptions = {}): MockRun {
  if (options.config) pulumi.runtime.setAllConfig({ ...options.config });
  const providerNamespaces = new Map<string, string>();
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const id = args.custom ? `${args.name}-id` : undefined;
        const inputs = args.inputs as Record<string, unknown>;
        if (args.type === "pulumi:providers:kubernetes" && typeof inputs.namespace === "string") providerNamespaces.set(`${args.name}-id`, inputs.namespace);
        const providerNamespace = args.provider ? providerNamespaces.get(args.provider.slice(args.provider.lastIndexOf("::") + 2)) : undefined;
        return { id, state: withProviderNamespace(mockState(args.type, inputs), providerNamespace) };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    options.project ?? "project",
    options.stack ?? "stack",
    true,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const resources: RecordedResource[] = [];
  const byUrn = new Map<string, RecordedResource>();
  let pending = 0;
  let idle: Array<() => void> = [];
  const done = () => {
    pending--;
    if (pending === 0) {
      // Let follow-up registrations (children created once a parent's URN resolves) start first.
      setTimeout(() => {
        if (pending === 0) {
          const waiting = idle;
          idle = [];
          waiting.forEach((resolve) => resolve());
        }
      }, 20);
    }
  };

  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    pending++;
    const base = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: [...req.getDependenciesList()],
      provider: req.getProvider(),
      custom: req.getCustom(),
      inputs: unwrapSecrets(pulumi.runtime.deserializeProperties(req.getObject() as never)) as Record<string, unknown>,
    };
    return register(req, (err, response) => {
      if (!err && response) {
        const record: RecordedResource = { urn: response.getUrn(), ...base };
        resources.push(record);
        byUrn.set(record.urn, record);
      }
      try {
        callback(err, response);
      } finally {
        done();
      }
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    const record = byUrn.get(req.getUrn());
    if (record) record.outputs = unwrapSecrets(pulumi.runtime.deserializeProperties(req.getOutputs() as never)) as Record<string, unknown>;
    registerOutputs(req, callback);
  };

  const quiet = () =>
    new Promise<void>((resolve) => {
      idle.push(resolve);
      if (pending === 0) {
        pending++;
        done();
      }
    });
  return {
    resources,
    // The SDK keeps an RPC open from a resource's constructor until its registration is sent,
    // so waiting for it covers registrations still waiting on inputs (e.g. a build's digest).
    settled: async () => {
      await waitForRPCs();
      await quiet();
      await waitForRPCs();
    },
  };
}
