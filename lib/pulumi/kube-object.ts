import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/**
 * API groups of the built-in kinds, mapped to the @pulumi/kubernetes module that holds their
 * typed classes (`apps/v1` -> `k8s.apps.v1`). Kinds of any other group are custom resources.
 */
const GROUP_MODULES: Readonly<Record<string, string>> = {
  "": "core",
  apps: "apps",
  batch: "batch",
  policy: "policy",
  autoscaling: "autoscaling",
  "rbac.authorization.k8s.io": "rbac",
  "networking.k8s.io": "networking",
  "storage.k8s.io": "storage",
  "scheduling.k8s.io": "scheduling",
  "coordination.k8s.io": "coordination",
  "discovery.k8s.io": "discovery",
  "node.k8s.io": "node",
  "admissionregistration.k8s.io": "admissionregistration",
  "apiextensions.k8s.io": "apiextensions",
  "certificates.k8s.io": "certificates",
  "events.k8s.io": "events",
  "flowcontrol.apiserver.k8s.io": "flowcontrol",
  "resource.k8s.io": "resource",
};

/** A typed `@pulumi/kubernetes` resource class (e.g. `k8s.apps.v1.Deployment`). */
export type KubeResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The typed @pulumi/kubernetes class for an apiVersion/kind (`apps/v1` `Deployment` ->
 * `k8s.apps.v1.Deployment`), or undefined when the kind is not built in (then it is a custom
 * resource).
 */
export function kubeResourceClass(apiVersion: string, kind: string): KubeResourceClass | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const moduleName = GROUP_MODULES[group];
  if (moduleName === undefined) return undefined;
  const versions = (k8s as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>)[moduleName];
  const candidate = versions?.[version]?.[kind];
  return typeof candidate === "function" ? (candidate as KubeResourceClass) : undefined;
}

/**
 * The logical (Pulumi) name of an object: `namespace/name`, or `name` for cluster-scoped and
 * provider-namespaced objects, the convention of @pulumi/kubernetes' own YAML support. Together
 * with the type in the URN it is unique exactly when the Kubernetes identity is.
 */
export function logicalName(object: { readonly metadata: { readonly name: string; readonly namespace?: string } }): string {
  const { name, namespace } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** A rendered object whose fields may hold Pulumi inputs (see `DeferredInputs`). */
export type KubeObjectInput = { readonly [key: string]: pulumi.Input<unknown> } & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: pulumi.Input<unknown> };
};

/**
 * Creates one typed @pulumi/kubernetes resource for one rendered object: `k8s.apps.v1.Deployment`
 * for a Deployment, `k8s.apiextensions.CustomResource` for custom resources. The object is passed
 * as it is: `metadata.name` is always set by the render, so Pulumi does not auto-name (the
 * names are the same as in cdk8s YAML). `opts` should carry `{ parent }`; the provider is then
 * inherited from the parent component.
 */
export function createKubeResource(object: KubeObjectInput, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = logicalName(object);
  const Typed = kubeResourceClass(object.apiVersion, object.kind);
  if (Typed) {
    const { apiVersion: _apiVersion, kind: _kind, ...args } = object;
    return new Typed(name, args, opts);
  }
  return new k8s.apiextensions.CustomResource(name, object as unknown as k8s.apiextensions.CustomResourceArgs, opts);
}
