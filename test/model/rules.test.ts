import { describe, expect, it } from "vitest";
import { resolveLabProject, type LabProjectProps } from "../../lib/model/lab";
import { resolveModelService, type ModelServiceProps } from "../../lib/model/model-service";
import { QUALIFIED_NAME } from "../../lib/model/rules";
import { ENV_VAR_NAME } from "../../lib/model/names";

const image = "registry.example.com/ml/iris:1.0.0";
const service = (props: Record<string, unknown>) => () => resolveModelService({ image, ...props } as ModelServiceProps, { name: "iris" });
const lab = (props: Record<string, unknown>) => () =>
  resolveLabProject({ name: "demo", services: [{ name: "api", image, port: 8080 }], ...props } as LabProjectProps, { name: "demo" });
const labService = (props: Record<string, unknown>) => lab({ env: { MY_TOKEN_URL: "https://x" }, services: [{ name: "api", image, port: 8080, ...props }] });

describe("label and annotation keys: one rule (the API server's qualified name) for every construct", () => {
  it.each(["team", "example.com/team", "a.b-c.example/x_y.z", `${"a".repeat(253)}/k`, `${"k".repeat(63)}`])("accepts %s", (key) => {
    expect(QUALIFIED_NAME.test(key)).toBe(true);
    expect(service({ labels: { [key]: "v" }, podAnnotations: { [key]: "v" } })).not.toThrow();
    expect(lab({ labels: { [key]: "v" } })).not.toThrow();
  });

  // ModelService labels used to accept a prefix of any dots and dashes ('-bad-/team'), and
  // annotations one with empty labels ('a..b/x'); the API server refuses both.
  it.each(["-bad-/team", "a..b/team", "Example.com/team", "/team", `${"a".repeat(254)}/k`, "k".repeat(64), "bad key!"])("refuses %s in ModelService and LabProject alike", (key) => {
    expect(QUALIFIED_NAME.test(key)).toBe(false);
    expect(service({ labels: { [key]: "v" } })).toThrow("is not a valid label key");
    expect(service({ gpu: { count: 1, nodeSelector: { [key]: "v" } } })).toThrow("is not a valid label key");
    expect(service({ podAnnotations: { [key]: "v" } })).toThrow("is not a valid annotation key");
    expect(lab({ labels: { [key]: "v" } })).toThrow("is not a valid label key");
  });
});

describe("environment variable names: one rule (IsEnvVarName) wherever a variable is named", () => {
  // modelFile.envVar and the lab's envInherit/basePathEnv used to allow only C identifiers, while
  // env accepted 'MY.VAR-1' as the API server does.
  it.each(["MODEL_FILE", "MY.VAR-1", "_x", "-dash", "my.env-name"])("accepts %s in env, modelFile.envVar and a lab service's basePathEnv", (name) => {
    expect(ENV_VAR_NAME.test(name)).toBe(true);
    expect(service({ env: { [name]: "x" } })).not.toThrow();
    expect(service({ persistence: true, modelFile: { path: "/data/m.pkl", envVar: name } })).not.toThrow();
    expect(labService({ basePathEnv: name })).not.toThrow();
  });

  it("a lab service inherits a project variable with a dotted name", () => {
    const spec = lab({ env: { "MY.VAR-1": "x" }, services: [{ name: "api", image, port: 8080, envInherit: ["MY.VAR-1"] }] })();
    expect(spec.services[0].service.workload.env).toContainEqual(["MY.VAR-1", "x"]);
  });

  // The API server also refuses '.' and names starting with '..' (hasChDirPrefix): env used to accept them.
  it.each(["1BAD", ".", "..", "..x", "a=b", "has space", ""])("refuses %j everywhere", (name) => {
    expect(ENV_VAR_NAME.test(name)).toBe(false);
    expect(service({ env: { [name]: "x" } })).toThrow("is not a valid environment variable name");
    expect(service({ persistence: true, modelFile: { path: "/data/m.pkl", envVar: name } })).toThrow("is not a valid environment variable name");
    expect(labService({ basePathEnv: name })).toThrow("is not a valid environment variable name");
  });
});

describe("absolute paths", () => {
  it("one rule for the working directory, claim mounts, the model file and lab binds", () => {
    expect(service({ workingDir: "app" })).toThrow("'workingDir' must be an absolute path");
    expect(service({ claimMounts: [{ claimName: "c", mountPath: "data" }] })).toThrow("'claimMounts[0].mountPath' must be an absolute path");
    expect(service({ persistence: true, modelFile: { path: "m.pkl" } })).toThrow("'modelFile.path' must be an absolute path");
    expect(labService({ binds: { "/data": "data" } })).toThrow("must be an absolute path");
  });
});
