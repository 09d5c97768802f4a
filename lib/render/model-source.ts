import type { ModelSourceSpec } from "../model/model-source";
import { cpuQuantity } from "../model/quantity";
import type { InitContainer, MountedVolume } from "./pod";
import { compact } from "./types";

const MODEL_VOLUME = "model";
const DOWNLOAD_DIR = "/model-download";

/**
 * The download script. The URI, directory, digest and file come in as positional arguments, never
 * pasted into the script, so no value can inject shell. A marker file records a finished download:
 * a pod finding it in the cache claim skips the download; a pod that was killed mid-download
 * left no marker and downloads again. The digest is checked on every start, cached copy or not:
 * the claim is shared and writable, and the pin must hold for the bytes the server reads.
 */
const DOWNLOAD_SCRIPT = [
  "set -eu",
  'marker="$2/.modelship-complete"',
  'if [ -f "$marker" ]; then echo "model found in $2"; else',
  '/storage-initializer/scripts/initializer-entrypoint "$1" "$2"',
  "fi",
  'if [ -n "$3" ]; then echo "$3  $2/$4" | sha256sum -c -; fi',
  'touch "$marker"',
].join("\n");

/** Volumes, init containers and env of a model source. */
export function renderModelSource(source: ModelSourceSpec): {
  volumes: MountedVolume[];
  initContainers: InitContainer[];
  env: Array<readonly [string, string]>;
} {
  const env = [...source.env];
  if (source.image) {
    return {
      volumes: [
        {
          volume: { name: MODEL_VOLUME, image: compact({ reference: source.image.reference, pullPolicy: source.image.pullPolicy }) },
          mount: { name: MODEL_VOLUME, mountPath: source.mountPath, readOnly: true },
        },
      ],
      initContainers: [],
      env,
    };
  }
  if (source.claim) {
    return {
      volumes: [
        {
          volume: { name: MODEL_VOLUME, persistentVolumeClaim: { claimName: source.claim.claimName, readOnly: true } },
          mount: compact({ name: MODEL_VOLUME, mountPath: source.mountPath, subPath: source.claim.subPath, readOnly: true }),
        },
      ],
      initContainers: [],
      env,
    };
  }
  const download = source.download!;
  const volume = download.cacheClaim
    ? { name: MODEL_VOLUME, persistentVolumeClaim: { claimName: download.cacheClaim } }
    : { name: MODEL_VOLUME, emptyDir: { sizeLimit: download.sizeLimit } };
  const downloader: InitContainer = {
    name: "model-download",
    image: download.image,
    command: ["/bin/sh", "-c", DOWNLOAD_SCRIPT, "model-download", download.uri, DOWNLOAD_DIR, download.sha256 ?? "", download.file ?? ""],
    // Libraries the downloader uses write caches under HOME; the image's home is on the read-only root.
    env: [["HOME", "/tmp"]],
    envFromSecret: download.credentialsSecret,
    resources: { requests: { cpu: cpuQuantity(download.cpu), memory: download.memory }, limits: { memory: download.memory } },
    volumeMounts: [compact({ name: MODEL_VOLUME, mountPath: DOWNLOAD_DIR, subPath: download.cacheSubPath })],
  };
  return {
    volumes: [{ volume, mount: compact({ name: MODEL_VOLUME, mountPath: source.mountPath, subPath: download.cacheSubPath, readOnly: true }) }],
    initContainers: [downloader],
    env,
  };
}
