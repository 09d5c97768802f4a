import { z } from "zod";
import { absolutePathSchema, envVarNameSchema, relativePathSchema, subdomainNameSchema } from "./rules";
import { memorySchema } from "./quantity";
import { objectName } from "./names";
import type { ModelServiceSpec } from "./model-service";

/**
 * A persistent volume for the service's data, mounted at `/data` (ML Lab's convention).
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
 */
export interface PersistenceProps {
  /** @default "/data" */
  readonly mountPath?: string;
  /** Claim size. @default "10Gi" */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default "ReadWriteOnce" */
  readonly accessMode?: "ReadWriteOnce" | "ReadWriteOncePod" | "ReadWriteMany" | "ReadOnlyMany";
  /** Use an existing claim instead of creating one. @default - a new claim `<name>-data` */
  readonly existingClaim?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

/**
 * An existing PersistentVolumeClaim (or a sub-directory of it) mounted into the container, as
 * Orchest's `binds` mount the project's `/data` and `/project-dir` from one volume by subPath.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath
 */
export interface ClaimMountProps {
  /** The claim to mount. */
  readonly claimName: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Relative directory inside the claim. @default - the whole claim */
  readonly subPath?: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/**
 * The model file the server loads, passed by path in an env var, as the Docker-izing seed's
 * `MODEL_FILE=/data/model.pkl`.
 */
export interface ModelFileProps {
  /** Absolute path of the model file in the container, e.g. `/data/model.pkl`. */
  readonly path: string;
  /** Env var holding the path. @default "MODEL_FILE" */
  readonly envVar?: string;
  /**
   * Claim holding the model, mounted read-only at the file's directory.
   * @default - the service's persistence volume (the path must be under its mount path)
   */
  readonly claimName?: string;
}

const absolutePath = absolutePathSchema;

export const persistenceSchema = z.union([
  z.boolean(),
  z.strictObject({
    mountPath: absolutePath.optional(),
    size: memorySchema.optional(),
    storageClassName: z.string().optional(),
    accessMode: z.enum(["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany", "ReadOnlyMany"]).optional(),
    existingClaim: subdomainNameSchema.optional(),
    readOnly: z.boolean().optional(),
  }),
]);

export const claimMountsSchema = z.array(
  z.strictObject({
    claimName: subdomainNameSchema,
    mountPath: absolutePath,
    subPath: relativePathSchema("use a directory inside the claim, e.g. 'data'.").optional(),
    readOnly: z.boolean().optional(),
  }),
);

export const modelFileSchema = z.strictObject({ path: absolutePath, envVar: envVarNameSchema.optional(), claimName: subdomainNameSchema.optional() });

export const DEFAULT_DATA_MOUNT_PATH = "/data";
const DEFAULT_DATA_SIZE = "10Gi";
const DEFAULT_DATA_ACCESS_MODE = "ReadWriteOnce";
export const DEFAULT_MODEL_FILE_ENV = "MODEL_FILE";

type AccessMode = NonNullable<PersistenceProps["accessMode"]>;

/** The claim a service's persistence creates: `<name>-data` (a canary mounts its stable service's). */
export function dataClaimName(service: string): string {
  return objectName([service, "data"]);
}

/**
 * Whether a volume of this access mode attaches to one node only. The attach/detach controller
 * attaches a volume to a second node only when its access modes include ReadWriteMany or
 * ReadOnlyMany, whatever the pods' readOnly mount flag (kubernetes pkg/volume/util/util.go,
 * IsMultiAttachAllowed).
 */
export function attachesToOneNode(accessMode: AccessMode): boolean {
  return accessMode !== "ReadWriteMany" && accessMode !== "ReadOnlyMany";
}

/** `persistence` after defaults, or undefined when the service has none. */
export function resolvePersistence(props: z.output<typeof persistenceSchema> | undefined, service: string): ModelServiceSpec["persistence"] {
  const given = typeof props === "object" ? props : props ? {} : undefined;
  if (!given) return undefined;
  return {
    mountPath: given.mountPath ?? DEFAULT_DATA_MOUNT_PATH,
    size: given.size ?? DEFAULT_DATA_SIZE,
    storageClassName: given.storageClassName,
    accessMode: given.accessMode ?? DEFAULT_DATA_ACCESS_MODE,
    readOnly: given.readOnly ?? false,
    claimName: given.existingClaim ?? dataClaimName(service),
    createClaim: given.existingClaim === undefined,
  };
}

/** `modelFile` after defaults. */
export function resolveModelFile(props: z.output<typeof modelFileSchema> | undefined): ModelServiceSpec["modelFile"] {
  return props ? { path: props.path, envVar: props.envVar ?? DEFAULT_MODEL_FILE_ENV, claimName: props.claimName } : undefined;
}

/** The directory a model file's own claim is mounted at. */
export function modelDirectory(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/** `claimMounts` with a volume per claim (a claim mounted at several paths is one volume), or undefined when none. */
export function resolveClaimMounts(props: z.output<typeof claimMountsSchema> | undefined): ModelServiceSpec["claimMounts"] {
  const volumes = new Map<string, string>();
  const mounts = (props ?? []).map((mount) => {
    let volumeName = volumes.get(mount.claimName);
    if (!volumeName) {
      volumeName = objectName(["claim", String(volumes.size)]);
      volumes.set(mount.claimName, volumeName);
    }
    return { volumeName, claimName: mount.claimName, mountPath: mount.mountPath, subPath: mount.subPath, readOnly: mount.readOnly ?? false };
  });
  return mounts.length ? mounts : undefined;
}
