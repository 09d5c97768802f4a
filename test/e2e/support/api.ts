// A small client for the e2e control plane: raw HTTPS with the admin client certificate from the
// kubeconfig that test/e2e/run.sh writes, server-side apply with strict field validation,
// discovery, and impersonation. Raw requests keep the server's own status messages visible.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { parse } from "yaml";

interface Conn {
  server: URL;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

let conn: Conn | undefined;
function connection(): Conn {
  if (conn) return conn;
  const file = process.env.KUBECONFIG;
  if (!file) throw new Error("KUBECONFIG is not set: run the e2e tier with `npm run test:e2e`");
  const kc = parse(fs.readFileSync(file, "utf8"));
  const rel = (p: string) => fs.readFileSync(path.resolve(path.dirname(file), p));
  conn = {
    server: new URL(kc.clusters[0].cluster.server),
    ca: rel(kc.clusters[0].cluster["certificate-authority"]),
    cert: rel(kc.users[0].user["client-certificate"]),
    key: rel(kc.users[0].user["client-key"]),
  };
  return conn;
}

export interface Impersonate {
  user: string;
  groups?: string[];
}

export interface Reply<T = any> {
  status: number;
  body: T;
  /** The server's Warning headers (e.g. Pod Security "would violate" in warn mode). */
  warnings: string[];
}

export function request<T = any>(method: string, urlPath: string, body?: unknown, opts: { contentType?: string; as?: Impersonate } = {}): Promise<Reply<T>> {
  const c = connection();
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string | string[]> = { Accept: "application/json" };
  if (payload !== undefined) headers["Content-Type"] = opts.contentType ?? "application/json";
  if (opts.as) {
    headers["Impersonate-User"] = opts.as.user;
    if (opts.as.groups?.length) headers["Impersonate-Group"] = opts.as.groups;
  }
  return new Promise((resolve, reject) => {
    const req = https.request({ host: c.server.hostname, port: c.server.port, path: urlPath, method, ca: c.ca, cert: c.cert, key: c.key, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: any = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* plain-text replies such as /version errors stay strings */
        }
        const w = res.headers.warning;
        const warnings = (Array.isArray(w) ? w : w ? [w] : []).map((x) => x.replace(/^\d+ \S+ "?|"$/g, ""));
        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export async function ok<T = any>(r: Promise<Reply<T>>, what: string): Promise<T> {
  const res = await r;
  if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status}: ${(res.body as any)?.message ?? JSON.stringify(res.body)}`);
  return res.body;
}

interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}
const discovery = new Map<string, Map<string, ResourceInfo>>();

/** The REST mapping of apiVersion+kind, from the server's discovery (refreshed once on a miss). */
export async function resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let kinds = discovery.get(apiVersion);
    if (!kinds || attempt === 1) {
      const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const res = await request(base === "/api/v1" ? "GET" : "GET", base);
      kinds = new Map();
      if (res.status === 200) {
        for (const r of res.body.resources as any[]) {
          if (!r.name.includes("/")) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
        }
      }
      discovery.set(apiVersion, kinds);
    }
    const hit = kinds.get(kind);
    if (hit) return hit;
  }
  return undefined;
}

export async function objectPath(
  obj: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } },
  defaultNamespace = "default",
): Promise<string> {
  const info = await resourceFor(obj.apiVersion, obj.kind);
  if (!info) throw new Error(`${obj.apiVersion} ${obj.kind} is not served by this API server`);
  const base = obj.apiVersion.includes("/") ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = info.namespaced ? `/namespaces/${obj.metadata.namespace ?? defaultNamespace}` : "";
  return `${base}${ns}/${info.plural}${obj.metadata.name ? `/${encodeURIComponent(obj.metadata.name)}` : ""}`;
}

/**
 * Server-side apply with strict field validation (unknown or duplicate fields are errors, as
 * `kubectl apply --server-side --validate=strict`).
 */
export async function apply(obj: any, opts: { as?: Impersonate; dryRun?: boolean; fieldManager?: string } = {}): Promise<Reply> {
  const p = await objectPath(obj);
  const q = new URLSearchParams({ fieldManager: opts.fieldManager ?? "modelship-e2e", fieldValidation: "Strict", force: "true" });
  if (opts.dryRun) q.set("dryRun", "All");
  return request("PATCH", `${p}?${q}`, obj, { contentType: "application/apply-patch+yaml", as: opts.as });
}

export async function get(p: string): Promise<any | undefined> {
  const r = await request("GET", p);
  return r.status === 200 ? r.body : undefined;
}

export async function list(p: string): Promise<any[]> {
  return (await ok(request("GET", p), `list ${p}`)).items as any[];
}

export async function waitFor<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The groups a ServiceAccount token authenticates with. */
export function serviceAccount(namespace: string, name: string): Impersonate {
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
  };
}

/** A SubjectAccessReview for a ServiceAccount (what `kubectl auth can-i --as=...` asks). */
export async function can(
  sa: Impersonate,
  attrs: { verb: string; resource: string; group?: string; namespace?: string; subresource?: string; name?: string },
): Promise<boolean> {
  const body = {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: { user: sa.user, groups: sa.groups, resourceAttributes: { group: attrs.group ?? "", ...attrs } },
  };
  const r = await ok(request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body), "SubjectAccessReview");
  return r.status.allowed === true;
}

/** Counters the run script prints in its final line (one JSON file per test file). */
export function record(name: string, counts: Record<string, number>): void {
  const dir = process.env.E2E_DIR;
  if (!dir) return;
  fs.mkdirSync(path.join(dir, "stats"), { recursive: true });
  fs.writeFileSync(path.join(dir, "stats", `${name}.json`), JSON.stringify(counts));
}
