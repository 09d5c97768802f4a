// Pulumi API (`modelship/pulumi`): ComponentResources over the same model and render as the
// cdk8s constructs. A separate entry point, so cdk8s users never load Pulumi.
export { ModelService, type ModelServiceArgs } from "./model-service";
export type { WorkloadArgs, EnvValueInput, SecretKeyRefInput, ConfigMapKeyRefInput } from "./workload-args";
export type { ImageBuildProps } from "./image-build";
export { DeferredInputs } from "./inputs";
export { createKubeResource, kubeResourceClass, logicalName } from "./kube-object";
export { emitObjects, type EmitOptions } from "./emit";
export { TIMEOUT_ANNOTATION, AWAIT_SLACK_SECONDS, deploymentAwaitSeconds, withAwaitTimeouts, withoutPulumiAnnotations } from "./await";
export { installMocks, mockImageDigest, type MockRun, type MockOptions, type RecordedResource } from "./mocks";
export { previewProgram, formatPreview, orderByDependencies, readProject, type PreviewResult, type StackProject } from "./preview";
