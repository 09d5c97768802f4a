import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    // Pulumi's mock runtime is process-global; isolate files from each other.
    pool: "forks",
    // The JSON report lets CI print a plain "N passed, N failed" summary line.
    reporters: ["default", "json"],
    outputFile: { json: "build/test-results.json" },
  },
});
