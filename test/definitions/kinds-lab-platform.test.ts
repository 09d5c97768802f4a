import { expect, it } from "vitest";
import { kindHandlers } from "../../lib/definitions/kinds";
import { resolveLabPlatform } from "../../lib/model/lab";
import { renderLabPlatform } from "../../lib/render/lab-platform";
import { labPlatform } from "../../examples/lab-project/props";
import { expectValidObjects } from "../support/schema-check";

it("LabPlatform is a registered kind rendering what the construct renders, through the same validation", () => {
  const objects = kindHandlers.LabPlatform.resolveAndRender({ name: "lab", ...labPlatform }, { name: "lab" });
  expect(objects).toEqual(renderLabPlatform(resolveLabPlatform({ name: "lab", ...labPlatform }, { name: "lab" })));
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    "ValidatingAdmissionPolicy/lab-httproutes",
    "ValidatingAdmissionPolicyBinding/lab-httproutes",
    "ValidatingAdmissionPolicy/lab-securitypolicies",
    "ValidatingAdmissionPolicyBinding/lab-securitypolicies",
    "ValidatingAdmissionPolicy/lab-ingresses",
    "ValidatingAdmissionPolicyBinding/lab-ingresses",
  ]);
  expectValidObjects(objects);
  expect(() =>
    kindHandlers.LabPlatform.resolveAndRender(
      { name: "lab", gateways: [{ name: "eg", namespace: "envoy-gateway-system" }] },
      { name: "lab", path: "modelship.yaml" },
    ),
  ).toThrow(/LabPlatform 'lab' \(at modelship.yaml\): 'gateways\[0\]\.sectionName' is required/);
});
