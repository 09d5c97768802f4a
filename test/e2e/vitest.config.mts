import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Files run in name order: 10-apply creates what the later files check.
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

// The e2e tier (npm run test:e2e): needs the control plane that test/e2e/run.sh starts, so the
// unit config (test/**/*.test.ts) never picks these files up.
export default defineConfig({
  // Paths below are relative to the repository root, wherever this file is.
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // One cluster for all files: run them one after another, in name order.
    fileParallelism: false,
    sequence: { shuffle: false, sequencer: ByName },
    reporters: ["default", "json"],
    outputFile: { json: "build/e2e-results.json" },
  },
});
