import { describe, expect, it } from "vitest";
import { resolveModelService } from "../../lib/model/model-service";
import { renderModelService } from "../../lib/render/model-service";
import { expectValidObjects } from "../support/schema-check";

const base = { name: "nb", image: "registry.example.com/nb:1.0.0" };

describe("ModelService claimMounts", () => {
  it("mounts existing claims, one volume per claim, by subPath", () => {
    const objects = renderModelService(
      resolveModelService(
        {
          ...base,
          claimMounts: [
            { claimName: "files", mountPath: "/data", subPath: "data" },
            { claimName: "files", mountPath: "/project-dir", subPath: "project-dir", readOnly: true },
            { claimName: "models", mountPath: "/models" },
          ],
        },
        { name: "nb" },
      ),
    );
    const pod = (objects.find((o) => o.kind === "Deployment") as any).spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
      { name: "claim-0", persistentVolumeClaim: { claimName: "files" } },
      { name: "claim-1", persistentVolumeClaim: { claimName: "models" } },
    ]);
    expect(pod.containers[0].volumeMounts.slice(1)).toEqual([
      { name: "claim-0", mountPath: "/data", subPath: "data" },
      { name: "claim-0", mountPath: "/project-dir", subPath: "project-dir", readOnly: true },
      { name: "claim-1", mountPath: "/models" },
    ]);
    expectValidObjects(objects);
  });

  it("rejects a mount path used twice and subPaths leaving the claim", () => {
    expect(() => resolveModelService({ ...base, persistence: true, claimMounts: [{ claimName: "files", mountPath: "/data/" }] }, { name: "nb" })).toThrow(
      "ModelService 'nb': 'claimMounts[0].mountPath' mounts a volume at '/data', which 'persistence.mountPath' already uses (got \"/data/\"). Fix: mount each volume at its own path.",
    );
    expect(() => resolveModelService({ ...base, claimMounts: [{ claimName: "files", mountPath: "/x", subPath: "../etc" }] }, { name: "nb" })).toThrow(
      "'claimMounts[0].subPath' must be a relative path without '..'",
    );
  });

  it("changes nothing when not used", () => {
    expect(resolveModelService(base, { name: "nb" }).claimMounts).toBeUndefined();
  });
});
