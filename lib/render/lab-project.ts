import type { ConstructRef } from "../model/validate";
import type { LabProjectSpec, LabRuleSpec, LabServiceSpec } from "../model/lab";
import { objectName, recommendedLabels, selectorLabels } from "../model/names";
import { AUTH_SYNC_WAVE, LAB_AUTH_KINDS, LAB_ROUTE_KINDS, labRouteProviders, ROUTE_SYNC_WAVE } from "./ingress";
import { ARGOCD_SYNC_WAVE } from "./workflow";
import { applyPatches } from "./json-patch";
import { renderModelService } from "./model-service";
import { serviceAccountObject } from "./pod";
import { compact, type KubeObject } from "./types";

/** Verbs the deployer has on the kinds it manages: no `*`, no `deletecollection`, no `escalate`/`bind`/`impersonate`. */
export const DEPLOYER_VERBS: readonly string[] = ["get", "list", "watch", "create", "update", "patch", "delete"];
const READ_VERBS = ["get", "list", "watch"];

/**
 * Kinds in the project namespace the deployer must not change: the namespace's guard rails
 * (quota, limits, network policies, RBAC, the token) and Secrets.
 */
const DEPLOYER_GUARD_RAILS: readonly string[] = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "NetworkPolicy",
  "Role",
  "RoleBinding",
  "ExternalSecret",
  "Secret",
];

/** Read-only access the deployer gets to follow a rollout. */
const DEPLOYER_READ: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[] }> = [
  { apiGroup: "", resources: ["events", "pods", "pods/log"] },
  { apiGroup: "apps", resources: ["replicasets"] },
];

/**
 * The resource of a kind, as the API server's REST mapper guesses it when discovery has none: the
 * kind lowercased, `…s` → `…ses`, `…y` → `…ies`, else `…s`. Every kind a project renders follows it
 * (a CRD's own plural is checked against it in the tests).
 * @see https://github.com/kubernetes/kubernetes/blob/b0b711119b48854e0b73805e42be2bcc4b2bd604/staging/src/k8s.io/apimachinery/pkg/api/meta/restmapper.go (UnsafeGuessKindToResource)
 */
function kindResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular.endsWith("endpoints")) return singular;
  if (singular.endsWith("s")) return `${singular}es`;
  if (singular.endsWith("y")) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/**
 * Rules of the deployer Role: every kind the project renders into its namespace (its services,
 * their routes and token checks, the files claim), taken from the rendered objects themselves so a
 * kind a service gains is covered with nothing more to list, never the {@link DEPLOYER_GUARD_RAILS}
 * nor anything outside the namespace; plus read access to follow a rollout.
 */
export function deployerRules(spec: LabProjectSpec, objects: readonly KubeObject[]): LabRuleSpec[] {
  const groups = new Map<string, Set<string>>();
  for (const object of objects) {
    if (object.metadata.namespace !== spec.namespace || DEPLOYER_GUARD_RAILS.includes(object.kind)) continue;
    const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
    groups.set(group, (groups.get(group) ?? new Set()).add(kindResource(object.kind)));
  }
  const managed = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: [...DEPLOYER_VERBS] }));
  return [...managed, ...DEPLOYER_READ.map((entry) => ({ apiGroups: [entry.apiGroup], resources: [...entry.resources], verbs: [...READ_VERBS] }))];
}

function projectLabels(spec: LabProjectSpec, component: string): Record<string, string> {
  return { ...spec.labels, ...recommendedLabels({ name: spec.name, instance: spec.name, component, partOf: spec.name }) };
}

function rbacRules(rules: readonly LabRuleSpec[]): Record<string, unknown>[] {
  return rules.map((rule) =>
    compact({
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      resourceNames: rule.resourceNames ? [...rule.resourceNames] : undefined,
    }),
  );
}

