import type { ModelServiceProps } from "../../lib";

/**
 * The "Docker-izing Inference" Flask API (seed 004): `api.py` serves predictions on port 5000 and
 * loads the model named by `MODEL_FILE`, here `/data/model.pkl` on a PersistentVolumeClaim
 * mounted at `/data` (the seed's `docker run -v .../data:/data -e MODEL_FILE=/data/model.pkl`).
 *
 * The seed's image is built `FROM ubuntu` without a USER; under the restricted defaults it must
 * run as a non-root UID, so the example pins one (the API needs no root).
 */
export const dockerizedInference: ModelServiceProps = {
  name: "model-inference",
  namespace: "inference",
  image: "dwhitena/model-inference:v1.0.0",
  command: ["python", "/api.py"],
  port: 5000,
  resources: { cpu: "500m", memory: "512Mi" },
  health: { probe: { type: "http", path: "/prediction?slength=1.5&swidth=0.7&plength=1.3&pwidth=0.3" }, maxStartupSeconds: 60 },
  persistence: { size: "1Gi", readOnly: true },
  modelFile: { path: "/data/model.pkl" },
  security: { runAsUser: 10001, runAsGroup: 10001 },
};
