import { describe, expect, it } from "vitest";
import { knownImageSettings, UNKNOWN_IMAGE_SETTINGS } from "../../lib/importers/orchest-images";

describe("images Orchest ran as root, and the user they run as here", () => {
  it("knows the official images by repository, with or without a registry, tag or digest", () => {
    for (const image of ["redis", "redis:7.4.2", "docker.io/library/redis:7", "postgres@sha256:" + "a".repeat(64)]) {
      expect(knownImageSettings(image)?.security).toMatchObject({ runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false });
    }
    expect(knownImageSettings("tensorflow/tensorflow:2.16.1")).toMatchObject({ security: { runAsUser: 1000 }, env: { HOME: "/tmp" } });
    expect(knownImageSettings("codercom/code-server:4.96.4")?.security).toMatchObject({ runAsUser: 1000, readOnlyRootFilesystem: false });
  });

  it("does not guess for look-alikes: another owner's redis is unknown", () => {
    expect(knownImageSettings("bitnami/redis:7.2")).toBeUndefined();
    expect(knownImageSettings("registry.example.com/redis:1")).toBeUndefined();
    expect(UNKNOWN_IMAGE_SETTINGS.security).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false });
  });
});