/** The namespace's objects; the deployer's Role covers these and the services' `workloads`. */
function renderNamespaceObjects(spec: LabProjectSpec, workloads: readonly KubeObject[]): KubeObject[] {
  const objects: Record<string, unknown>[] = [];
  const labels = projectLabels(spec, "lab-project");
  const metadata = (name: string, component = "lab-project") => ({ name, namespace: spec.namespace, labels: projectLabels(spec, component) });
  if (spec.createNamespace) {
    const podSecurity = spec.podSecurity
      ? {
          "pod-security.kubernetes.io/enforce": spec.podSecurity,
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": spec.podSecurity,
          "pod-security.kubernetes.io/warn-version": "latest",
        }
      : {};
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: spec.namespace, labels: { ...labels, ...podSecurity } } });
  }
  if (spec.quota) {
    objects.push({ apiVersion: "v1", kind: "ResourceQuota", metadata: metadata(spec.name), spec: { hard: { ...spec.quota } } });
  }
  if (spec.limitRange) {
    const limits = spec.limitRange;
    objects.push({
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: metadata(spec.name),
      spec: {
        limits: [
          compact({
            type: "Container",
            defaultRequest: { ...limits.defaultRequest },
            default: { ...limits.default },
            max: limits.max ? { ...limits.max } : undefined,
          }),
        ],
      },
    });
  }
  const token = spec.token;
  if (token.externalSecret) {
    const external = token.externalSecret;
    objects.push(
      compact({
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: metadata(token.secretName, "project-token"),
        spec: {
          refreshInterval: external.refreshInterval,
          secretStoreRef: { name: external.store, kind: external.storeKind },
          target: {
            name: token.secretName,
            creationPolicy: "Owner",
            // The token only: Envoy's api_key_auth strips "Bearer " from the header itself, and
            // every key of this Secret would be an accepted credential.
            template: { data: { [token.key]: "{{ .token }}" } },
          },
          data: [{ secretKey: "token", remoteRef: { key: external.remoteKey, property: external.remoteProperty } }],
        },
      }),
    );
  }
  const files = spec.storage
    ? (compact({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: metadata(spec.storage.claimName, "project-files"),
        spec: {
          accessModes: [spec.storage.accessMode],
          storageClassName: spec.storage.storageClassName,
          resources: { requests: { storage: spec.storage.size } },
        },
      }) as KubeObject)
    : undefined;
  if (spec.deployer) {
    const deployer = spec.deployer;
    const deployerMeta = () => metadata(deployer.name, "deployer");
    objects.push(serviceAccountObject(deployerMeta(), false));
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: deployerMeta(),
      rules: rbacRules(deployerRules(spec, files ? [files, ...workloads] : workloads)),
    });
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: deployerMeta(),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: deployer.name },
      subjects: [
        { kind: "ServiceAccount", name: deployer.name, namespace: spec.namespace },
        ...deployer.subjects.map((subject) => ({ kind: subject.kind, name: subject.name, apiGroup: "rbac.authorization.k8s.io" })),
      ],
    });
  }
  objects.push(...renderNetworkPolicies(spec));
  if (files) objects.push(files as unknown as Record<string, unknown>);
  return objects as unknown as KubeObject[];
}

/**
 * The pods of a service a policy must admit: the stable pods and, with a canary, the canary's
 * (other selector labels, the same ports and ServiceAccount), so both are reachable from exactly
 * the same peers.
 */
function podGroups(service: LabServiceSpec): Array<{ readonly name: string; readonly labels: LabServiceSpec["service"]["labels"] }> {
  const canary = service.service.canary?.service;
  return [{ name: service.name, labels: service.service.labels }, ...(canary ? [{ name: canary.name, labels: canary.labels }] : [])];
}

const namespaceSelector = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

