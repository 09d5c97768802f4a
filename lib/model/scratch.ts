import { z } from "zod";
import { absolutePathSchema } from "./rules";
import { memorySchema } from "./quantity";

/**
 * A writable home directory (emptyDir) for libraries that write under `~` (Hugging Face, torch,
 * Triton and vLLM caches write `~/.cache`): with a read-only root filesystem the image's home is
 * not writable. Sets `HOME` and `XDG_CACHE_HOME`.
 */
export interface HomeProps {
  /** @default "/home/modelship" */
  readonly mountPath?: string;
  /** @default "1Gi" */
  readonly sizeLimit?: string;
}

/**
 * `/dev/shm` as a memory-backed emptyDir. The container runtime gives a pod 64 MiB of shared
 * memory; NCCL (tensor parallelism), PyTorch data loaders and Triton's Python backend need more.
 * Pages written there count against the container's memory limit, so size the limit for it.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export interface SharedMemoryProps {
  /** @default "2Gi" */
  readonly sizeLimit?: string;
}

export const homeSchema = z.union([z.boolean(), z.strictObject({ mountPath: absolutePathSchema.optional(), sizeLimit: memorySchema.optional() })]);
export const shmSchema = z.union([z.boolean(), z.strictObject({ sizeLimit: memorySchema.optional() })]);

const DEFAULT_HOME_PATH = "/home/modelship";
/** Where the container runtime puts shared memory, and so where the memory-backed emptyDir goes. */
export const SHM_MOUNT_PATH = "/dev/shm";

export interface ScratchSpec {
  readonly home?: { readonly mountPath: string; readonly sizeLimit: string };
  readonly shm?: { readonly sizeLimit: string };
}

/** `homeDefault`: whether a home is added when `home` is not given (a model source or runtime is). */
export function resolveScratch(home: z.output<typeof homeSchema> | undefined, shm: z.output<typeof shmSchema> | undefined, homeDefault: boolean): ScratchSpec {
  const homeProps = home === undefined ? (homeDefault ? {} : undefined) : home === true ? {} : home || undefined;
  const shmProps = shm === true ? {} : shm || undefined;
  return {
    home: homeProps ? { mountPath: homeProps.mountPath ?? DEFAULT_HOME_PATH, sizeLimit: homeProps.sizeLimit ?? "1Gi" } : undefined,
    shm: shmProps ? { sizeLimit: shmProps.sizeLimit ?? "2Gi" } : undefined,
  };
}
