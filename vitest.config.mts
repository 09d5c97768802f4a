import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 60_000,
    pool: "forks",
    // vitest's default is one worker less than the cores: one worker on CI's 2 cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/pulumi/**"],
          // These files share no mutable module state, so each worker imports the library,
          // cdk8s and the schema checker once instead of once per file (half the run was import).
          isolate: false,
        },
      },
      {
        extends: true,
        // Pulumi's mock runtime is process-global; isolate these files from each other.
        test: { name: "pulumi", include: ["test/pulumi/**/*.test.ts"], isolate: true },
      },
    ],
    // The JSON report lets CI print a plain "N passed, N failed" summary line.
    reporters: ["default", "json"],
    outputFile: { json: "build/test-results.json" },
  },
});
