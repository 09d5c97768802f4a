import type { LabServiceProps } from "./props";

/** Options every template takes: anything of a service may be overridden. */
export type LabTemplateOptions = Partial<LabServiceProps>;

/** Default images of the templates, pinned. */
export const LAB_TEMPLATE_IMAGES = {
  tensorboard: "tensorflow/tensorflow:2.16.1",
  vscode: "codercom/code-server:4.96.4",
  redis: "redis:7.4.2",
  workspace: "mltooling/ml-workspace-minimal:0.13.2",
} as const;

function merge(base: LabServiceProps, options: LabTemplateOptions): LabServiceProps {
  return {
    ...base,
    ...options,
    env: { ...(base.env ?? {}), ...(options.env ?? {}) },
    security: { ...(base.security ?? {}), ...(options.security ?? {}) },
  } as LabServiceProps;
}

/**
 * Ready services, each a one-liner, after Orchest's service templates and ML Lab's workspace
 * code-runner. Each returns plain {@link LabServiceProps}; pass overrides as the last argument.
 * The UI templates (Tensorboard, Streamlit, VS Code, the code-runner) are `exposed: true`, as
 * Orchest's templates are; Redis is internal. Pass `{ exposed: false }` to keep one inside.
 * Each starts under the restricted pod security defaults (a non-root uid its image works with,
 * writable paths where it writes). Only the code-runner, an ML Lab workspace, gets the project
 * token and the other `LAB_*` variables; pass `{ labEnv: true }` to give them to another.
 *
 * @example
 * services: [LabTemplates.tensorboard(), LabTemplates.redis(), LabTemplates.codeRunner("git+https://github.com/org/repo.git#subdirectory=service")]
 */
export const LabTemplates = {
  /** Tensorboard on 6006 reading the project's `/data` (Orchest template: umask 002, `--bind_all`). */
  tensorboard(options: LabTemplateOptions = {}): LabServiceProps {
    return merge(
      {
        name: "tensorboard",
        image: LAB_TEMPLATE_IMAGES.tensorboard,
        command: ["bash"],
        args: ["-c", "umask 002 && tensorboard --logdir /data --bind_all --port 6006"],
        ports: [{ name: "http", port: 6006 }],
        exposed: true,
        binds: { "/data": "/data" },
        // tensorflow/tensorflow has no user of its own and HOME=/root: run as 1000, home in /tmp.
        env: { HOME: "/tmp" },
        security: { runAsUser: 1000, runAsGroup: 1000 },
        resources: { cpu: "250m", memory: "512Mi" },
        // Tensorboard does not read ML Lab's variables: no project token in its pod.
        labEnv: false,
      },
      options,
    );
  },

  /**
   * Streamlit on 8501 running `/project-dir/<script>`; the base path is preserved and passed
   * in `STREAMLIT_SERVER_BASE_URL_PATH`, as Orchest's template does. `image` must have streamlit.
   */
  streamlit(image: string, script = "streamlit.py", options: LabTemplateOptions = {}): LabServiceProps {
    return merge(
      {
        name: "streamlit",
        image,
        command: ["bash"],
        args: ["-c", `umask 002 && streamlit run /project-dir/${script} --server.port 8501 --server.address 0.0.0.0 --server.headless true`],
        ports: [{ name: "http", port: 8501 }],
        exposed: true,
        binds: { "/project-dir": "/project-dir" },
        preserveBasePath: true,
        basePathEnv: "STREAMLIT_SERVER_BASE_URL_PATH",
        env: { HOME: "/tmp" },
        // Images built FROM python run as root unless they say otherwise; runAsNonRoot needs a uid.
        security: { runAsUser: 1000, runAsGroup: 1000 },
        labEnv: false,
      },
      options,
    );
  },

  /** VS Code (code-server) on 8080 editing the project directory; its auth is the project token. */
  vscode(options: LabTemplateOptions = {}): LabServiceProps {
    return merge(
      {
        name: "vscode",
        image: LAB_TEMPLATE_IMAGES.vscode,
        command: ["bash"],
        args: ["-c", "umask 002 && code-server --auth none --bind-addr 0.0.0.0:8080 /home/coder/code-server"],
        ports: [{ name: "http", port: 8080 }],
        exposed: true,
        binds: { "/project-dir": "/home/coder/code-server" },
        // code-server writes its settings and extensions under $HOME.
        security: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false },
        resources: { cpu: "500m", memory: "1Gi" },
        labEnv: false,
      },
      options,
    );
  },

  /** Redis on 6379, reachable only inside the project (no route); no persistence (session state). */
  redis(options: LabTemplateOptions = {}): LabServiceProps {
    return merge(
      {
        name: "redis",
        image: LAB_TEMPLATE_IMAGES.redis,
        args: ["redis-server", "--save", "", "--appendonly", "no"],
        ports: [{ name: "redis", port: 6379 }],
        exposed: false,
        // User redis (999) of the official image; with snapshots off it writes nothing.
        security: { runAsUser: 999, runAsGroup: 999 },
        labEnv: false,
      },
      options,
    );
  },

  /**
   * ML Lab's workspace code-runner: the workspace image runs `EXECUTE_CODE` (a pip-VCS URL such
   * as `git+https://github.com/org/repo.git#subdirectory=service`, or a mounted path) as a
   * service on port 8091, after installing `environment.yml`, `setup.sh` and `requirements.txt`.
   * The root filesystem stays writable for those installs. Cloning from git needs egress
   * (`networkPolicy.egress`).
   */
  codeRunner(code: string, options: LabTemplateOptions = {}): LabServiceProps {
    return merge(
      {
        name: "code-runner",
        image: LAB_TEMPLATE_IMAGES.workspace,
        command: ["python", "/resources/docker-entrypoint.py", "--code-only"],
        ports: [{ name: "http", port: 8091 }],
        exposed: true,
        env: { EXECUTE_CODE: code },
        persistence: true,
        security: { runAsUser: 1000, runAsGroup: 100, fsGroup: 100, readOnlyRootFilesystem: false },
        resources: { cpu: "500m", memory: "1Gi" },
        health: { maxStartupSeconds: 600 },
      },
      options,
    );
  },
};
