import type { ValidationIssue } from "./errors";
import type { ModelServiceSpec } from "./model-service";
import { SHM_MOUNT_PATH } from "./scratch";
import { modelDirectory } from "./volumes";

/** What a server container mounts, from the resolved volumes: read by the mount-path rule and by the renderer. */
export type ContainerMount = { readonly field: string; readonly path: string; readonly value: string } & (
  { readonly volume: "tmp" | "data" | "modelFile" | "model" | "home" | "shm" } | { readonly volume: "claim"; readonly index: number }
);

/** The resolved values the container's mounts come from. */
export type MountedVolumes = Pick<ModelServiceSpec, "persistence" | "modelFile" | "model" | "scratch" | "claimMounts"> & { readonly tmp: boolean };

/**
 * Every volume the server container mounts, in the pod's order: `/tmp` (read-only root; the pod
 * template adds it), persistence, a model file's claim, the model, home, `/dev/shm`, claimMounts.
 */
export function containerMounts(volumes: MountedVolumes): ContainerMount[] {
  const mounts: ContainerMount[] = [];
  if (volumes.tmp) mounts.push({ volume: "tmp", field: "security.tmpVolume", path: "/tmp", value: "/tmp" });
  if (volumes.persistence)
    mounts.push({ volume: "data", field: "persistence.mountPath", path: volumes.persistence.mountPath, value: volumes.persistence.mountPath });
  const modelFile = volumes.modelFile;
  if (modelFile?.claimName) mounts.push({ volume: "modelFile", field: "modelFile.path", path: modelDirectory(modelFile.path) || "/", value: modelFile.path });
  if (volumes.model) mounts.push({ volume: "model", field: "model.mountPath", path: volumes.model.mountPath, value: volumes.model.mountPath });
  const { home, shm } = volumes.scratch;
  if (home) mounts.push({ volume: "home", field: "home.mountPath", path: home.mountPath, value: home.mountPath });
  if (shm) mounts.push({ volume: "shm", field: "shm", path: SHM_MOUNT_PATH, value: SHM_MOUNT_PATH });
  (volumes.claimMounts ?? []).forEach((mount, index) =>
    mounts.push({ volume: "claim", index, field: `claimMounts[${index}].mountPath`, path: mount.mountPath, value: mount.mountPath }),
  );
  return mounts;
}

/**
 * One rule for every mount: each has its own path (the API server refuses a container whose
 * volumeMounts repeat a mountPath: kubernetes pkg/apis/core/validation/validation.go,
 * ValidateVolumeMounts, "must be unique"; paths are compared without trailing '/', as the
 * container sees them), and none is mounted over '/', which would hide the image's own files.
 */
export function mountPathIssues(mounts: readonly ContainerMount[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, string>();
  for (const mount of mounts) {
    const path = mount.path.replace(/\/+$/, "") || "/";
    const other = seen.get(path);
    if (path === "/") {
      issues.push({
        field: mount.field,
        problem: "would mount a volume over '/', hiding the image's own files",
        value: mount.value,
        fix:
          mount.volume === "modelFile"
            ? "put the model in a directory of its own, e.g. '/models/model.pkl'."
            : "mount it at a directory of its own, e.g. '/models'.",
      });
    } else if (other) {
      issues.push({
        field: mount.field,
        problem: `mounts a volume at '${path}', which '${other}' already uses`,
        value: mount.value,
        fix: "mount each volume at its own path.",
      });
    } else {
      seen.set(path, mount.field);
    }
  }
  return issues;
}
