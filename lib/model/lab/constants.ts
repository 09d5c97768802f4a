/** The variables a LabProject injects into its services (unless `labEnv: false`). */
export const LAB_ENV = ["LAB_ENDPOINT", "LAB_PROJECT", "LAB_API_TOKEN", "LAB_SERVICE_PATH"] as const;
/** The cookie and query parameter that carry the project token through the ingress. */
export const LAB_TOKEN_COOKIE = "lab_access_token";
export const LAB_TOKEN_PARAM = "lab_token";
/** Marks every object (and the namespace) of a project; the LabPlatform admission policy reads it. */
export const PROJECT_LABEL = "lab.modelship.io/project";
/** Namespaces no project may take: Kubernetes' own (their ServiceAccounts and Secrets are the cluster's). */
export const RESERVED_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease", "default"];
export const FEATURE_LABEL = "lab.modelship.io/feature-type";
