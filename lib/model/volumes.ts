import { z } from "zod";
import { absolutePathSchema, envVarNameSchema, relativePathSchema, subdomainNameSchema } from "./rules";
import { memorySchema } from "./quantity";

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
