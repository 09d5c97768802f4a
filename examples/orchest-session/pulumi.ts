import type * as pulumi from "@pulumi/pulumi";
import type { LabProjectProps } from "../../lib";
import { LabProject } from "../../lib/pulumi";
import { orchestSession } from "./props";

/** The imported Orchest session as Pulumi resources: the twin of `cdk8s.ts`, from the same file. */
export function orchestSessionProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new LabProject("orchest-session", orchestSession().props as LabProjectProps, opts);
}
