import { describe, expect, it } from "vitest";
import { resolveLabProject, type LabProjectProps } from "../../lib/model/lab";
import { checkObjects, formatViolation } from "../../lib/policy";
import { renderLabProject } from "../../lib/render/lab-project";
import type { KubeObject } from "../../lib/render/types";
import { ENVOY_PROXY_PEER, ingressFor } from "../support/lab-fixtures";
import { inventory } from "../support/inventory";
import { expectValidObjects } from "../support/schema-check";

// The smallest project with one exposed service and nothing else set: each default
// docs/lab-project.md ("Defaults", "Authenticated routes", "RBAC") and docs/model-service.md
// promise, checked object by object; the inventory snapshot lists every object and policy finding.

type Obj = Record<string, any>;

const render = (props: LabProjectProps): Obj[] => renderLabProject(resolveLabProject(props, { name: props.name! })) as KubeObject[] as Obj[];
const minimal: LabProjectProps = {
  name: "minimal",
  services: [{ name: "api", image: "registry.example.com/api:1.0.0", port: 8080, exposed: true }],
  ingress: ingressFor("gateway-api"),
};
/** docs/lab-project.md, "RBAC": what the deployer manages, and what it reads to follow a rollout. */
const MANAGE = ["get", "list", "watch", "create", "update", "patch", "delete"];
const READ = ["get", "list", "watch"];