/** Default deny, DNS, within-project, proxy-to-exposed-ports, API server (for grants) and extra egress policies. */
export function renderNetworkPolicies(spec: LabProjectSpec): KubeObject[] {
  const policy = spec.networkPolicy;
  if (!policy) return [];
  const metadata = (name: string) => ({ name, namespace: spec.namespace, labels: projectLabels(spec, "network-policy") });
  const objects: Record<string, unknown>[] = [];
  if (policy.defaultDeny) {
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
  }
  if (policy.dns) {
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ...namespaceSelector(policy.dns.namespace), podSelector: { matchLabels: { ...policy.dns.podLabels } } }],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    });
  }
  if (policy.allowWithinProject) {
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("allow-within-project"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
    });
  }
  const ingress = spec.ingress;
  if (policy.allowFromProxy && ingress) {
    for (const service of spec.services.filter((s) => s.exposedPorts.length > 0)) {
      for (const pods of podGroups(service)) {
        objects.push({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: metadata(objectName(["allow-proxy", pods.name])),
          spec: {
            podSelector: { matchLabels: selectorLabels(pods.labels) },
            policyTypes: ["Ingress"],
            // namespaceSelector AND podSelector in one peer: the proxy pods, not their whole namespace.
            ingress: [
              {
                from: [{ ...namespaceSelector(ingress.proxyNamespace), podSelector: { matchLabels: { ...ingress.proxyPodLabels } } }],
                ports: service.exposedPorts.map((p) => ({ protocol: "TCP", port: p.port })),
              },
            ],
          },
        });
      }
    }
  }
  if (policy.metricsScraper) {
    const scraper = policy.metricsScraper;
    for (const service of spec.services.filter((s) => s.service.metrics !== undefined)) {
      for (const pods of podGroups(service)) {
        objects.push({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: metadata(objectName(["allow-metrics", pods.name])),
          spec: {
            podSelector: { matchLabels: selectorLabels(pods.labels) },
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: [{ ...namespaceSelector(scraper.namespace), podSelector: { matchLabels: { ...scraper.podLabels } } }],
                ports: [{ protocol: "TCP", port: service.service.metrics!.port }],
              },
            ],
          },
        });
      }
    }
  }
  if (policy.apiServer) {
    const apiServer = policy.apiServer;
    // Only the services that were granted API access may reach the API server.
    for (const service of spec.services.filter((s) => s.grants.length > 0)) {
      for (const pods of podGroups(service)) {
        objects.push({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: metadata(objectName(["allow-api-server", pods.name])),
          spec: {
            podSelector: { matchLabels: selectorLabels(pods.labels) },
            policyTypes: ["Egress"],
            egress: [{ to: apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: apiServer.ports.map((port) => ({ protocol: "TCP", port })) }],
          },
        });
      }
    }
  }
  const egress = policy.egress.map((rule) =>
    compact({
      to: [{ ipBlock: compact({ cidr: rule.cidr, except: rule.except ? [...rule.except] : undefined }) }],
      ports: rule.ports?.map((port) => ({ protocol: "TCP", port })),
    }),
  );
  if (egress.length) {
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: metadata("allow-egress"),
      spec: { podSelector: {}, policyTypes: ["Egress"], egress },
    });
  }
  return objects as unknown as KubeObject[];
}

function renderGrants(spec: LabProjectSpec, service: LabServiceSpec, labels: Record<string, string>): KubeObject[] {
  if (!service.grants.length) return [];
  const name = objectName([service.name, "api-reader"]);
  const metadata = { name, namespace: spec.namespace, labels };
  return [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata, rules: rbacRules(service.grants) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name: service.service.workload.serviceAccount.name, namespace: spec.namespace }],
    },
  ];
}

/** Argo CD applies token checks before routes, so a route is never live without its check. */
function withSyncWave(object: KubeObject): KubeObject {
  const wave = LAB_AUTH_KINDS.includes(object.kind) ? AUTH_SYNC_WAVE : LAB_ROUTE_KINDS.includes(object.kind) ? ROUTE_SYNC_WAVE : undefined;
  if (wave === undefined) return object;
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [ARGOCD_SYNC_WAVE]: wave } } };
}

/**
 * Renders a resolved LabProject into plain objects, in apply order: Namespace, ResourceQuota,
 * LimitRange, token ExternalSecret, deployer ServiceAccount/Role/RoleBinding, NetworkPolicies,
 * the project files PVC, then per service its ModelService objects, its API grants, its token
 * checks and then its route (Argo CD sync waves 1 and 2). Pure; escape-hatch patches are applied last.
 */
export function renderLabProject(spec: LabProjectSpec, ref: ConstructRef = { name: spec.name }): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const service of spec.services) {
    objects.push(...renderModelService(service.service, { name: service.name, path: ref.path }));
    const labels = { ...recommendedLabels(service.service.labels), ...service.service.workload.labels };
    objects.push(...renderGrants(spec, service, labels));
    if (spec.ingress && service.exposedPorts.length > 0) {
      const rendered = labRouteProviders[spec.ingress.provider].renderService({
        project: spec,
        service,
        ingress: spec.ingress,
        labels,
        selector: selectorLabels(service.service.labels),
      });
      objects.push(...rendered.map(withSyncWave));
    }
  }
  return applyPatches([...renderNamespaceObjects(spec, objects), ...objects], spec.patches, { kind: "LabProject", ...ref });
}
