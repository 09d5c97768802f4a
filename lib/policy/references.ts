import type { KubeObject } from "../render/types";
import { isObject, list, namespaceOf, obj, selects, stringMap } from "./pods";
import type { Finding, ObjectSet, PolicyCheck } from "./types";

export const serviceTargetsPod: PolicyCheck = {
  name: "service-targets-pod",
  severity: "error",
  source: "kube-score (kube-linter dangling-service)",
  summary: "A Service's selector matches the pod labels of a workload in its namespace, and its named targetPorts are ports those pods declare.",
  run: (set) => {
    const findings: Finding[] = [];
    for (const service of set.ofKind("Service")) {
      const spec = obj(service.spec);
      const selector = stringMap(spec.selector);
      if (spec.type === "ExternalName" || Object.keys(selector).length === 0) continue;
      const pods = set.pods.filter((pod) => namespaceOf(pod.owner) === namespaceOf(service) && selects(selector, pod.labels));
      if (pods.length === 0) {
        findings.push({
          object: service,
          path: "spec.selector",
          message: `selector ${JSON.stringify(selector)} matches no pod template in namespace '${namespaceOf(service) || "(default)"}'`,
          fix: "select the workload's stable labels (app.kubernetes.io/name and instance), or add the workload.",
        });
        continue;
      }
      list(spec.ports).forEach((raw, index) => {
        const target = obj(raw).targetPort;
        if (typeof target !== "string") return;
        const declared = pods.some((pod) => pod.containers.some((c) => list(c.container.ports).some((p) => obj(p).name === target)));
        if (!declared) {
          findings.push({
            object: service,
            path: `spec.ports[${index}].targetPort`,
            message: `targetPort '${target}' is not a port name the selected pods declare`,
            fix: "use a containerPort name of the workload, or its number.",
          });
        }
      });
    }
    return findings;
  },
};

function servicePorts(set: ObjectSet, namespace: string, name: string): Array<Record<string, unknown>> | undefined {
  const service = set.ofKind("Service").find((s) => s.metadata.name === name && namespaceOf(s) === namespace);
  return service ? list(obj(service.spec).ports).map(obj) : undefined;
}

function backendFinding(route: KubeObject, path: string, set: ObjectSet, namespace: string, name: unknown, port: unknown): Finding | undefined {
  if (typeof name !== "string") return { object: route, path, message: "backend names no Service", fix: "name the Service to route to." };
  const ports = servicePorts(set, namespace, name);
  const where = namespace ? `${namespace}/${name}` : name;
  if (!ports)
    return {
      object: route,
      path,
      message: `routes to Service '${where}', which is not among the objects`,
      fix: "create the Service, or point the route at an existing one.",
    };
  if (port === undefined) return undefined;
  const found = typeof port === "number" ? ports.some((p) => p.port === port) : ports.some((p) => p.name === port);
  if (found) return undefined;
  return {
    object: route,
    path: `${path}.port`,
    message: `routes to port ${JSON.stringify(port)} of Service '${where}', which has ports ${ports.map((p) => `${String(p.name ?? "")}:${String(p.port)}`).join(", ") || "none"}`,
    fix: "use one of the Service's ports.",
  };
}

const ROUTES = ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"];

export const routeTargetsService: PolicyCheck = {
  name: "httproute-targets-service",
  severity: "error",
  source: "modelship (after kube-score ingress-targets-service)",
  summary: "Every Gateway API route backendRef of kind Service names a Service in the set and one of its ports.",
  run: (set) => {
    const findings: Finding[] = [];
    for (const route of set.objects.filter((o) => ROUTES.includes(o.kind) && o.apiVersion.startsWith("gateway.networking.k8s.io/"))) {
      list(obj(route.spec).rules).forEach((rule, r) => {
        list(obj(rule).backendRefs).forEach((raw, b) => {
          const ref = obj(raw);
          if ((ref.group ?? "") !== "" || (ref.kind ?? "Service") !== "Service") return;
          const namespace = typeof ref.namespace === "string" ? ref.namespace : namespaceOf(route);
          const found = backendFinding(route, `spec.rules[${r}].backendRefs[${b}]`, set, namespace, ref.name, ref.port);
          if (found) findings.push(found);
        });
      });
    }
    return findings;
  },
};

export const ingressTargetsService: PolicyCheck = {
  name: "ingress-targets-service",
  severity: "error",
  source: "kube-score",
  summary: "Every Ingress backend names a Service in the set and one of its ports.",
  run: (set) => {
    const findings: Finding[] = [];
    for (const ingress of set.ofKind("Ingress")) {
      const spec = obj(ingress.spec);
      const backends: Array<[string, unknown]> = [];
      if (isObject(spec.defaultBackend)) backends.push(["spec.defaultBackend", spec.defaultBackend]);
      list(spec.rules).forEach((rule, r) =>
        list(obj(obj(rule).http).paths).forEach((p, i) => backends.push([`spec.rules[${r}].http.paths[${i}].backend`, obj(p).backend])),
      );
      for (const [path, backend] of backends) {
        const service = obj(obj(backend).service);
        if (!isObject(obj(backend).service)) continue; // resource backends
        const port = obj(service.port);
        const found = backendFinding(ingress, `${path}.service`, set, namespaceOf(ingress), service.name, port.number ?? port.name);
        if (found) findings.push(found);
      }
    }
    return findings;
  },
};

export const referenceChecks: readonly PolicyCheck[] = [serviceTargetsPod, routeTargetsService, ingressTargetsService];
