// The REST adapter: one HTTP request on a resource path, mapped onto the same
// ApiServer calls the CLI makes (src/apiserver/api.ts), inside the caller's
// cluster session. Pure request -> response; the HTTP plumbing is in server.ts.
import type { ClusterSession } from '../cluster/session.js';
import type { KObject } from '../types/k8s.js';
import { apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';
import { StatusError, badRequest } from '../apiserver/errors.js';
import type { PatchType } from '../apiserver/patch.js';
import type { DeleteOptions } from '../apiserver/api.js';
import { requestToken, type TokenRequestSpec } from '../apiserver/auth/token-request.js';
import { accessReview } from '../apiserver/auth/reviews.js';
import { selfSubjectReview } from '../apiserver/auth/identity.js';
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
  if (!r.served) throw notSupported(`the ${apiVersionOf(r)} ${r.name} API`);
  if (subresource && subresource !== 'status') throw notSupported(`the ${r.name}/${subresource} subresource`);
  const api = s.api;
  const ns = r.namespaced ? namespace : undefined;
  const opts = { dryRun: dryRun(req.query), fieldManager: req.query.get('fieldManager') ?? undefined, subresource: subresource as 'status' | undefined };
  switch (req.method) {
    case 'GET': {
      if (name === undefined) {
        const items = api.list(r, ns, { labelSelector: req.query.get('labelSelector') ?? undefined, fieldSelector: req.query.get('fieldSelector') ?? undefined });
        return { code: 200, body: asTableIfAsked(s, req, r, items, undefined) };
      }
      const obj = api.get(r, ns, name);
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
