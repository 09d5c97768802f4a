import type { Finding, PolicyCheck } from "./types";
import { list, obj, type ContainerView, type PodView } from "./pods";

// Pod Security Standards, "restricted" profile, one check per control.
// @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted

function eachContainer(pods: readonly PodView[], test: (pod: PodView, c: ContainerView) => Omit<Finding, "object"> | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const pod of pods) {
    for (const c of pod.containers) {
      const found = test(pod, c);
      if (found) findings.push({ object: pod.owner, ...found });
    }
  }
  return findings;
}

function eachPod(pods: readonly PodView[], test: (pod: PodView) => Omit<Finding, "object"> | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const pod of pods) {
    const found = test(pod);
    if (found) findings.push({ object: pod.owner, ...found });
  }
  return findings;
}

const containerSecurity = (c: ContainerView) => obj(c.container.securityContext);
const podSecurity = (pod: PodView) => obj(pod.spec.securityContext);
const name = (c: ContainerView) => `container '${String(c.container.name ?? "?")}'`;

export const runAsNonRoot: PolicyCheck = {
  name: "run-as-non-root",
  severity: "error",
  source: "kube-linter",
  summary: "Containers run with runAsNonRoot: true (pod or container level) and never as UID 0.",
  run: (set) =>
    eachContainer(set.pods, (pod, c) => {
      const nonRoot = containerSecurity(c).runAsNonRoot ?? podSecurity(pod).runAsNonRoot;
      const user = containerSecurity(c).runAsUser ?? podSecurity(pod).runAsUser;
      if (user === 0) {
        return {
          path: `${c.path}.securityContext.runAsUser`,
          message: `${name(c)} runs as root (runAsUser: 0)`,
          fix: "run as a non-zero UID (security.runAsUser) that the image's files allow.",
        };
      }
      if (nonRoot !== true) {
        return {
          path: `${pod.path}.securityContext.runAsNonRoot`,
          message: `${name(c)} may run as root: runAsNonRoot is not true`,
          fix: "set securityContext.runAsNonRoot: true (modelship's default; security.runAsNonRoot) and give the image a numeric non-root USER.",
        };
      }
      return undefined;
    }),
};

export const privilegeEscalation: PolicyCheck = {
  name: "privilege-escalation-container",
  severity: "error",
  source: "kube-linter",
  summary: "Every container sets allowPrivilegeEscalation: false.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) =>
      containerSecurity(c).allowPrivilegeEscalation === false
        ? undefined
        : {
            path: `${c.path}.securityContext.allowPrivilegeEscalation`,
            message: `${name(c)} allows privilege escalation (setuid binaries can gain root)`,
            fix: "set securityContext.allowPrivilegeEscalation: false (modelship's default).",
          },
    ),
};

export const privilegedContainer: PolicyCheck = {
  name: "privileged-container",
  severity: "error",
  source: "kube-linter",
  summary: "No container runs privileged.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) =>
      containerSecurity(c).privileged === true
        ? {
            path: `${c.path}.securityContext.privileged`,
            message: `${name(c)} is privileged: it has every capability of the host`,
            fix: "remove privileged: true; grant only the capability it needs.",
          }
        : undefined,
    ),
};

export const dropAllCapabilities: PolicyCheck = {
  name: "drop-all-capabilities",
  severity: "error",
  source: "Pod Security Standards (restricted); Polaris insecureCapabilities",
  summary: "Every container drops ALL capabilities and adds none but NET_BIND_SERVICE.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) => {
      const caps = obj(containerSecurity(c).capabilities);
      const added = list(caps.add)
        .map(String)
        .filter((cap) => cap !== "NET_BIND_SERVICE");
      if (added.length > 0) {
        return {
          path: `${c.path}.securityContext.capabilities.add`,
          message: `${name(c)} adds capabilities ${added.join(", ")}`,
          fix: "remove them; only NET_BIND_SERVICE may be added under the restricted profile.",
        };
      }
      if (!list(caps.drop).includes("ALL")) {
        return {
          path: `${c.path}.securityContext.capabilities.drop`,
          message: `${name(c)} does not drop ALL capabilities`,
          fix: "set securityContext.capabilities.drop: [ALL] (modelship's default; security.dropAllCapabilities).",
        };
      }
      return undefined;
    }),
};

