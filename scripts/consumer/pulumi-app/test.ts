// Runs index.ts under Pulumi's mocks (pulumi.runtime.setMocks), as a user's unit test would, and
// checks what reached the (mock) engine. Types of `modelship/pulumi/testing` resolve too.
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "modelship/pulumi/testing";

type Seen = Pick<RecordedResource, "type" | "name">;

async function main(): Promise<void> {
  const seen: Seen[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => {
        seen.push({ type: args.type, name: args.name });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    "consumer",
    "test",
    false,
  );
  const program = await import("./index.js");
  const url = await new Promise<string>((resolve) => program.url.apply(resolve));
  await new Promise<unknown>((resolve) => program.order.apply(resolve));
  // Registrations of children finish after their component's outputs: let them drain.
  await new Promise((resolve) => setTimeout(resolve, 200));

  const types = new Set(seen.map((r) => r.type));
  const expected = [
    "modelship:index:ModelService",
    "modelship:index:BatchStage",
    "modelship:index:Workflow",
    "modelship:index:LabProject",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:batch/v1:Job",
    "kubernetes:core/v1:Namespace",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  ];
  const missing = expected.filter((type) => !types.has(type));
  if (missing.length > 0) throw new Error(`not registered: ${missing.join(", ")} (saw ${[...types].join(", ")})`);
  if (url !== "http://iris-scoring.scoring.svc.cluster.local:5000") throw new Error(`unexpected url ${url}`);
  console.log(`pulumi program under mocks: ${seen.length} resources, ${types.size} types, url ${url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
