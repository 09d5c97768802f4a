import { describe, expect, it } from "vitest";
import { objectName, toDnsLabel } from "../../lib/render";
import { DNS1123_LABEL } from "../../lib/model/names";
import { parseImage, mutableImageReason } from "../../lib/model/image";
import { cpuQuantity, quantityValue } from "../../lib/model/quantity";

describe("names", () => {
  it("keeps short names as they are", () => {
    expect(objectName(["iris", "data"])).toBe("iris-data");
  });

  it("truncates long names to 63 with a stable short hash", () => {
    const long = objectName(["a".repeat(40), "b".repeat(40)]);
    expect(long).toHaveLength(63);
    expect(long).toMatch(DNS1123_LABEL);
    expect(objectName(["a".repeat(40), "b".repeat(40)])).toBe(long);
    expect(objectName(["a".repeat(40), "c".repeat(40)])).not.toBe(long);
  });

  it("turns foreign names into DNS-1123 labels", () => {
    expect(toDnsLabel("stage_1_train_model")).toBe("stage-1-train-model");
    expect(toDnsLabel("--My Service!!")).toBe("my-service");
    expect(toDnsLabel("___")).toMatch(/^x-[0-9a-f]{6}$/);
  });
});

describe("images", () => {
  it("splits registry ports from tags", () => {
    expect(parseImage("registry:5000/team/app:1.2")).toEqual({ repository: "registry:5000/team/app", tag: "1.2", digest: undefined });
    expect(parseImage("registry:5000/team/app")).toEqual({ repository: "registry:5000/team/app", digest: undefined });
  });

  it("knows which references are mutable", () => {
    expect(mutableImageReason("app")).toMatch(/no tag/);
    expect(mutableImageReason("app:latest")).toMatch(/latest/);
    expect(mutableImageReason("app:1.0")).toBeUndefined();
    expect(mutableImageReason(`app:latest@sha256:${"0".repeat(64)}`)).toBeUndefined();
  });
});

describe("quantities", () => {
  it("normalizes cores", () => {
    expect(cpuQuantity(0.25)).toBe("250m");
    expect(cpuQuantity(2)).toBe("2");
    expect(cpuQuantity("1500m")).toBe("1500m");
  });

  it("compares memory across units", () => {
    expect(quantityValue("1Gi")).toBe(2 ** 30);
    expect(quantityValue("100M")).toBe(1e8);
    expect(quantityValue("250m")).toBe(0.25);
    expect(quantityValue("1e3")).toBe(1000);
  });
});
