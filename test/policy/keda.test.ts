import { describe, expect, it } from "vitest";
import { checkObjects, type KubeObject } from "../../lib";
import { renderModelService, resolveModelService } from "../../lib/render";

// KEDA's ScaledObject creates and drives an HPA for its target, so the availability checks treat it as one.
describe("availability checks with a KEDA ScaledObject", () => {
  const objects = renderModelService(resolveModelService({ image: "registry.example.com/ml/iris:1.0.0", keda: { maxReplicaCount: 5 } }, { name: "iris" }));
  const names = (found: KubeObject[]) => checkObjects(found).map((v) => v.check);

  it("a ModelService with KEDA passes", () => {
    expect(checkObjects(objects).filter((v) => v.severity === "error")).toEqual([]);
  });

  it("needs a PDB up to maxReplicaCount, and no fixed replicas", () => {
    const withoutPdb = objects.filter((o) => o.kind !== "PodDisruptionBudget");
    expect(names(withoutPdb)).toContain("deployment-has-poddisruptionbudget");
    const pinned = objects.map((o) => (o.kind === "Deployment" ? { ...o, spec: { ...(o.spec as object), replicas: 2 } } : o));
    expect(names(pinned)).toContain("deployment-targeted-by-hpa-does-not-have-replicas-configured");
  });
});
