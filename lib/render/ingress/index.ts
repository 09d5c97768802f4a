import type { LabIngressProvider } from "../../model/lab";
import { extAuthProvider } from "./ext-auth";
import { gatewayApiProvider } from "./gateway-api";
import { ingressNginxProvider } from "./ingress-nginx";
import { istioProvider } from "./istio";
import type { LabRouteProvider } from "./types";

/** Every route provider, by name. */
export const labRouteProviders: Readonly<Record<LabIngressProvider, LabRouteProvider>> = {
  "gateway-api": gatewayApiProvider,
  istio: istioProvider,
  "ext-auth": extAuthProvider,
  "ingress-nginx": ingressNginxProvider,
};

export type { LabRouteContext, LabRouteProvider } from "./types";
export { AUTH_SYNC_WAVE, LAB_AUTH_KINDS, LAB_ROUTE_KINDS, ROUTE_SYNC_WAVE } from "./types";
