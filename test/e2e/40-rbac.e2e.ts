// RBAC as the real authorizer decides it. Each LabProject deployer ServiceAccount (impersonated)
// can apply its project's workloads and cannot do what docs/lab-project.md says it cannot (read
// Secrets, touch the guard rails or RBAC, other namespaces, cluster-scoped objects). Each Argo
// executor Role suffices for what docs/workflows.md says the executor does, and no more.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { apply, can, request, serviceAccount } from "./support/api";
import { storedSources } from "./support/sources";

const sources = storedSources();
const objects = sources.flatMap((s) => s.objects);

// docs/lab-project.md "RBAC": the guard rails a deployer cannot touch.
const GUARD_RAILS = new Set(["ResourceQuota", "LimitRange", "NetworkPolicy", "Role", "RoleBinding", "ExternalSecret", "Secret", "Namespace"]);

const projects = objects
  .filter((o) => o.kind === "RoleBinding" && o.metadata.name === "deployer")
  .map((rb) => ({ namespace: rb.metadata.namespace as string, sa: rb.subjects[0].name as string }));

describe("LabProject deployer RBAC (impersonated)", () => {
  it("the examples have LabProject deployers", () => {
    expect(projects.length).toBeGreaterThan(0);
  });

  for (const { namespace, sa } of projects) {
    const who = serviceAccount(namespace, sa);
    const own = objects.filter((o) => o.metadata.namespace === namespace || (o.kind === "Namespace" && o.metadata.name === namespace));

    it(`${namespace}: applies the project's workloads and is refused its guard rails`, async () => {
      const wrong: string[] = [];
      for (const o of own) {
        const r = await apply(o, { as: who, dryRun: true, fieldManager: "deployer" });
        const id = `${o.kind}/${o.metadata.name}`;
        if (GUARD_RAILS.has(o.kind)) {
          if (r.status !== 403) wrong.push(`${id}: expected 403 Forbidden, got ${r.status}`);
        } else if (r.status >= 300) {
          wrong.push(`${id}: ${r.status} ${r.body?.message}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(own.some((o) => o.kind === "Deployment")).toBe(true);
    });

    it(`${namespace}: can follow a rollout (pods, pods/log, events, replicasets: read only)`, async () => {
      for (const [group, resource, subresource] of [
        ["", "pods"],
        ["", "pods", "log"],
        ["", "events"],
        ["apps", "replicasets"],
      ] as const) {
        for (const verb of ["get", "list", "watch"]) {
          if (subresource && verb !== "get") continue;
          expect({ verb, resource, allowed: await can(who, { verb, group, resource, subresource, namespace }) }).toEqual({ verb, resource, allowed: true });
        }
        expect(await can(who, { verb: "delete", group, resource, namespace })).toBe(false);
      }
      expect(await can(who, { verb: "create", group: "", resource: "pods", namespace })).toBe(false);
      expect(await can(who, { verb: "create", group: "", resource: "pods", subresource: "exec", namespace })).toBe(false);
    });

    it(`${namespace}: cannot read Secrets, change RBAC or guard rails, other namespaces or the cluster`, async () => {
      const denied: [string, string, string, string?][] = [
        ["get", "", "secrets"],
        ["list", "", "secrets"],
        ["watch", "", "secrets"],
        ["create", "rbac.authorization.k8s.io", "roles"],
        ["patch", "rbac.authorization.k8s.io", "rolebindings"],
        ["bind", "rbac.authorization.k8s.io", "clusterroles"],
        ["escalate", "rbac.authorization.k8s.io", "roles"],
        ["patch", "", "resourcequotas"],
        ["delete", "", "limitranges"],
        ["patch", "networking.k8s.io", "networkpolicies"],
        ["patch", "external-secrets.io", "externalsecrets"],
        ["impersonate", "", "serviceaccounts"],
        ["create", "", "serviceaccounts", "token"],
        ["deletecollection", "apps", "deployments"],
      ];
      const allowed: string[] = [];
      for (const [verb, group, resource, subresource] of denied) {
        if (await can(who, { verb, group, resource, subresource, namespace }))
          allowed.push(`${verb} ${group}/${resource}${subresource ? "/" + subresource : ""}`);
      }
      for (const other of ["default", "kube-system"]) {
        if (await can(who, { verb: "create", group: "apps", resource: "deployments", namespace: other })) allowed.push(`create deployments in ${other}`);
      }
      for (const [verb, group, resource] of [
        ["patch", "", "namespaces"],
        ["list", "", "nodes"],
        ["create", "rbac.authorization.k8s.io", "clusterroles"],
        ["create", "apiextensions.k8s.io", "customresourcedefinitions"],
      ]) {
        if (await can(who, { verb, group, resource })) allowed.push(`${verb} ${resource} (cluster)`);
      }
      expect(allowed).toEqual([]);
      // And a real request, not only a review: reading a Secret as the deployer is forbidden.
      const r = await request("GET", `/api/v1/namespaces/${namespace}/secrets`, undefined, { as: who });
      expect(r.status).toBe(403);
    });
  }
});

// Executor Roles: the rules docs/workflows.md lists (workflowtaskresults create/patch; for
// service stages get/patch on the stages' Deployments and Services by name, plus create).
const executors = objects.filter((o) => o.kind === "RoleBinding" && o.metadata.name.endsWith("-executor"));

describe("Argo executor RBAC", () => {
  it("the examples have executor Roles", () => {
    expect(executors.length).toBeGreaterThan(0);
  });

  for (const rb of executors) {
    const namespace = rb.metadata.namespace;
    const who = serviceAccount(namespace, rb.subjects[0].name);
    const templates = objects.filter(
      (o) => o.kind === "WorkflowTemplate" && o.metadata.namespace === namespace && o.spec.executor?.serviceAccountName === rb.subjects[0].name,
    );

    it(`${namespace}/${rb.metadata.name}: reports step results and applies the resource templates, nothing more`, async () => {
      expect(await can(who, { verb: "create", group: "argoproj.io", resource: "workflowtaskresults", namespace })).toBe(true);
      expect(await can(who, { verb: "patch", group: "argoproj.io", resource: "workflowtaskresults", namespace })).toBe(true);
      expect(templates.length).toBeGreaterThan(0);
      const manifests: any[] = templates
        .flatMap((t) => t.spec.templates)
        .filter((t: any) => t.resource?.manifest)
        .map((t: any) => parse(t.resource.manifest));
      const problems: string[] = [];
      for (const m of manifests) {
        const plural = m.kind === "Deployment" ? "deployments" : "services";
        const group = m.kind === "Deployment" ? "apps" : "";
        // What `kubectl apply` (Argo's resource action) does: get the object, patch it, or create it;
        // the wait on successCondition gets it again.
        for (const verb of ["get", "patch"])
          if (!(await can(who, { verb, group, resource: plural, namespace, name: m.metadata.name })))
            problems.push(`cannot ${verb} ${m.kind}/${m.metadata.name}`);
        if (!(await can(who, { verb: "create", group, resource: plural, namespace }))) problems.push(`cannot create ${plural}`);
        // A real server-side dry run as the executor: the create is authorised (the object may
        // already exist from the plain-engine rendering: 409 is then the authorised answer).
        const r = await request("POST", `/${group ? "apis/" + group + "/v1" : "api/v1"}/namespaces/${namespace}/${plural}?dryRun=All`, m, { as: who });
        if (r.status !== 201 && r.status !== 409) problems.push(`create ${m.kind}/${m.metadata.name} as executor: ${r.status} ${r.body?.message}`);
        if (await can(who, { verb: "delete", group, resource: plural, namespace, name: m.metadata.name }))
          problems.push(`can delete ${m.kind}/${m.metadata.name}`);
        if (await can(who, { verb: "get", group, resource: plural, namespace, name: "someone-elses" })) problems.push(`can get other ${plural}`);
      }
      for (const [verb, group, resource] of [
        ["get", "", "secrets"],
        ["create", "", "pods"],
        ["get", "argoproj.io", "workflows"],
        ["create", "rbac.authorization.k8s.io", "roles"],
      ]) {
        if (await can(who, { verb, group, resource, namespace })) problems.push(`can ${verb} ${resource}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
