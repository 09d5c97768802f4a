import { describe, expect, it } from "vitest";
import { hubRepository, parseImage } from "../../lib/model/image";
import { isRunnerImage } from "../../lib/importers/bodywork-runtime";
import { knownImageSettings } from "../../lib/importers/orchest-images";

describe("hubRepository: one reading of Docker Hub's registry prefixes", () => {
  it.each([
    "bodyworkml/bodywork-core:3.0",
    "docker.io/bodyworkml/bodywork-core:3.0",
    "index.docker.io/bodyworkml/bodywork-core@sha256:" + "a".repeat(64),
    "registry-1.docker.io/bodyworkml/bodywork-core",
  ])("%s is bodyworkml/bodywork-core, for the Bodywork and Orchest importers alike", (image) => {
    expect(hubRepository(image)).toBe("bodyworkml/bodywork-core");
    expect(isRunnerImage(image)).toBe(true);
  });

  it("keeps any other registry", () => {
    expect(hubRepository("registry.example.com/bodyworkml/bodywork-core:3.0")).toBe("registry.example.com/bodyworkml/bodywork-core");
    expect(hubRepository("registry.example.com:5000/docker.io/x:1")).toBe("registry.example.com:5000/docker.io/x");
    expect(isRunnerImage("registry.example.com/bodyworkml/bodywork-core:3.0")).toBe(false);
    expect(knownImageSettings("docker.io/orchest/streamlit:v2022.10.0")).toEqual(knownImageSettings("orchest/streamlit:v2022.10.0"));
    expect(parseImage("docker.io/x:1").repository).toBe("docker.io/x");
  });
});
