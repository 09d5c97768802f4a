import { checkObjects, formatViolation } from "../../lib/policy";
import { embeddedManifests } from "./argo";

type Obj = Record<string, any>;

const line = (o: Obj) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`;

/**
 * A review-sized summary of a rendering: one line per object (`Kind namespace/name`, in order),
 * the objects Argo resource templates apply, and every policy finding. A snapshot of it shows any
 * object added, removed, renamed or reordered, and any new warning; targeted assertions check
 * the objects' contents.
 */
export function inventory(objects: readonly Obj[]): string {
  const embedded = embeddedManifests(objects);
  const findings = checkObjects([...objects]).map(formatViolation);
  return [
    ...objects.map(line),
    ...(embedded.length ? ["", "applied by Argo resource templates:", ...embedded.map(line)] : []),
    "",
    `policy findings: ${findings.length}`,
    ...findings,
    "",
  ].join("\n");
}
