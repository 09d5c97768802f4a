// The LabProject model, one concept per file: props and schemas, grants, services (their ports
// and exposure planned once), network policy defaults, the project resolve, and the ingress,
// templates and platform next to them.
export * from "./constants";
export * from "./grants";
export * from "./ingress";
export * from "./network-policy";
export * from "./platform";
export * from "./project";
export * from "./props";
export * from "./services";
export * from "./templates";
