import * as pulumi from "@pulumi/pulumi";
import { resolveLabProject, type LabProjectProps, type LabProjectSpec, type LabServiceProps, type LabTokenProps } from "../model/lab";
import { renderLabProject } from "../render/lab-project";
import type { KubeObject } from "../render/types";
import { serviceAwaitSeconds, withAwaitTimeouts } from "./await";
import { dependsOnOf, emitObjects, mergeDependsOn } from "./emit";
import { LAB_AUTH_KINDS, LAB_ROUTE_KINDS } from "../render/ingress";
import { buildImage, type ImageBuildProps } from "./image-build";
import { componentInputs, RenderedComponent } from "./base";
import { isPropsObject } from "../model/props";
import { plainWorkload, type WorkloadArgs } from "./workload-args";

/** A project service, where the image and Secret names may be Pulumi inputs, with optional `build`. */
export type LabServiceArgs = Omit<LabServiceProps, "image" | "env" | "imagePullSecrets"> & WorkloadArgs;

/** LabProject props for Pulumi: the cdk8s props, where services and the token Secret name may be inputs. */
export interface LabProjectArgs extends Omit<LabProjectProps, "services" | "token"> {
  readonly services?: readonly LabServiceArgs[];
  /** The project token, by reference; `secretName` may be an input (e.g. a Secret this stack creates). */
  readonly token?: Omit<LabTokenProps, "secretName"> & { readonly secretName?: pulumi.Input<string> };
  /**
   * `pulumi.com/timeoutSeconds` on each service's Deployment, as on a ModelService's
   * ((maxStartupSeconds + model.downloadSeconds) per rollout wave + 120 s, see
   * `serviceAwaitSeconds`); `false` leaves Pulumi's default (10 minutes).
   * @default true
   */
  readonly awaitTimeouts?: boolean;
}

/** Resolved attributes of one project service (outputs of {@link LabProject}). */
export interface LabServiceOutputs {
  readonly serviceName: string;
  /** In-cluster host name (Orchest's `internal_hostname`). */
  readonly internalHostname: string;
  /** `http://<internalHostname>:<port>` of the primary port. */
  readonly url: string;
  /**
   * External base path of the service (`/api/projects/<p>/services/<s>/<port>/`, also
   * `LAB_SERVICE_PATH`): the primary port's when routed, else the first exposed port's; absent
   * when the service is not routed.
   */
  readonly path?: string;
}

/**
 * An ML Lab / Orchest project as Pulumi resources: the same Namespace, quota, RBAC, network
 * policies, services and authenticated routes as the cdk8s `LabProject`, each object a typed
 * child (Gateway API, Envoy Gateway and Istio objects as `CustomResource`s). Objects in the
 * project's namespace wait for the Namespace.
 */
export class LabProject extends RenderedComponent<LabProjectSpec> {
  /** The Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** The project's namespace. */
  readonly namespace: pulumi.Output<string>;
  /** Each service's attributes, by service name. */
  readonly services: pulumi.Output<Record<string, LabServiceOutputs>>;

  constructor(name: string, args: LabProjectArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const { ref, args: given, deferred } = componentInputs("LabProject", name, args, resolveLabProject);
    const { awaitTimeouts = true, services: serviceArgs, token, ...rest } = given;
    const builds: Array<{ readonly service: string; readonly build: ImageBuildProps; readonly standIn: string }> = [];
    // Anything but a list (and a token that is no object) is left to the core's validation.
    const services: unknown = !Array.isArray(serviceArgs)
      ? serviceArgs
      : serviceArgs.map((service: LabServiceArgs, index: number) => {
          if (service === null || typeof service !== "object") return service; // left to the core's validation
          const plain = plainWorkload<LabServiceArgs, LabServiceProps>("LabProject", ref.name, service, deferred, `services[${index}].`);
          if (service.build && plain.buildStandIn) builds.push({ service: String(service.name), build: service.build, standIn: plain.buildStandIn });
          return plain.props;
        });
    const props = {
      ...rest,
      ...(services !== undefined ? { services } : {}),
      ...(token !== undefined && !isPropsObject(token) ? { token } : {}),
      ...(isPropsObject(token)
        ? { token: { ...token, secretName: token.secretName === undefined ? undefined : deferred.name(token.secretName) } as LabTokenProps }
        : {}),
    } as LabProjectProps;
    const spec = resolveLabProject(props, ref);
    const objects = renderLabProject(spec, ref);

    super("LabProject", name, { spec, objects }, opts);
    for (const warning of spec.warnings) void pulumi.log.warn(`LabProject '${spec.name}': ${warning}`, this);
    for (const { service, build, standIn } of builds) deferred.provide(standIn, buildImage(`${name}-${service}-image`, build, this).repoDigest);

    const timed = withAwaitTimeouts(objects, (object) => {
      if (!awaitTimeouts) return undefined;
      for (const { service } of spec.services) {
        const seconds = serviceAwaitSeconds(object, service);
        if (seconds !== undefined) return seconds;
      }
      return undefined;
    });
    // Routes wait for every token check of the project (and their Namespace): a route must never
    // be live while its policy failed to apply, e.g. because the policy CRD is missing.
    const substituted = deferred.substitute(timed);
    const isRoute = (object: KubeObject) => LAB_ROUTE_KINDS.includes(object.kind);
    const resources = emitObjects(
      this,
      substituted.filter((object) => !isRoute(object)),
      { dependsOn: dependsOnOf(opts) },
    );
    const guards = [...resources]
      .filter(([id]) => LAB_AUTH_KINDS.includes(id.slice(0, id.indexOf("/"))) || id.startsWith("Namespace/"))
      .map(([, resource]) => resource);
    const routes = emitObjects(this, substituted.filter(isRoute), { dependsOn: mergeDependsOn(dependsOnOf(opts), ...guards) });
    this.resources = new Map([...resources, ...routes]);

    this.namespace = pulumi.output(spec.namespace);
    const attributes: Record<string, LabServiceOutputs> = {};
    for (const service of spec.services) {
      attributes[service.name] = {
        serviceName: service.service.name,
        internalHostname: service.service.host,
        url: service.service.url,
        ...(service.path !== undefined ? { path: service.path } : {}),
      };
    }
    this.services = pulumi.output(attributes);
    this.registerOutputs({ namespace: this.namespace, services: this.services });
  }
}
