// What kubectl's resource builder makes of positional arguments:
// `pods`, `pods,svc`, `pod nginx web`, `pod/nginx svc/web`, `all`.
import { resolveResource, resourcesInCategory, type ResourceInfo } from '../apiserver/resources.js';
import { ClientError } from './command.js';
import type { ApiServer } from '../apiserver/api.js';
import { StatusError } from '../apiserver/errors.js';
import type { KObject } from '../types/k8s.js';

export interface ResourceRequest {
  resource: ResourceInfo;
  /** Names asked for; empty means "list them all". */
  names: string[];
}

export interface ResourceSelection {
  requests: ResourceRequest[];
  /** Several types were asked for: tables prefix names with the kind (`pod/nginx`). */
  multipleTypes: boolean;
  /** Objects were asked for by name (a single one prints bare in -o yaml). */
  byName: boolean;
}

export function resolveTypeOrFail(typed: string): ResourceInfo {
  const r = resolveResource(typed);
  if (!r) throw new ClientError(`the server doesn't have a resource type "${typed}"`);
  return r;
}

function expandTypes(spec: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const part of spec.split(',')) {
    if (part === '') continue;
    if (part === 'all') out.push(...resourcesInCategory('all').filter((r) => r.served));
    else out.push(resolveTypeOrFail(part));
  }
  return out;
}

export function parseResourceArgs(args: string[]): ResourceSelection {
  if (args.length === 0) return { requests: [], multipleTypes: false, byName: false };
  if (args.some((a) => a.includes('/'))) {
    const requests: ResourceRequest[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) {
        throw new ClientError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      }
      const resource = resolveTypeOrFail(a.slice(0, slash));
      const name = a.slice(slash + 1);
      const existing = requests.find((r) => r.resource === resource);
      if (existing) existing.names.push(name);
      else requests.push({ resource, names: [name] });
    }
    return { requests, multipleTypes: requests.length > 1, byName: true };
  }
  const [typeSpec, ...names] = args as [string, ...string[]];
  const types = expandTypes(typeSpec);
  const multipleTypes = typeSpec.includes(',') || typeSpec === 'all';
  return { requests: types.map((resource) => ({ resource, names: [...names] })), multipleTypes, byName: names.length > 0 };
}

/**
 * The resource builder's list through `api` (resource.EnhanceListError): a
 * BadRequest or NotFound names what was listed and the selectors.
 */
export function listSelected(api: ApiServer, r: ResourceInfo, namespace: string | undefined, labelSelector?: string, fieldSelector?: string): KObject[] {
  try {
    return api.list(r, namespace, { labelSelector, fieldSelector });
  } catch (e) {
    throw listError(e, r, labelSelector, fieldSelector);
  }
}

/**
 * listSelected one namespace at a time (ApiServer.listByNamespace), with the same errors, for a
 * `get` table (the objects may be table projections: ListOptions.forTable).
 */
export function* listSelectedByNamespace(
  api: ApiServer,
  r: ResourceInfo,
  namespace: string | undefined,
  labelSelector?: string,
  fieldSelector?: string,
): Generator<KObject[]> {
  try {
    yield* api.listByNamespace(r, namespace, { labelSelector, fieldSelector, forTable: true });
  } catch (e) {
    throw listError(e, r, labelSelector, fieldSelector);
  }
}

function listError(e: unknown, r: ResourceInfo, labelSelector?: string, fieldSelector?: string): unknown {
  if (!(e instanceof StatusError) || (e.reason !== 'BadRequest' && e.reason !== 'NotFound')) return e;
  const gvr = JSON.stringify(`${r.group}/${r.version}, Resource=${r.name}`);
  const message = !labelSelector && !fieldSelector
    ? `Unable to list ${gvr}: ${e.message}`
    : `Unable to find ${gvr} that match label selector ${JSON.stringify(labelSelector ?? '')}, field selector ${JSON.stringify(fieldSelector ?? '')}: ${e.message}`;
  return new StatusError(e.code, e.reason, message, e.details);
}
