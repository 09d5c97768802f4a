import { z } from "zod";
import { canarySchema, type CanaryProps } from "./canary";
import { problem } from "./errors";
import { int32 } from "./int32";
import { healthSchema, type HealthProps } from "./health";
import { rolloutSchema, shutdownSchema, type RolloutProps, type ShutdownProps } from "./lifecycle";
import { metricsSchema, type MetricsProps } from "./metrics";
import { modelSourceSchema, type ModelSourceProps } from "./model-source";
import { IANA_SVC_NAME } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { routeSchema, type RouteProps } from "./route";
import { runtimeSchema, type RuntimeProps } from "./runtime";
import { autoscalingSchema, availabilitySchema, kedaSchema, type AutoscalingProps, type AvailabilityProps, type KedaProps } from "./scaling";
import { homeSchema, shmSchema, type HomeProps, type SharedMemoryProps } from "./scratch";
import { claimMountsSchema, modelFileSchema, persistenceSchema, type ClaimMountProps, type ModelFileProps, type PersistenceProps } from "./volumes";
import { workloadShape, type WorkloadProps } from "./workload";
import { labelNameSchema, labelValueSchema, serviceNameSchema, subdomainNameSchema } from "./rules";

/** A named port the service listens on. */
export interface ServicePortProps {
  /** IANA service name (<= 15 chars, lowercase), used by probes and routes. */
  readonly name: string;
  /** Container port, also the Service port. */
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  /** Application protocol hint for gateways (e.g. `http`, `kubernetes.io/h2c`). @default - none */
  readonly appProtocol?: string;
}

/** A model server: a Deployment behind a ClusterIP Service, with probes, security and availability. */
export interface ModelServiceProps extends Omit<WorkloadProps, "image"> {
  /** Container image, pinned (see WorkloadProps.image). Required unless `runtime` gives one. */
  readonly image?: string;
  /** Name of every object. @default - the construct's id */
  readonly name?: string;
  /** @default - the chart's or provider's namespace */
  readonly namespace?: string;
  /** `app.kubernetes.io/part-of`. @default - the name */
  readonly partOf?: string;
  /** `app.kubernetes.io/version` on every object (not on selectors); `false` for none. @default - the image tag, when it is a valid label value */
  readonly version?: string | false;
  /** A serving runtime preset (Runtime.vllm(), .triton(), ...): defaults under these props. @default - none */
  readonly runtime?: RuntimeProps;
  /** Where the model comes from (ModelSource.image(), .uri(), .pvc()); sets MODEL_DIR / MODEL_FILE. @default - none */
  readonly model?: ModelSourceProps;
  /** Ports. @default [{ name: "http", port: 8080 }] (ML Lab's default) */
  readonly ports?: readonly ServicePortProps[];
  /** A single port named `http` (Bodywork's `PORT`); give either this or `ports`. */
  readonly port?: number;
  /** Name of the port probes and routes use. @default - the first port */
  readonly primaryPort?: string;
  /** Replicas. Not allowed with `autoscaling` or `keda`, which then own the count. @default 1 */
  readonly replicas?: number;
  /** Probes. @default - TCP on the primary port, 60 s startup budget, lenient liveness */
  readonly health?: HealthProps;
  /** preStop sleep and grace period. @default - 10 s preStop, 40 s grace period */
  readonly shutdown?: ShutdownProps;
  /** Rolling-update bounds. @default - maxSurge 25% / maxUnavailable 0; 0 / 1 with GPUs */
  readonly rollout?: RolloutProps;
  /** `runtimeClassName` of the pods (e.g. `nvidia`). @default - the cluster's default */
  readonly runtimeClassName?: string;
  /** A writable home directory; `false` for none. @default - true when `model` or `runtime` is given */
  readonly home?: HomeProps | boolean;
  /** A memory-backed `/dev/shm`. @default - the runtime's (vLLM, Triton: true), else none */
  readonly shm?: SharedMemoryProps | boolean;
  /** Prometheus metrics endpoint and scrape annotations. @default - the runtime's, else none */
  readonly metrics?: MetricsProps;
  /** A `/data` volume backed by a PVC. `true` takes every default. @default - none */
  readonly persistence?: PersistenceProps | boolean;
  /** Existing claims (or sub-directories of them) to mount. @default - none */
  readonly claimMounts?: readonly ClaimMountProps[];
  /** A model file passed by path (`MODEL_FILE`), on the data volume or a claim. @default - none */
  readonly modelFile?: ModelFileProps;
  /** HPA. @default - none: fixed replicas */
  readonly autoscaling?: AutoscalingProps;
  /** KEDA ScaledObject (scale to zero, Prometheus triggers); not with `autoscaling`. @default - none */
  readonly keda?: KedaProps;
  /** PDB and topology spread. @default - both when replicas > 1 */
  readonly availability?: AvailabilityProps;
  /** A Gateway API HTTPRoute to the primary port (or `route.port`) through an existing Gateway. @default - none: in-cluster only */
  readonly route?: RouteProps;
  /** A canary or shadow version behind the route. @default - none */
  readonly canary?: CanaryProps;
  /** JSON patches on the final objects. @default - none */
  readonly patches?: readonly ObjectPatch[];
}

const portSchema = z.strictObject({
  name: z.string().regex(IANA_SVC_NAME, {
    error: problem("is not a valid port name", "use up to 15 lowercase letters, digits and '-', with at least one letter (e.g. 'http')."),
  }),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
  appProtocol: z.string().optional(),
});

export const modelServiceSchema = z.strictObject({
  ...workloadShape,
  image: workloadShape.image.optional(),
  name: serviceNameSchema.optional(),
  namespace: labelNameSchema.optional(),
  partOf: labelValueSchema.optional(),
  version: z.union([labelValueSchema, z.literal(false)]).optional(),
  runtime: runtimeSchema.optional(),
  model: modelSourceSchema.optional(),
  ports: z.array(portSchema).min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  primaryPort: z.string().optional(),
  replicas: int32(
    z
      .number({ error: problem("must be an integer >= 0", "use 0 or more.") })
      .int({ error: problem("must be an integer >= 0", "use a whole number.") })
      .min(0, { error: problem("must be an integer >= 0", "use 0 or more.") }),
  ).optional(),
  health: healthSchema.optional(),
  shutdown: shutdownSchema.optional(),
  rollout: rolloutSchema.optional(),
  runtimeClassName: subdomainNameSchema.optional(),
  home: homeSchema.optional(),
  shm: shmSchema.optional(),
  metrics: metricsSchema.optional(),
  persistence: persistenceSchema.optional(),
  claimMounts: claimMountsSchema.optional(),
  modelFile: modelFileSchema.optional(),
  autoscaling: autoscalingSchema.optional(),
  keda: kedaSchema.optional(),
  availability: availabilitySchema.optional(),
  route: routeSchema.optional(),
  canary: canarySchema.optional(),
  patches: z.array(objectPatchSchema).optional(),
});

/** ModelService props as the schema parses them (before defaults). */
export type ParsedModelService = z.output<typeof modelServiceSchema>;
