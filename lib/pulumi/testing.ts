// Pulumi testing API (`modelship/pulumi/testing`): run a program offline under Pulumi's mocks,
// preview what it would create, and the helpers the components emit with (typed Kubernetes
// resources from plain objects, `dependsOn` merging, await annotations) for building on them.
// api/modelship-pulumi-testing.api.md records this surface.
export { installMocks, mockImageDigest, type MockRun, type MockOptions, type RecordedResource } from "./mocks";
export { previewProgram, formatPreview, orderByDependencies, readProject, type PreviewResult, type StackProject } from "./preview";
export { createKubeResource, kubeResourceClass, logicalName, type KubeObjectInput, type KubeResourceClass } from "./kube-object";
export { mergeDependsOn, type DependsOn } from "./emit";
export {
  TIMEOUT_ANNOTATION,
  REPLACE_UNREADY_ANNOTATION,
  AWAIT_SLACK_SECONDS,
  deploymentAwaitSeconds,
  jobAwaitSeconds,
  withAwaitTimeouts,
  withJobReruns,
  withoutPulumiAnnotations,
} from "./await";
export type { KubeObject, ObjectMeta } from "../render/types";
