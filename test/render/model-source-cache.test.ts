import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModelSource, type ModelServiceProps } from "../../lib";
import { renderModelService, resolveModelService } from "../../lib/render";

// The downloader's script run for real under `sh`, as the init container runs it: the cache claim
// is a directory, each pod sees its subPath, and a stub stands in for KServe's
// initializer-entrypoint (it writes what the object at the URI holds "now").
const ENTRYPOINT = "/storage-initializer/scripts/initializer-entrypoint";
const work = mkdtempSync(join(tmpdir(), "modelship-cache-"));
const claim = join(work, "claim");
const stub = join(work, "initializer-entrypoint");
const remote = join(work, "remote-model.bin");
writeFileSync(stub, `#!/bin/sh\nset -eu\nmkdir -p "$2"\ncp "${remote}" "$2/model.bin"\n`);
chmodSync(stub, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

/** Renders a pod with the given pinned digest and runs its init container; returns the exit code and the file the server would read. */
function startPod(sha256: string): { status: number | null; output: string; served?: string } {
  const props: ModelServiceProps = {
    image: "registry.example.com/ml/iris:1.0.0",
    model: ModelSource.uri("gs://models/iris", { file: "model.bin", sha256, cacheClaim: "model-cache" }),
  };
  const pod = (renderModelService(resolveModelService(props, { name: "iris" })).find((o) => o.kind === "Deployment") as any).spec.template.spec;
  const init = pod.initContainers[0];
  const subPath: string = init.volumeMounts.find((m: any) => m.name === "model").subPath;
  const directory = join(claim, subPath);
  mkdirSync(directory, { recursive: true });
  const [shell, flag, script, argv0, uri, mountPath, ...rest] = init.command as string[];
  expect(script).toContain(ENTRYPOINT);
  expect(mountPath).toBe("/model-download");
  const run = spawnSync(shell === "/bin/sh" ? "sh" : shell, [flag, script.replace(ENTRYPOINT, stub), argv0, uri, directory, ...rest], { encoding: "utf8" });
  let served: string | undefined;
  try {
    served = readFileSync(join(directory, "model.bin"), "utf8");
  } catch {
    served = undefined;
  }
  return { status: run.status, output: run.stdout + run.stderr, served };
}

describe("a cache claim never serves bytes other than the pinned digest", () => {
  it("downloads and checks on the first pod; a later pod with the same pin uses the cache", () => {
    writeFileSync(remote, "weights v1\n");
    const first = startPod(digest("weights v1\n"));
    expect(first.status, first.output).toBe(0);
    writeFileSync(remote, "weights v2\n");
    const second = startPod(digest("weights v1\n"));
    expect(second.status, second.output).toBe(0);
    expect(second.served).toBe("weights v1\n");
  });

  it("a new pin is checked: the pod gets the new bytes or does not start", () => {
    writeFileSync(remote, "weights v2\n");
    const repinned = startPod(digest("weights v2\n"));
    expect(repinned.status, repinned.output).toBe(0);
    expect(repinned.served).toBe("weights v2\n");
    const wrong = startPod(digest("weights v3\n"));
    expect(wrong.status, wrong.output).not.toBe(0);
  });

  it("a cached copy changed after its check fails the pod", () => {
    writeFileSync(remote, "weights v4\n");
    expect(startPod(digest("weights v4\n")).status).toBe(0);
    // Another writer of the shared claim replaces the file; the marker stays.
    const pod = resolveModelService(
      {
        image: "registry.example.com/ml/iris:1.0.0",
        model: ModelSource.uri("gs://models/iris", { file: "model.bin", sha256: digest("weights v4\n"), cacheClaim: "model-cache" }),
      },
      { name: "iris" },
    );
    writeFileSync(join(claim, pod.model!.download!.cacheSubPath!, "model.bin"), "tampered\n");
    const after = startPod(digest("weights v4\n"));
    expect(after.status, after.output).not.toBe(0);
  });
});
