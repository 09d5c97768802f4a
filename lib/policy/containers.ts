import { SECRET_LOOKING_NAME } from "../model/env";
import { mutableImageReason } from "../model/image";
import { isZeroQuantity } from "../model/quantity";
import { isObject, list, obj, type ContainerView, type PodView } from "./pods";
import type { Finding, PolicyCheck } from "./types";

function eachContainer(pods: readonly PodView[], test: (pod: PodView, c: ContainerView) => Array<Omit<Finding, "object">>): Finding[] {
  const findings: Finding[] = [];
  for (const pod of pods) for (const c of pod.containers) for (const found of test(pod, c)) findings.push({ object: pod.owner, ...found });
  return findings;
}

const name = (c: ContainerView) => `container '${String(c.container.name ?? "?")}'`;

export const latestTag: PolicyCheck = {
  name: "latest-tag",
  severity: "error",
  source: "kube-linter (kube-score container-image-tag, Polaris tagNotSpecified)",
  summary: "Images are pinned by a version tag or digest, never `:latest` or untagged.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) => {
      const image = c.container.image;
      if (typeof image !== "string") return [{ path: `${c.path}.image`, message: `${name(c)} has no image`, fix: "set a pinned image." }];
      const reason = mutableImageReason(image);
      return reason
        ? [
            {
              path: `${c.path}.image`,
              message: `image '${image}' of ${name(c)} ${reason}`,
              fix: "pin a version tag ('repo/app:1.2.3') or a digest ('repo/app@sha256:...').",
            },
          ]
        : [];
    }),
};

export const cpuRequirements: PolicyCheck = {
  name: "unset-cpu-requirements",
  severity: "error",
  source: "kube-linter (Polaris cpuRequestsMissing)",
  summary: "Every container requests CPU (a CPU limit is not required).",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) =>
      obj(obj(c.container.resources).requests).cpu === undefined
        ? [
            {
              path: `${c.path}.resources.requests.cpu`,
              message: `${name(c)} requests no CPU, so the scheduler cannot place it fairly`,
              fix: "set resources.requests.cpu (modelship's default: 100m; resources.cpu).",
            },
          ]
        : [],
    ),
};

export const memoryRequirements: PolicyCheck = {
  name: "unset-memory-requirements",
  severity: "error",
  source: "kube-linter (Polaris memoryRequestsMissing, memoryLimitsMissing)",
  summary: "Every container requests memory and has a memory limit.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) => {
      const resources = obj(c.container.resources);
      const out: Array<Omit<Finding, "object">> = [];
      if (obj(resources.requests).memory === undefined) {
        out.push({
          path: `${c.path}.resources.requests.memory`,
          message: `${name(c)} requests no memory`,
          fix: "set resources.requests.memory (modelship's default: 256Mi; resources.memory).",
        });
      }
      const limit = obj(resources.limits).memory;
      if (limit === undefined) {
        out.push({
          path: `${c.path}.resources.limits.memory`,
          message: `${name(c)} has no memory limit, so it can starve its node`,
          fix: "set resources.limits.memory (modelship limits memory to the request by default; resources.memoryLimit).",
        });
      } else if (isZeroQuantity(limit)) {
        // The kubelet applies a memory limit only when it is non-zero: "0" is no limit at all.
        out.push({
          path: `${c.path}.resources.limits.memory`,
          message: `${name(c)} has a zero memory limit, which the kubelet reads as no limit, so it can starve its node`,
          fix: "set resources.limits.memory to a non-zero quantity such as 256Mi.",
        });
      }
      return out;
    }),
};

type ProbeField = "startupProbe" | "readinessProbe" | "livenessProbe";

function missingProbe(field: ProbeField, checkName: string, source: string, why: string): PolicyCheck {
  return {
    name: checkName,
    severity: "error",
    source,
    summary: `Serving containers (Deployment, StatefulSet, DaemonSet) have a ${field}.`,
    run: (set) =>
      eachContainer(set.pods, (pod, c) =>
        pod.serving && !c.init && !isObject(c.container[field])
          ? [
              {
                path: `${c.path}.${field}`,
                message: `${name(c)} has no ${field}: ${why}`,
                fix: `add a ${field} (ModelService renders one on the primary port by default; health.*).`,
              },
            ]
          : [],
      ),
  };
}

function probePort(field: ProbeField, checkName: string): PolicyCheck {
  return {
    name: checkName,
    severity: "error",
    source: "kube-linter",
    summary: `A ${field} that targets a port targets one the container declares.`,
    run: (set) =>
      eachContainer(set.pods, (_pod, c) => {
        const probe = obj(c.container[field]);
        const handler = ["httpGet", "tcpSocket", "grpc"].find((key) => isObject(probe[key]));
        if (!handler) return [];
        const port = obj(probe[handler]).port;
        if (port === undefined) return [];
        const ports = list(c.container.ports).map(obj);
        const declared = typeof port === "number" ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
        if (declared) return [];
        const known = ports.map((p) => `${String(p.name ?? "")}:${String(p.containerPort)}`).join(", ") || "none";
        return [
          {
            path: `${c.path}.${field}.${handler}.port`,
            message: `${field} of ${name(c)} targets port ${JSON.stringify(port)}, which the container does not declare (ports: ${known})`,
            fix: "point the probe at a declared port name or number, or declare the port.",
          },
        ];
      }),
  };
}

/** Values that look like credentials whatever the variable is called. */
const TOKEN_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bhf_[A-Za-z0-9]{30,}/, "a Hugging Face token"],
  [/\bsk-[A-Za-z0-9_-]{20,}/, "an API secret key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, "a JSON Web Token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, "a URL with a password"],
];

/** Why an inline env value looks secret, or undefined. Never returns the value itself. */
export function secretLooking(name: string, value: string): string | undefined {
  for (const [pattern, what] of TOKEN_PATTERNS) if (pattern.test(value)) return `its value looks like ${what}`;
  if (value !== "" && SECRET_LOOKING_NAME.test(name)) return "its name says it holds a credential";
  return undefined;
}

export const envVarSecret: PolicyCheck = {
  name: "env-var-secret",
  severity: "error",
  source: "kube-linter (Polaris sensitiveContainerEnvVar)",
  summary: "No literal env value is a credential (by name or by the look of the value); secrets come from secretKeyRef.",
  run: (set) =>
    eachContainer(set.pods, (_pod, c) =>
      list(c.container.env).flatMap((entry, index) => {
        const env = obj(entry);
        if (typeof env.value !== "string") return [];
        const why = secretLooking(String(env.name ?? ""), env.value);
        return why
          ? [
              {
                path: `${c.path}.env[${index}].value`,
                message: `env var ${String(env.name)} of ${name(c)} is given inline and ${why} (value not shown)`,
                fix: `keep it in a Secret and use valueFrom.secretKeyRef (EnvValue.fromSecret('<secret>', '${String(env.name)}')).`,
              },
            ]
          : [];
      }),
    ),
};

export const containerChecks: readonly PolicyCheck[] = [
  latestTag,
  cpuRequirements,
  memoryRequirements,
  missingProbe("readinessProbe", "no-readiness-probe", "kube-linter (Polaris readinessProbeMissing)", "traffic reaches pods that are not serving"),
  missingProbe("startupProbe", "no-startup-probe", "modelship (kube-score pod-probes)", "slow model loads are killed or served before they are ready"),
  probePort("startupProbe", "startup-port"),
  probePort("readinessProbe", "readiness-port"),
  probePort("livenessProbe", "liveness-port"),
  envVarSecret,
];
