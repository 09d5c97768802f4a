// What the controllers make of the applied objects, with kwok playing the kubelets: Deployments
// become Available and Jobs Complete (their pods admitted by Pod Security and the ServiceAccount
// plugin, scheduled, Ready), Services select those pods, PDBs and HPAs point at what exists.
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { get, list, ok, record, request, waitFor } from "./support/api";
import { storedSources } from "./support/sources";
import { provisionVolumes } from "./support/volumes";

const ROLLOUT_MS = 240_000;

const objects = new Map<string, any>();
for (const s of storedSources()) for (const o of s.objects) objects.set(`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
const ofKind = (kind: string) => [...objects.values()].filter((o) => o.kind === kind);
const namespaces = [...new Set([...objects.values()].map((o) => o.metadata.namespace).filter(Boolean))] as string[];

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Why a namespace's pods are not there: the controllers' and scheduler's warning events. */
async function warnings(ns: string): Promise<string> {
  const events = await list(`/api/v1/namespaces/${ns}/events`);
  return events
    .filter((e) => e.type === "Warning")
    .map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`)
    .slice(-8)
    .join("\n  ");
}

describe("rollout with kwok nodes", () => {
  beforeAll(async () => {
    await provisionVolumes(ofKind("PersistentVolumeClaim"));
    // A CronJob's pods, now: a Job from its template, as `kubectl create job --from=cronjob/...`.
    for (const cj of ofKind("CronJob")) {
      const ns = cj.metadata.namespace;
      const live = await ok(request("GET", `/apis/batch/v1/namespaces/${ns}/cronjobs/${cj.metadata.name}`), `CronJob ${cj.metadata.name}`);
      const job = {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
          name: `${cj.metadata.name}-e2e`.slice(0, 52),
          namespace: ns,
          labels: cj.spec.jobTemplate.metadata?.labels,
          annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
          ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: live.metadata.name, uid: live.metadata.uid, controller: true }],
        },
        spec: cj.spec.jobTemplate.spec,
      };
      const r = await request("POST", `/apis/batch/v1/namespaces/${ns}/jobs`, job);
      if (r.status !== 201 && r.status !== 409) throw new Error(`Job from CronJob ${cj.metadata.name}: ${r.body?.message}`);
      objects.set(`Job/${ns}/${job.metadata.name}`, job);
    }
  });

  it("every Deployment becomes Available with all replicas ready", async () => {
    const deployments = ofKind("Deployment");
    expect(deployments.length).toBeGreaterThan(0);
    const failed: string[] = [];
    const end = Date.now() + ROLLOUT_MS;
    for (const d of deployments) {
      const p = `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}`;
      try {
        await waitFor(`${d.metadata.namespace}/${d.metadata.name}`, Math.max(1_000, end - Date.now()), async () => {
          const live = await get(p);
          const avail = live?.status?.conditions?.some((c: any) => c.type === "Available" && c.status === "True");
          return avail && (live.status.readyReplicas ?? 0) === (live.spec.replicas ?? 1) && live;
        });
      } catch {
        failed.push(`Deployment ${d.metadata.namespace}/${d.metadata.name}:\n  ${await warnings(d.metadata.namespace)}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it("every Job (and a Job from each CronJob) Completes", async () => {
    const jobs = ofKind("Job");
    expect(jobs.length).toBeGreaterThan(0);
    const failed: string[] = [];
    const end = Date.now() + ROLLOUT_MS;
    for (const j of jobs) {
      const p = `/apis/batch/v1/namespaces/${j.metadata.namespace}/jobs/${j.metadata.name}`;
      try {
        await waitFor(`${j.metadata.namespace}/${j.metadata.name}`, Math.max(1_000, end - Date.now()), async () => {
          const live = await get(p);
          return live?.status?.conditions?.some((c: any) => c.type === "Complete" && c.status === "True");
        });
      } catch {
        failed.push(`Job ${j.metadata.namespace}/${j.metadata.name}:\n  ${await warnings(j.metadata.namespace)}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it("pods were admitted and run in every namespace with workloads", async () => {
    let admitted = 0;
    for (const ns of namespaces) {
      const pods = await list(`/api/v1/namespaces/${ns}/pods`);
      admitted += pods.filter((p) => p.status?.phase === "Running" || p.status?.phase === "Succeeded").length;
    }
    record("rollout", { podsAdmitted: admitted });
    expect(admitted).toBeGreaterThan(0);
  });

  it("every Service's endpoints are the pods it selects", async () => {
    const services = ofKind("Service").filter((s) => s.spec?.selector);
    expect(services.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const s of services) {
      const ns = s.metadata.namespace;
      const pods = (await list(`/api/v1/namespaces/${ns}/pods`)).filter(
        (p) => matches(s.spec.selector, p.metadata.labels) && p.status?.podIP && p.status.phase === "Running",
      );
      const slices = await list(
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${s.metadata.name}`)}`,
      );
      const ips = new Set(slices.flatMap((sl) => (sl.endpoints ?? []).filter((e: any) => e.conditions?.ready).flatMap((e: any) => e.addresses)));
      const want = new Set(pods.map((p) => p.status.podIP));
      if (want.size === 0 || [...want].some((ip) => !ips.has(ip)) || ips.size !== want.size) {
        bad.push(`Service ${ns}/${s.metadata.name}: selects ${want.size} running pod(s) [${[...want]}], ready endpoints [${[...ips]}]`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("every PodDisruptionBudget covers running pods and every HPA targets an existing workload", async () => {
    const bad: string[] = [];
    for (const pdb of ofKind("PodDisruptionBudget")) {
      const ns = pdb.metadata.namespace;
      const sel = pdb.spec.selector?.matchLabels;
      const id = `PDB ${ns}/${pdb.metadata.name}`;
      const rolledOut = ofKind("Deployment").some((d) => d.metadata.namespace === ns && matches(sel, d.spec.template.metadata?.labels));
      if (!rolledOut) {
        // A workflow stage's PDB on the Argo engine: its Deployment is in a resource template,
        // which only Argo's controller (not running here) applies. It must select that one.
        const manifests = ofKind("WorkflowTemplate")
          .filter((t) => t.metadata.namespace === ns)
          .flatMap((t) => t.spec.templates)
          .filter((t: any) => t.resource?.manifest)
          .map((t: any) => parse(t.resource.manifest));
        if (!manifests.some((m) => m.kind === "Deployment" && matches(sel, m.spec.template.metadata?.labels))) bad.push(`${id}: selects no Deployment of ours`);
        continue;
      }
      const live = await waitFor(`${id} status`, 60_000, async () => {
        const l = await get(`/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${pdb.metadata.name}`);
        return l?.status?.expectedPods > 0 ? l : undefined;
      }).catch(() => undefined);
      if (!live) bad.push(`${id}: covers no running pod`);
    }
    for (const hpa of ofKind("HorizontalPodAutoscaler")) {
      const ns = hpa.metadata.namespace;
      const t = hpa.spec.scaleTargetRef;
      const group = t.apiVersion.includes("/") ? `/apis/${t.apiVersion}` : `/api/${t.apiVersion}`;
      const plural = `${t.kind.toLowerCase()}s`;
      if (!(await get(`${group}/namespaces/${ns}/${plural}/${t.name}`))) bad.push(`HPA ${ns}/${hpa.metadata.name}: target ${t.kind}/${t.name} does not exist`);
    }
    expect(bad).toEqual([]);
  });
});
