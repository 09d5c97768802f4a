import { describe, expect, it } from "vitest";
import type { ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";

const base = { image: "registry.example.com/ml/iris:1.0.0" };
const resolve = (props: Record<string, unknown>) => resolveModelService({ ...base, ...props } as unknown as ModelServiceProps, { name: "iris" });

describe("rollout strategy follows the data claim's access mode", () => {
  // The attach/detach controller attaches a volume to a second node only when its access modes
  // include ReadWriteMany or ReadOnlyMany; the pod's readOnly mount flag plays no part.
  it.each<[string, Record<string, unknown>, string]>([
    ["a new ReadWriteOnce claim", { persistence: true }, "Recreate"],
    ["an existing ReadWriteOnce claim mounted read-only", { persistence: { existingClaim: "models", readOnly: true } }, "Recreate"],
    ["a ReadWriteOncePod claim mounted read-only", { persistence: { existingClaim: "models", accessMode: "ReadWriteOncePod", readOnly: true } }, "Recreate"],
    ["a ReadOnlyMany claim mounted read-only", { persistence: { existingClaim: "models", accessMode: "ReadOnlyMany", readOnly: true } }, "RollingUpdate"],
    ["a ReadWriteMany claim", { persistence: { existingClaim: "models", accessMode: "ReadWriteMany" } }, "RollingUpdate"],
  ])("%s", (_label, props, strategy) => {
    expect(resolve(props).rollout.type).toBe(strategy);
  });
});