describe("renderLabProject with defaults", () => {
  const objects = render(minimal);
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
  const pod = () => find("Deployment", "api").spec.template.spec;
  const container = () => pod().containers[0];

  it("lists its objects and policy findings; every object is schema-valid and passes the policy checks", async () => {
    await expect(inventory(objects)).toMatchFileSnapshot("__snapshots__/lab-project.defaults.objects.txt");
    expectValidObjects(objects as KubeObject[]);
    expect(
      checkObjects(objects as KubeObject[])
        .filter((v) => v.severity === "error")
        .map(formatViolation),
    ).toEqual([]);
    expect(objects.filter((o) => o.kind !== "Namespace").every((o) => o.metadata.namespace === "minimal")).toBe(true);
  });

  it("creates the namespace, labelled for Pod Security restricted, enforce + warn, version latest", () => {
    const ns = find("Namespace", "minimal");
    expect(ns.metadata.namespace).toBeUndefined();
    expect(Object.fromEntries(Object.entries(ns.metadata.labels).filter(([k]) => k.startsWith("pod-security.kubernetes.io/")))).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
    });
    expect(ns.metadata.labels["lab.modelship.io/project"]).toBe("minimal");
  });

  it("renders no ResourceQuota and no LimitRange; limitRange: true means requests 100m / 256Mi and a memory limit equal to the request", () => {
    expect([all("ResourceQuota"), all("LimitRange")]).toEqual([[], []]);
    const limits = render({ ...minimal, limitRange: true }).filter((o) => o.kind === "LimitRange");
    expect(limits.map((l) => [l.metadata.name, l.spec.limits])).toEqual([
      ["minimal", [{ type: "Container", defaultRequest: { cpu: "100m", memory: "256Mi" }, default: { memory: "256Mi" } }]],
    ]);
  });

  it("takes the token by reference from the existing Secret minimal-token, key token: nothing renders a Secret", () => {
    expect([all("Secret"), all("ExternalSecret")]).toEqual([[], []]);
    const ref = { secretKeyRef: { name: "minimal-token", key: "token" } };
    expect(container().env.find((e: Obj) => e.name === "LAB_API_TOKEN")).toEqual({ name: "LAB_API_TOKEN", valueFrom: ref });
    expect(find("SecurityPolicy", "api-auth").spec.apiKeyAuth.credentialRefs).toEqual([{ group: "", kind: "Secret", name: ref.secretKeyRef.name }]);
  });

  it("denies all traffic but DNS, the project itself and the gateway's proxies to the exposed port", () => {
    expect(all("NetworkPolicy").map((p) => p.metadata.name)).toEqual(["default-deny", "allow-dns", "allow-within-project", "allow-proxy-api"]);
    expect(find("NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(find("NetworkPolicy", "allow-dns").spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    expect(find("NetworkPolicy", "allow-within-project").spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    // one peer: Envoy Gateway's proxy pods of the Gateway eg, in its namespace (namespace AND pod labels)
    expect(find("NetworkPolicy", "allow-proxy-api").spec).toEqual({
      podSelector: { matchLabels: find("Deployment", "api").spec.selector.matchLabels },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [ENVOY_PROXY_PEER],
          ports: [{ protocol: "TCP", port: 8080 }],
        },
      ],
    });
  });

  it("gives the deployer (token not mounted) exactly the kinds rendered here, and read access to follow a rollout", () => {
    expect(find("ServiceAccount", "deployer").automountServiceAccountToken).toBe(false);
    expect(find("Role", "deployer").rules).toEqual([
      { apiGroups: [""], resources: ["serviceaccounts", "services"], verbs: MANAGE },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: MANAGE },
      { apiGroups: ["gateway.envoyproxy.io"], resources: ["securitypolicies"], verbs: MANAGE },
      { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: MANAGE },
      { apiGroups: [""], resources: ["events", "pods", "pods/log"], verbs: READ },
      { apiGroups: ["apps"], resources: ["replicasets"], verbs: READ },
    ]);
    // those are all the kinds rendered but the guard rails, which the deployer must not change
    const guardRails = ["Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "Role", "RoleBinding", "ExternalSecret", "Secret"];
    expect([...new Set(objects.map((o) => o.kind).filter((k) => !guardRails.includes(k)))].sort()).toEqual([
      "Deployment",
      "HTTPRoute",
      "SecurityPolicy",
      "Service",
      "ServiceAccount",
    ]);
    expect(find("RoleBinding", "deployer")).toMatchObject({
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" },
      subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "minimal" }],
    });
  });

  it("routes /api/projects/minimal/services/api/8080 on the https listener of eg, rewritten to /, after the apiKeyAuth check", () => {
    expect(find("SecurityPolicy", "api-auth").spec).toEqual({
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api" }],
      // one source per entry; all three removed before the service
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: "minimal-token" }],
        extractFrom: [{ params: ["lab_token"] }, { headers: ["authorization"] }, { cookies: ["lab_access_token"] }],
        sanitize: true,
      },
    });
    expect(find("HTTPRoute", "api").spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }],
      hostnames: ["lab.example.com"],
      rules: [
        {
          name: "http",
          matches: [{ path: { type: "PathPrefix", value: "/api/projects/minimal/services/api/8080" } }],
          filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }],
          backendRefs: [{ group: "", kind: "Service", name: "api", port: 8080 }],
        },
      ],
    });
    // the check is written before the route: Argo CD sync waves 1 and 2
    const wave = (o: Obj) => o.metadata.annotations["argocd.argoproj.io/sync-wave"];
    expect([wave(find("SecurityPolicy", "api-auth")), wave(find("HTTPRoute", "api"))]).toEqual(["1", "2"]);
    expect(objects.map((o) => o.kind).indexOf("SecurityPolicy")).toBeLessThan(objects.map((o) => o.kind).indexOf("HTTPRoute"));
  });

  it("runs the service with ModelService's defaults and ML Lab's LAB_* variables (no LAB_ENDPOINT without an endpoint)", () => {
    const deployment = find("Deployment", "api");
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } });
    expect(deployment.metadata.labels["app.kubernetes.io/version"]).toBe("1.0.0");
    expect([pod().serviceAccountName, pod().automountServiceAccountToken, pod().enableServiceLinks]).toEqual(["api", false, false]);
    expect(find("ServiceAccount", "api").automountServiceAccountToken).toBe(false);
    expect(pod().securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const c = container();
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
    expect(c.image).toBe("registry.example.com/api:1.0.0");
    expect(c.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    expect(Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value ?? e.valueFrom]))).toEqual({
      LAB_PROJECT: "minimal",
      LAB_API_TOKEN: { secretKeyRef: { name: "minimal-token", key: "token" } },
      LAB_SERVICE_PATH: "/api/projects/minimal/services/api/8080/",
    });
    expect(c.resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } });
    // TCP on the primary port; startup 60 s (period 10 s x 6), readiness 2 s / 3 failures, liveness 20 s, 10 s, 6 failures
    expect(c.startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 });
    // 10 s preStop sleep, grace = sleep + 30 s
    expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(pod().terminationGracePeriodSeconds).toBe(40);
    // the read-only root filesystem leaves /tmp writable through an emptyDir
    expect(c.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
    expect(pod().volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
    // one replica: no PodDisruptionBudget, no spread, no autoscaler
    expect([all("PodDisruptionBudget"), all("HorizontalPodAutoscaler"), pod().topologySpreadConstraints]).toEqual([[], [], undefined]);
    expect(find("Service", "api").spec).toEqual({
      type: "ClusterIP",
      selector: deployment.spec.selector.matchLabels,
      ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }],
    });
  });
});
