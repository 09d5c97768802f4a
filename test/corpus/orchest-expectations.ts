// What Orchest itself does with each corpus pipeline, written by hand from orchest/orchest's
// source (lib/python/orchest-internals/_orchest/internals/compat.py migrations;
// services/orchest-api/app/app/core/sessions/_manifests.py session manifests):
// - `entrypoint` + `command` (pre-1.1.0 files) become command [entrypoint], args = command;
//   the container runs `command: [command]` (one word) and `args: shlex.split(args)`;
// - no ports: redis 6379, postgres 5432, ... by image name; `exposed` defaults to false,
//   `requires_authentication` to true; names are lower-cased;
// - `$BASE_PATH_PREFIX` in the config becomes the service's base path; `_<port>` is appended
//   by the user (here: api/projects/<project>/services/<service>/<port>);
// - services run as root (here: the image's own non-root user, or 1000).
// Images without a tag are refused unless --allow-mutable-image; Orchest environments always.
// Never derived from modelship's output.

export interface OrchestServiceExpectation {
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports: readonly number[];
  /** Routed ports (exposed services). */
  readonly routed?: readonly number[];
  readonly env?: Readonly<Record<string, string>>;
  readonly mounts?: readonly string[];
  /** The uid it runs as. */
  readonly runAsUser: number;
}

export interface OrchestExpectation {
  /** Fields refused without --allow-mutable-image (image tags). */
  readonly strictRefused?: readonly string[];
  /** With --allow-mutable-image: the services of the interactive session, or the refusal. */
  readonly services?: Readonly<Record<string, OrchestServiceExpectation>>;
  readonly refused?: ReadonlyArray<{ readonly field: string; readonly fix: string }>;
  /** Warnings the import must give (prefixes). */
  readonly warnings?: readonly string[];
}

const base = (service: string, port: number) => `api/projects/corpus/services/${service}/${port}`;
const postgres = (env: Record<string, string>, ports = [5432]): OrchestServiceExpectation => ({ ports, env, runAsUser: 999 });
const redis: OrchestServiceExpectation = { ports: [6379], runAsUser: 999 };
const streamlitTemplate = (script: string): OrchestServiceExpectation => ({
  command: ["bash"],
  args: ["-c", script],
  ports: [8501],
  env: { STREAMLIT_SERVER_BASE_URL_PATH: base("streamlit", 8501) },
  mounts: ["/data", "/usr/src/app/src"],
  runAsUser: 1000,
});
const connectivity = (tensorboard: string): OrchestExpectation => ({
  strictRefused: ["services.postgres.image", "services.redis.image", "services.streamlit.image", "services.tensorboard.image", "services.vscode.image"],
  services: {
    postgres: postgres({ POSTGRES_HOST_AUTH_METHOD: "trust" }),
    redis,
    streamlit: streamlitTemplate("umask 002 && touch /usr/src/app/src/streamlit.py && streamlit run src/streamlit.py"),
    tensorboard: { command: ["bash"], args: ["-c", tensorboard], ports: [6006], mounts: ["/data"], runAsUser: 1000 },
    vscode: { command: ["bash"], args: ["-c", "umask 002 && code-server --auth none --bind-addr 0.0.0.0:8080 /home/coder/code-server"], ports: [8080], mounts: ["/home/coder/code-server"], runAsUser: 1000 },
  },
  warnings: ["steps: the pipeline's 1 step is not imported"],
});

export const ORCHEST_EXPECTATIONS: Readonly<Record<string, OrchestExpectation>> = {
  "orchest/orchest--services_connectivity--52a257b": connectivity("umask 002 && tensorboard --logdir /data --host 0.0.0.0"),
  "orchest/orchest--services_connectivity--f2edf63": connectivity("umask 002 && tensorboard --logdir /data --host 0.0.0.0"),
  "orchest/orchest--services_connectivity--f7e9b21": connectivity("umask 002 && tensorboard --logdir /data --bind_all"),
  // `command: ""` is no command (Orchest: "K8S doesn't like empty commands").
  "orchest/orchest-dbt--main--496accf": { strictRefused: ["services.postgres.image"], services: { postgres: postgres({ POSTGRES_DB: "jaffle_shop", POSTGRES_HOST_AUTH_METHOD: "trust" }) }, warnings: ["steps: the pipeline's 2 steps are not imported"] },
  "orchest/orchest-dbt--main--7828300": { strictRefused: ["services.postgres.image"], services: { postgres: postgres({ POSTGRES_DB: "jaffle_shop", POSTGRES_HOST_AUTH_METHOD: "trust" }) } },
  // Three ports, not exposed (a 1.0.0 file without `exposed`); an image modelship does not know: uid 1000, with a warning.
  "orchest/orchest-questdb--main--3cd0859": {
    strictRefused: ["services.questdb.image"],
    services: { questdb: { ports: [9000, 9009, 8812], runAsUser: 1000 } },
    warnings: ["steps: the pipeline's 2 steps are not imported", "services.questdb.image: 'questdb/questdb' is not an image modelship knows the user of"],
  },
  "orchest/orchest-redis-postgres--main--76cf37e": { strictRefused: ["services.postgres.image", "services.redis.image"], services: { postgres: postgres({ POSTGRES_HOST_AUTH_METHOD: "trust" }), redis } },
  "orchest/orchest-redis-postgres--main--ca07199": { strictRefused: ["services.postgres.image", "services.redis.image"], services: { postgres: postgres({ POSTGRES_HOST_AUTH_METHOD: "trust" }), redis } },
  "orchest/orchest-streamlit-public-example--main--d7065c5": {
    strictRefused: ["services.streamlit.image"],
    services: { streamlit: streamlitTemplate("umask 002 && touch /usr/src/app/src/streamlit.py && streamlit run src/streamlit.py") },
  },
  "orchest/two-phase-pipeline-streamlit--main--13d3e12": {
    strictRefused: ["services.streamlit.image"],
    services: { streamlit: streamlitTemplate("umask 002 && touch /usr/src/app/src/streamlit.py && cd /usr/src/app/src && streamlit run streamlit.py") },
    warnings: ["steps: the pipeline's 4 steps are not imported"],
  },
  // The Streamlit service runs an Orchest environment image, which exists only inside Orchest.
  "orchest/orchest-weaviate-tweakers-search--main--3a9e4bb": { refused: [{ field: "services.streamlit.image", fix: "build the environment into an image" }] },
  "orchest/orchest-weaviate-tweakers-search--main--8525b61": { refused: [{ field: "services.streamlit.image", fix: "build the environment into an image" }] },
  // ... and `$BASE_PATH_PREFIX:9999` used as another service's host name (the Orchest session's naming).
  "orchest/orchest-weaviate-tweakers-search--main--b2c263c": {
    refused: [
      { field: "services.streamlit.image", fix: "build the environment into an image" },
      { field: "services.weaviate.env_variables.CONTEXTIONARY_URL", fix: "write $BASE_PATH_PREFIX_<port>" },
    ],
  },
  "orchest/orchest-weaviate-tweakers-search--main--d824532": {
    refused: [
      { field: "services.streamlit.image", fix: "build the environment into an image" },
      { field: "services.weaviate.env_variables.CONTEXTIONARY_URL", fix: "write $BASE_PATH_PREFIX_<port>" },
    ],
  },
};