export const seccompProfile: PolicyCheck = {
  name: "container-seccomp-profile",
  severity: "error",
  source: "kube-score",
  summary: "Every container runs under the RuntimeDefault or a Localhost seccomp profile.",
  run: (set) =>
    eachContainer(set.pods, (pod, c) => {
      const type = obj(containerSecurity(c).seccompProfile).type ?? obj(podSecurity(pod).seccompProfile).type;
      return type === "RuntimeDefault" || type === "Localhost"
        ? undefined
        : {
            path: `${pod.path}.securityContext.seccompProfile`,
            message: `${name(c)} has ${type === undefined ? "no seccomp profile" : `seccomp profile ${String(type)}`}`,
            fix: "set securityContext.seccompProfile.type: RuntimeDefault (modelship's default; security.seccompProfile).",
          };
    }),
};

function hostNamespace(field: "hostNetwork" | "hostPID" | "hostIPC", checkName: string, what: string): PolicyCheck {
  return {
    name: checkName,
    severity: "error",
    source: "kube-linter",
    summary: `Pods do not share the host's ${what} (${field}).`,
    run: (set) =>
      eachPod(set.pods, (pod) =>
        pod.spec[field] === true ? { path: `${pod.path}.${field}`, message: `the pod shares the host's ${what}`, fix: `remove ${field}: true.` } : undefined,
      ),
  };
}

export const hostNetwork = hostNamespace("hostNetwork", "host-network", "network namespace");
export const hostPid = hostNamespace("hostPID", "host-pid", "process namespace");
export const hostIpc = hostNamespace("hostIPC", "host-ipc", "IPC namespace");

export const hostPort: PolicyCheck = {
  name: "hostPortSet",
  severity: "error",
  source: "Polaris",
  summary: "No container port binds a host port.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) => {
      const index = list(c.container.ports).findIndex((p) => obj(p).hostPort !== undefined && obj(p).hostPort !== 0);
      return index < 0
        ? undefined
        : {
            path: `${c.path}.ports[${index}].hostPort`,
            message: `${name(c)} binds host port ${String(obj(list(c.container.ports)[index]).hostPort)}`,
            fix: "remove hostPort; expose the port through a Service.",
          };
    }),
};

export const hostPath: PolicyCheck = {
  name: "host-path-volume",
  severity: "error",
  source: "Pod Security Standards (baseline: HostPath Volumes)",
  summary: "Pods mount no hostPath volumes.",
  run: (set) =>
    eachPod(set.pods, (pod) => {
      const index = list(pod.spec.volumes).findIndex((v) => obj(v).hostPath !== undefined);
      return index < 0
        ? undefined
        : {
            path: `${pod.path}.volumes[${index}].hostPath`,
            message: `volume '${String(obj(list(pod.spec.volumes)[index]).name)}' mounts a path of the node`,
            fix: "use a PersistentVolumeClaim or an emptyDir instead.",
          };
    }),
};

export const readOnlyRootFs: PolicyCheck = {
  name: "no-read-only-root-fs",
  severity: "warning",
  source: "kube-linter",
  summary: "Containers mount their root filesystem read-only (with an emptyDir at /tmp).",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) =>
      containerSecurity(c).readOnlyRootFilesystem === true
        ? undefined
        : {
            path: `${c.path}.securityContext.readOnlyRootFilesystem`,
            message: `${name(c)} can write to its root filesystem`,
            fix: "set readOnlyRootFilesystem: true (modelship's default) and write to /tmp or a volume.",
          },
    ),
};

export const automountToken: PolicyCheck = {
  name: "automountServiceAccountToken",
  severity: "warning",
  source: "Polaris",
  summary: "Pods that need no Kubernetes API access do not mount a ServiceAccount token (Argo pods excepted: their executor needs it).",
  run: (set) => {
    const accounts = new Map(set.ofKind("ServiceAccount").map((sa) => [`${sa.metadata.namespace ?? ""}/${sa.metadata.name}`, sa]));
    return eachPod(set.pods, (pod) => {
      if (pod.argo || pod.spec.automountServiceAccountToken === false) return undefined;
      if (pod.spec.automountServiceAccountToken === undefined) {
        const account = accounts.get(`${pod.owner.metadata.namespace ?? ""}/${String(pod.spec.serviceAccountName ?? "default")}`);
        if (account?.automountServiceAccountToken === false) return undefined;
      }
      return {
        path: `${pod.path}.automountServiceAccountToken`,
        message: "the pod mounts a ServiceAccount token",
        fix: "set automountServiceAccountToken: false (modelship's default) unless the pod calls the Kubernetes API.",
      };
    });
  },
};

export const podSecurityChecks: readonly PolicyCheck[] = [
  runAsNonRoot,
  privilegeEscalation,
  privilegedContainer,
  dropAllCapabilities,
  seccompProfile,
  hostNetwork,
  hostPid,
  hostIpc,
  hostPort,
  hostPath,
  readOnlyRootFs,
  automountToken,
];
