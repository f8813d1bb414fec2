// The REST adapter: one HTTP request on a resource path, mapped onto the same
// ApiServer calls the CLI makes (src/apiserver/api.ts), inside the caller's
// cluster session. Pure request -> response; the HTTP plumbing is in server.ts.
import type { ClusterSession } from '../cluster/session.js';
import type { KObject } from '../types/k8s.js';
import { apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';
import { StatusError, badRequest, conflict, invalid } from '../apiserver/errors.js';
import { applyPatch } from '../apiserver/patch.js';
import { formatLabels, labelSelectorFromObject, selectorToString } from '../apiserver/selectors.js';
import type { LabelSelector, Node, Pod } from '../types/k8s.js';
import { nodeMetrics, podMetrics, type NodeMetrics, type PodMetrics } from '../cluster/metrics.js';
import { resolveResource } from '../apiserver/resources.js';
import type { PatchType } from '../apiserver/patch.js';
import type { DeleteOptions, WriteOptions } from '../apiserver/api.js';
import { requestToken, type TokenRequestSpec } from '../apiserver/auth/token-request.js';
import { accessReview, rulesReview } from '../apiserver/auth/reviews.js';
import { selfSubjectReview } from '../apiserver/auth/identity.js';
import { evictPod } from '../apiserver/eviction.js';
import { toTable, tableVersion, wantsTable, type IncludeObject } from './table.js';

/** A resource request, as the URL names it. */
export interface ResourcePath {
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface RestRequest {
  method: string;
  path: ResourcePath;
  query: URLSearchParams;
  accept: string;
  contentType: string;
  body: unknown;
}

export interface RestResponse {
  code: number;
  body: unknown;
  /** Admission warnings, sent as `Warning: 299 - "TEXT"` headers. */
  warnings?: string[];
}

/** An error kubesim answers for what it does not simulate (HTTP 501, a Status kubectl prints). */
export function notSupported(what: string): StatusError {
  return new StatusError(501, '', `${what} is not supported by kubesim yet`);
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

function dryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}`);
  return values.length > 0;
}

function listBody(s: ClusterSession, r: ResourceInfo, items: KObject[]): Record<string, unknown> {
  return {
    kind: `${r.kind}List`,
    apiVersion: apiVersionOf(r),
    metadata: { resourceVersion: String(s.store.meta.revision) },
    items,
  };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function asTableIfAsked(s: ClusterSession, req: RestRequest, r: ResourceInfo, objects: KObject[], single: KObject | undefined): unknown {
  if (!wantsTable(req.accept)) return single ?? listBody(s, r, objects);
  return toTable(r.kind, objects, s.now, {
    apiVersion: tableVersion(req.accept),
    resourceVersion: single ? undefined : String(s.store.meta.revision),
    include: includeObject(req.query),
  });
}

/** Resources that are APIs of their own rather than stored objects. */
function special(s: ClusterSession, req: RestRequest): RestResponse | undefined {
  const { resource: r, namespace, name, subresource } = req.path;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const spec = (body.spec ?? {}) as Record<string, unknown>;
  if (r.name === 'serviceaccounts' && subresource === 'token' && req.method === 'POST') {
    // The wire spec (authentication.k8s.io/v1 TokenRequestSpec) names the bound object boundObjectRef.
    const tokenSpec: TokenRequestSpec = {
      audiences: (spec.audiences as string[] | null | undefined) ?? [],
      expirationSeconds: spec.expirationSeconds as number | undefined,
      boundObject: spec.boundObjectRef as TokenRequestSpec['boundObject'],
    };
    const tr = requestToken(s.api, namespace ?? 'default', name!, tokenSpec);
    return { code: 201, body: tr };
  }
  if (r.name === 'pods' && subresource === 'eviction' && req.method === 'POST') {
    const eviction = body as { metadata?: { name?: string }; deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[] } };
    if (eviction.metadata?.name !== name) throw badRequest('name in URL does not match name in Eviction object');
    const options = eviction.deleteOptions ?? {};
    evictPod(s.api, namespace ?? 'default', name!, { dryRun: dryRun(req.query) || !!options.dryRun?.length, gracePeriodSeconds: options.gracePeriodSeconds });
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }
  if (r.name === 'selfsubjectaccessreviews' && req.method === 'POST' && !name) {
    const ra = (spec.resourceAttributes ?? {}) as Record<string, string>;
    const nra = spec.nonResourceAttributes as Record<string, string> | undefined;
    const attrs = nra
      ? { verb: nra.verb ?? '', path: nra.path }
      : { verb: ra.verb ?? '', resource: ra.resource, subresource: ra.subresource || undefined, apiGroup: ra.group ?? '', namespace: ra.namespace || undefined, name: ra.name || undefined };
    const review = accessReview(s.store, s.api.user, attrs);
    return {
      code: 201,
      body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: review },
    };
  }
  if (r.name === 'selfsubjectrulesreviews' && req.method === 'POST' && !name) {
    // `kubectl auth can-i --list`: the rules RBAC gives the user in spec.namespace, split as the
    // API server's SubjectRulesReviewStatus (kubectl breaks them down, compacts and sorts them).
    const rules = rulesReview(s.store, s.api.user, (spec.namespace as string | undefined) || undefined);
    const resourceRules = rules.filter((rule) => !rule.nonResourceURLs?.length).map(({ verbs, apiGroups, resources, resourceNames }) => ({ verbs, apiGroups, resources, resourceNames }));
    const nonResourceRules = rules.filter((rule) => rule.nonResourceURLs?.length).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs }));
    return {
      code: 201,
      body: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { resourceRules, nonResourceRules, incomplete: false } },
    };
  }
  if (r.name === 'selfsubjectreviews' && req.method === 'POST' && !name) {
    return { code: 201, body: selfSubjectReview(s.api.user) };
  }
  return undefined;
}

/** Serves one resource request (everything but watch). */
export function handleResource(s: ClusterSession, req: RestRequest): RestResponse {
  const handled = special(s, req);
  if (handled) return handled;
  const { resource: r, namespace, name, subresource } = req.path;
  if (r.group === 'metrics.k8s.io' && req.method === 'GET' && !subresource) return metrics(s, req);
  if (!r.served) throw notSupported(`the ${apiVersionOf(r)} ${r.name} API`);
  if (subresource === 'scale' && SCALABLE.has(r.name)) return scale(s, req);
  const writable = subresource === 'status' || (r.name === 'pods' && (subresource === 'resize' || subresource === 'ephemeralcontainers'));
  if (subresource && !writable) throw notSupported(`the ${r.name}/${subresource} subresource`);
  const api = s.api;
  const ns = r.namespaced ? namespace : undefined;
  const opts = { dryRun: dryRun(req.query), fieldManager: req.query.get('fieldManager') ?? undefined, subresource: subresource as WriteOptions['subresource'] };
  switch (req.method) {
    case 'GET': {
      if (name === undefined) {
        const items = api.list(r, ns, { labelSelector: req.query.get('labelSelector') ?? undefined, fieldSelector: req.query.get('fieldSelector') ?? undefined });
        return { code: 200, body: asTableIfAsked(s, req, r, items, undefined) };
      }
      const obj = api.get(r, ns, name, subresource);
      return { code: 200, body: asTableIfAsked(s, req, r, [obj], obj) };
    }
    case 'POST': {
      if (name !== undefined) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const created = api.create(r, ns, bodyObject(req.body), opts);
      return { code: 201, body: created };
    }
    case 'PUT': {
      if (name === undefined) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const obj = bodyObject(req.body);
      if (obj.metadata?.name && obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      obj.metadata = { ...(obj.metadata ?? {}), name };
      return { code: 200, body: api.update(r, ns, obj, opts) };
    }
    case 'PATCH': {
      if (name === undefined) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const mediaType = req.contentType.split(';')[0]!.trim();
      if (mediaType === 'application/apply-patch+yaml') throw notSupported('server-side apply');
      const type = PATCH_TYPES[mediaType];
      if (!type) {
        throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
      }
      return { code: 200, body: api.patch(r, ns, name, type, req.body, opts) };
    }
    case 'DELETE': {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const grace = req.query.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
      const del: DeleteOptions = {
        gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
        propagationPolicy: (req.query.get('propagationPolicy') ?? body.propagationPolicy) as DeleteOptions['propagationPolicy'],
        dryRun: opts.dryRun || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
      };
      if (name === undefined) {
        // deletecollection
        const items = api.list(r, ns, { labelSelector: req.query.get('labelSelector') ?? undefined, fieldSelector: req.query.get('fieldSelector') ?? undefined });
        const deleted = items.map((o) => api.delete(r, o.metadata.namespace, o.metadata.name!, del));
        return { code: 200, body: listBody(s, r, deleted) };
      }
      const obj = api.delete(r, ns, name, del);
      const gone = !del.dryRun && !api.tryGet(r, ns, name);
      if (gone && r.name !== 'pods') {
        return {
          code: 200,
          body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: r.group || undefined, kind: r.name, uid: obj.metadata.uid } },
        };
      }
      return { code: gone || del.dryRun ? 200 : 202, body: obj };
    }
    default:
      throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

/**
 * metrics.k8s.io/v1beta1 (metrics-server): PodMetrics and NodeMetrics, read as
 * `kubectl top` reads them (src/cluster/metrics.ts); objects without metrics
 * yet are left out of lists and not found by name.
 */
function metrics(s: ClusterSession, req: RestRequest): RestResponse {
  const { resource: r, namespace, name } = req.path;
  const ns = r.namespaced ? namespace : undefined;
  const core = resolveResource(r.name)!;
  const selectors = { labelSelector: req.query.get('labelSelector') ?? undefined, fieldSelector: req.query.get('fieldSelector') ?? undefined };
  const objects = name !== undefined ? [s.api.get(core, ns, name)] : s.api.list(core, ns, selectors);
  const pods = r.name === 'nodes' ? (s.store.list('pods') as Pod[]) : [];
  const measured = objects
    .map((o) => (r.name === 'pods' ? podMetrics(s.store, o as Pod, s.now) : nodeMetrics(s.store, o as Node, pods, s.now)))
    .filter((m): m is KObject & (PodMetrics | NodeMetrics) => m !== undefined);
  if (name === undefined) return { code: 200, body: listBody(s, r, measured) };
  if (!measured[0]) throw new StatusError(404, 'NotFound', `${r.kind.toLowerCase()}.metrics.k8s.io "${ns ? `${ns}/` : ''}${name}" not found`, { name, group: 'metrics.k8s.io', kind: r.name });
  return { code: 200, body: measured[0] };
}

const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

/** The autoscaling/v1 Scale of a workload (its scale subresource). */
function scaleOf(obj: KObject): KObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const sel = spec.selector as Record<string, unknown> | undefined;
  const selector = !sel ? undefined : 'matchLabels' in sel || 'matchExpressions' in sel ? selectorToString(labelSelectorFromObject(sel as LabelSelector)) : formatLabels(sel as Record<string, string>);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
  } as KObject;
}

/** GET, PUT and PATCH of a workload's scale subresource: only spec.replicas changes. */
function scale(s: ClusterSession, req: RestRequest): RestResponse {
  const { resource: r, namespace, name } = req.path;
  if (name === undefined) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const api = s.api;
  const current = scaleOf(api.get(r, namespace, name));
  let wanted: KObject;
  if (req.method === 'GET') return { code: 200, body: current };
  if (req.method === 'PUT') wanted = bodyObject(req.body);
  else if (req.method === 'PATCH') {
    const type = PATCH_TYPES[req.contentType.split(';')[0]!.trim()];
    if (!type) throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
    wanted = applyPatch(structuredClone(current), req.body, type === 'strategic' ? 'merge' : type, 'Scale');
  } else throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const replicas = (wanted.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', name, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` }]);
  }
  const rv = wanted.metadata?.resourceVersion;
  if (req.method === 'PUT' && rv && rv !== current.metadata.resourceVersion) throw conflict(r, name);
  const updated = api.patch(r, namespace, name, 'merge', { spec: { replicas } }, { dryRun: dryRun(req.query) });
  return { code: 200, body: scaleOf(updated) };
}

function bodyObject(body: unknown): KObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be an object');
  return body as KObject;
}

/**
 * Parses a REST path below the group version (`namespaces/NS/pods/NAME/status`).
 * Undefined when the resource is unknown.
 */
export function parseResourcePath(group: string, version: string, segments: string[], lookup: (g: string, v: string, n: string) => ResourceInfo | undefined): ResourcePath | undefined {
  let namespace: string | undefined;
  let rest = segments;
  if (segments[0] === 'namespaces' && segments.length >= 3 && !(segments.length === 3 && (segments[2] === 'status' || segments[2] === 'finalize'))) {
    namespace = segments[1];
    rest = segments.slice(2);
  }
  const [res, name, subresource, ...extra] = rest;
  if (!res || extra.length) return undefined;
  const resource = lookup(group, version, res);
  if (!resource) return undefined;
  return { resource, namespace, name, subresource };
}
