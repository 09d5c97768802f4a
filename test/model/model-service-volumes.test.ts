import { describe, expect, it } from "vitest";
import type { ModelServiceProps } from "../../lib";
import { servicePods } from "../../lib/model/canary";
import { renderModelService, resolveModelService } from "../../lib/render";

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

const route = { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" } };
const canary = { weight: 10, image: "registry.example.com/ml/iris:1.1.0" };

function errorOf(props: Record<string, unknown>): string {
  try {
    resolve(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

describe("a new ReadWriteOnce claim backs one pod, the canary's included", () => {
  it("refuses a canary next to the stable pod on the default claim, naming the canary", () => {
    expect(errorOf({ persistence: true, route, canary })).toMatch(
      /'persistence\.accessMode' is ReadWriteOnce \(the default\) but up to 2 pods would mount the claim \(1 of the service, 1 of the canary's\), and only one node can attach it\. Fix: .*the canary's pods mount the claim too/,
    );
    expect(errorOf({ persistence: { accessMode: "ReadWriteOncePod" }, route, canary: { ...canary, replicas: 2 } })).toMatch(
      /'persistence\.accessMode' is ReadWriteOncePod but up to 3 pods would mount the claim \(1 of the service, 2 of the canary's\)/,
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ["a canary of no pods", { persistence: true, route, canary: { ...canary, replicas: 0 } }],
    ["a promoted canary", { persistence: true, route, canary: { ...canary, promote: true } }],
    ["a ReadWriteMany claim", { persistence: { accessMode: "ReadWriteMany" }, route, canary }],
  ])("accepts %s", (_label, props) => {
    expect(() => resolve(props)).not.toThrow();
  });
});

describe("every mount has its own path, and none is over '/'", () => {
  it("counts /dev/shm: shm given, or the runtime's default", () => {
    expect(errorOf({ shm: true, claimMounts: [{ claimName: "scratch", mountPath: "/dev/shm" }] })).toMatch(
      /'claimMounts\[0\]\.mountPath' mounts a volume at '\/dev\/shm', which 'shm' already uses \(got "\/dev\/shm"\)\. Fix: mount each volume at its own path\./,
    );
    expect(
      errorOf({
        image: undefined,
        runtime: { preset: "vllm" },
        model: { type: "pvc", claimName: "models" },
        claimMounts: [{ claimName: "scratch", mountPath: "/dev/shm/" }],
      }),
    ).toMatch(/'claimMounts\[0\]\.mountPath' mounts a volume at '\/dev\/shm', which 'shm' already uses/);
    expect(() => resolve({ shm: false, claimMounts: [{ claimName: "scratch", mountPath: "/dev/shm" }] })).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["the model's claim", { model: { type: "pvc", claimName: "models", mountPath: "/" } }, "model.mountPath"],
    ["persistence", { persistence: { mountPath: "/" } }, "persistence.mountPath"],
    ["home", { home: { mountPath: "/" } }, "home.mountPath"],
    ["a claim mount", { claimMounts: [{ claimName: "c", mountPath: "/" }] }, "claimMounts[0].mountPath"],
    ["a model file's claim", { modelFile: { path: "/m.pkl", claimName: "x" } }, "modelFile.path"],
  ])("refuses %s over '/'", (_label, props, field) => {
    expect(errorOf(props)).toMatch(new RegExp(`'${field.replace(/[.[\]]/g, "\\$&")}' would mount a volume over '/', hiding the image's own files`));
  });

  // The check must know every mount the pod gets: a claim mounted at any rendered path is refused.
  it.each<[string, Record<string, unknown>]>([
    [
      "model source, home, shm, persistence",
      {
        model: { type: "pvc", claimName: "models" },
        shm: true,
        persistence: { existingClaim: "data" },
        claimMounts: [{ claimName: "files", mountPath: "/project" }],
      },
    ],
    ["runtime defaults", { image: undefined, runtime: { preset: "triton" }, model: { type: "uri", uri: "s3://models/triton", cacheClaim: "cache" } }],
    ["model file on its claim", { modelFile: { path: "/models/iris/model.pkl", claimName: "models" }, home: true }],
  ])("%s", (_label, props) => {
    const deployment = renderModelService(resolve(props)).find((o) => o.kind === "Deployment") as any;
    const paths: string[] = deployment.spec.template.spec.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(paths.length).toBeGreaterThan(2);
    for (const path of paths) {
      const claimMounts = [...((props.claimMounts as unknown[]) ?? []), { claimName: "extra", mountPath: path }];
      expect(errorOf({ ...props, claimMounts })).toMatch(
        new RegExp(`'claimMounts\\[${claimMounts.length - 1}\\]\\.mountPath' mounts a volume at '${path}', which`),
      );
    }
  });
});

describe("servicePods", () => {
  it("counts the service's most pods and its canary's, not a promoted one's", () => {
    expect(servicePods({ replicas: 3, canary: { replicas: 2 } })).toEqual({ service: 3, canary: 2, total: 5 });
    expect(servicePods({ autoscaling: { maxReplicas: 4 } as never, canary: {} })).toEqual({ service: 4, canary: 1, total: 5 });
    expect(servicePods({ canary: { promote: true } })).toEqual({ service: 1, canary: 0, total: 1 });
    expect(servicePods({})).toEqual({ service: 1, canary: 0, total: 1 });
  });
});
