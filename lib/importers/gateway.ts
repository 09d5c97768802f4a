import type { RouteParentRefProps } from "../model/route";
import type { ImportOptions } from "../definitions/document";
import type { SourceIssue } from "./source";

/** How to give the Gateway listener, for error messages. */
export const GATEWAY_FIX = "pass --gateway <namespace>/<gateway>:<https-listener> (importer option `gateway`), e.g. --gateway gateway-system/public:https";

/**
 * The Gateway listener of the `gateway` import option (`"<namespace>/<name>:<sectionName>"`, the
 * namespace optional, or an object). Undefined when no option is given; an issue when it is malformed.
 */
export function gatewayOption(options: ImportOptions): { parentRef?: RouteParentRefProps; issue?: SourceIssue } {
  const given = options.gateway;
  if (given === undefined) return {};
  if (typeof given === "object") return { parentRef: given };
  const match = /^(?:([^/:]+)\/)?([^/:]+):([^/:]+)$/.exec(given.trim());
  if (!match) return { issue: { field: "--gateway", problem: "is not <namespace>/<gateway>:<listener>", value: given, fix: `${GATEWAY_FIX}.` } };
  return { parentRef: { ...(match[1] ? { namespace: match[1] } : {}), name: match[2], sectionName: match[3] } };
}
