import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../lib/cli/synth";
import { CliError } from "../../lib/cli/load";
import { kindHandlers } from "../../lib/definitions/kinds";

const service = (name: string) => ({ kind: "ModelService", props: { name, namespace: "apps", image: "registry.example.com/ml/api:1.0.0", port: 8080 } });

describe("modelship synth: renderDocuments", () => {
  it("refuses two documents that render the same object (the shared lib/definitions/unique check)", () => {
    expect(() => renderDocuments([service("api"), service("api")], kindHandlers)).toThrow(CliError);
    expect(() => renderDocuments([service("api"), service("api")], kindHandlers)).toThrow(
      "two documents render the same object ServiceAccount/apps/api. Fix: give them distinct names or namespaces.",
    );
    expect(renderDocuments([service("api"), service("web")], kindHandlers).length).toBeGreaterThan(0);
  });
});
