import { resolveModelService, type ModelServiceProps } from "../model/model-service";
import { renderModelService } from "../render/model-service";
import type { KindHandler } from "./kinds";

/**
 * The ModelService kind's handler, in a module of its own: a definition file of ModelServices
 * only (the common one) is rendered by the CLI without loading the other kinds' code.
 */
export const modelServiceKind: KindHandler = {
  kind: "ModelService",
  resolveAndRender(props, ref) {
    const spec = resolveModelService(props as ModelServiceProps, ref);
    return renderModelService(spec, ref);
  },
};
