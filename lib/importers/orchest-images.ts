import { hubRepository } from "../model/image";
import type { LabServiceProps } from "../model/lab";

// Orchest runs every service as root (`runAsUser: 0`, services/orchest-api/app/app/core/sessions/
// _manifests.py) with no memory limit. Under Pod Security `restricted` a container must not run
// as root, so each image needs a user it works as, and the paths it writes must be writable.

/** Settings under which an image runs as non-root, and why. */
export interface ImageSettings {
  readonly security: NonNullable<LabServiceProps["security"]>;
  readonly resources?: LabServiceProps["resources"];
  readonly env?: Readonly<Record<string, string>>;
  /** What the settings are for, for the docs and the tests. */
  readonly why: string;
}

/** Uid/gid that run unknown images (no known user of their own). */
export const UNKNOWN_IMAGE_USER = 1000;

/**
 * Images whose official builds come with a non-root user (or work as one), by Docker Hub
 * repository (`redis`, `library/redis` and `docker.io/library/redis` are one image; another
 * owner's `bitnami/redis` is not). Each entry follows the image's Dockerfile.
 */
const KNOWN: ReadonlyArray<{ readonly repositories: readonly string[]; readonly settings: ImageSettings }> = [
  {
    // docker-library/redis: user redis (999); RDB snapshots go to WORKDIR /data (default `save` rules).
    repositories: ["redis", "library/redis"],
    settings: {
      security: { runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false },
      why: "user redis (999) of the official image; writes its snapshots to /data",
    },
  },
  {
    // docker-library/postgres: user postgres (999); PGDATA and /var/run/postgresql are made writable for it.
    repositories: ["postgres", "library/postgres"],
    settings: {
      security: { runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false },
      resources: { memory: "512Mi" },
      why: "user postgres (999) of the official image; writes PGDATA and /var/run/postgresql",
    },
  },
  {
    // docker-library/mysql: user mysql (999); writes /var/lib/mysql and /var/run/mysqld.
    repositories: ["mysql", "library/mysql"],
    settings: {
      security: { runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false },
      resources: { memory: "512Mi" },
      why: "user mysql (999) of the official image; writes /var/lib/mysql and /var/run/mysqld",
    },
  },
  {
    // docker-library/rabbitmq: user rabbitmq (999); writes /var/lib/rabbitmq.
    repositories: ["rabbitmq", "library/rabbitmq"],
    settings: {
      security: { runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false },
      resources: { memory: "512Mi" },
      why: "user rabbitmq (999) of the official image; writes /var/lib/rabbitmq",
    },
  },
  {
    // tensorflow/tensorflow has no user of its own; TensorBoard only writes under /tmp and $HOME.
    repositories: ["tensorflow/tensorflow"],
    settings: {
      security: { runAsUser: 1000, runAsGroup: 1000 },
      resources: { memory: "1Gi" },
      env: { HOME: "/tmp" },
      why: "any uid works; TensorBoard writes only to /tmp (HOME=/tmp)",
    },
  },
  {
    // codercom/code-server: user coder (1000); writes its settings and extensions under /home/coder.
    repositories: ["codercom/code-server"],
    settings: {
      security: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false },
      resources: { memory: "1Gi" },
      why: "user coder (1000) of the image; writes under /home/coder",
    },
  },
  {
    // orchest/streamlit: Streamlit writes ~/.streamlit; the app lives in the bound project directory.
    repositories: ["orchest/streamlit"],
    settings: {
      security: { runAsUser: 1000, runAsGroup: 1000 },
      resources: { memory: "512Mi" },
      env: { HOME: "/tmp" },
      why: "any uid works; Streamlit writes only ~/.streamlit (HOME=/tmp)",
    },
  },
];

/** Settings for a known image, or undefined when modelship does not know the user it runs as. */
export function knownImageSettings(image: string): ImageSettings | undefined {
  const repository = hubRepository(image);
  return KNOWN.find((entry) => entry.repositories.includes(repository))?.settings;
}

/**
 * Settings for an image modelship knows nothing about: a non-root uid (the pod would otherwise be
 * refused by `runAsNonRoot` if the image's user is root, as most images Orchest ran are), a
 * writable root filesystem (Orchest gave one) and HOME=/tmp.
 */
export const UNKNOWN_IMAGE_SETTINGS: ImageSettings = {
  security: { runAsUser: UNKNOWN_IMAGE_USER, runAsGroup: UNKNOWN_IMAGE_USER, readOnlyRootFilesystem: false },
  env: { HOME: "/tmp" },
  why: "unknown image: run as uid 1000 with a writable root filesystem",
};
