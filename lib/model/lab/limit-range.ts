import type { ValidationIssue } from "../errors";
import { quantityValue } from "../quantity";
import type { LabProjectSpec } from "./project";
import type { LabLimitRangeProps } from "./props";
import { DEFAULT_CPU_REQUEST, DEFAULT_MEMORY_REQUEST } from "../workload";

/**
 * Applies the defaults: a container the project did not size gets what a modelship workload gets
 * by default (requests 100m / 256Mi, memory limit = memory request), no maximum.
 */
export function resolveLabLimitRange(props: LabLimitRangeProps | boolean | undefined): LabProjectSpec["limitRange"] {
  const lr = props === true ? {} : props || undefined;
  if (!lr) return undefined;
  const max = Object.entries({ memory: lr.maxMemory, cpu: lr.maxCpu === undefined ? undefined : String(lr.maxCpu) }).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  return {
    defaultRequest: { cpu: String(lr.defaultCpuRequest ?? DEFAULT_CPU_REQUEST), memory: lr.defaultMemoryRequest ?? DEFAULT_MEMORY_REQUEST },
    default: { memory: lr.defaultMemoryLimit ?? lr.defaultMemoryRequest ?? DEFAULT_MEMORY_REQUEST },
    max: max.length ? Object.fromEntries(max) : undefined,
  };
}

/**
 * The order the API server requires of each resource of a Container limit, checked on what we
 * render after its defaulting: defaultRequest <= default <= max, where `default` is `max` when only
 * `max` is given (so the cpu request must fit under `maxCpu`, as no cpu limit is rendered).
 * @see https://github.com/kubernetes/kubernetes/blob/000f26050b9be6fb3d79fae95e06b47fc96128cd/pkg/apis/core/validation/validation.go (ValidateLimitRange: "default request value %s is greater than default limit value %s", "default value %s is greater than max value %s")
 * @see https://github.com/kubernetes/kubernetes/blob/000f26050b9be6fb3d79fae95e06b47fc96128cd/pkg/apis/core/v1/defaults.go (SetDefaults_LimitRangeItem: default limit to max, default request to default)
 */
export function labLimitRangeIssues(props: LabLimitRangeProps | boolean | undefined): ValidationIssue[] {
  const spec = resolveLabLimitRange(props);
  if (!spec || typeof props !== "object") return [];
  const issues: ValidationIssue[] = [];
  const request = spec.defaultRequest.memory;
  const limit = spec.default.memory;
  if (quantityValue(request) > quantityValue(limit)) {
    issues.push(
      props.defaultMemoryRequest !== undefined
        ? {
            field: "limitRange.defaultMemoryRequest",
            problem: `(${request}) is greater than the default memory limit (${limit}), which the API server refuses`,
            value: request,
            fix: "give a request at most defaultMemoryLimit, or raise defaultMemoryLimit.",
          }
        : {
            field: "limitRange.defaultMemoryLimit",
            problem: `(${limit}) is less than the default memory request (${request}), which the API server refuses`,
            value: limit,
            fix: `set defaultMemoryRequest at most ${limit}, or raise defaultMemoryLimit to at least ${request}.`,
          },
    );
  }
  const maxMemory = spec.max?.memory;
  if (maxMemory !== undefined && quantityValue(limit) > quantityValue(maxMemory)) {
    issues.push({
      field: "limitRange.maxMemory",
      problem: `(${maxMemory}) is less than the default memory limit (${limit}), which the API server refuses`,
      value: maxMemory,
      fix: `raise maxMemory to at least ${limit}, or set defaultMemoryRequest / defaultMemoryLimit at most ${maxMemory}.`,
    });
  }
  const maxCpu = spec.max?.cpu;
  const cpuRequest = spec.defaultRequest.cpu;
  if (maxCpu !== undefined && quantityValue(cpuRequest) > quantityValue(maxCpu)) {
    issues.push({
      field: "limitRange.maxCpu",
      problem: `(${maxCpu}) is less than the default CPU request (${cpuRequest}), which the API server refuses (the default CPU limit is maxCpu)`,
      value: maxCpu,
      fix: `raise maxCpu to at least ${cpuRequest}, or set defaultCpuRequest at most ${maxCpu}.`,
    });
  }
  return issues;
}
