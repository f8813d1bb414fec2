// A minimal OpenAPI v3 (/openapi/v3 and /openapi/v3/api/v1, /openapi/v3/apis/G/V):
// paths and operations only, no schemas. kubectl needs it for one thing: its
// field-validation check (QueryParamVerifierV3) looks for the `fieldValidation`
// parameter on each kind's PATCH path, and without a document it refuses to
// apply ("failed to download openapi"). With it, validation is left to the
// server (fieldValidation=Strict), as against a real v1.32 server.
//
// The PATCH operations do not offer application/strategic-merge-patch+json,
// so `kubectl apply` computes its strategic merge patch from its built-in types
// (as it does for any kind whose schema it cannot find) rather than from a
// schema kubesim would have to reproduce. /openapi/v2 is an empty document
// (server.ts). The schemas (components.schemas) are the real v1.32 ones,
// reduced to what `kubectl explain` reads (src/apiserver/openapi-data.ts).
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';
import { groupVersionSchemas } from '../apiserver/openapi-data.js';

const gvPath = (gv: string) => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`);

export function openapiIndex(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES) {
    const p = gvPath(apiVersionOf(r));
    // kubectl caches each document by this URL: the hash names the schemas' version.
    paths[p] ??= { serverRelativeURL: `/openapi/v3/${p}?hash=kubesim-v1.32` };
  }
  return { paths };
}

const param = (name: string, where: 'path' | 'query') => ({
  name,
  in: where,
  ...(where === 'path' ? { required: true } : {}),
  schema: { type: 'string', uniqueItems: true },
});

function paths(r: ResourceInfo): [string, Record<string, unknown>][] {
  const base = `/${gvPath(apiVersionOf(r))}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.name}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const ext = { 'x-kubernetes-group-version-kind': gvk };
  const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map((n) => param(n, 'query'));
  const own = [param('name', 'path'), ...(r.namespaced ? [param('namespace', 'path')] : []), param('pretty', 'query')];
  const body = (types: string[]) => ({ content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'object' } }])) });
  const ok = { responses: { '200': { description: 'OK' } } };
  return [
    [
      base,
      {
        parameters: [...(r.namespaced ? [param('namespace', 'path')] : []), param('pretty', 'query')],
        get: { operationId: `list${r.kind}`, ...ext, 'x-kubernetes-action': 'list', ...ok },
        post: { operationId: `create${r.kind}`, ...ext, 'x-kubernetes-action': 'post', parameters: writeParams, requestBody: body(['*/*']), ...ok },
      },
    ],
    [
      `${base}/{name}`,
      {
        parameters: [...own, ...writeParams],
        get: { operationId: `read${r.kind}`, ...ext, 'x-kubernetes-action': 'get', ...ok },
        put: { operationId: `replace${r.kind}`, ...ext, 'x-kubernetes-action': 'put', parameters: writeParams, requestBody: body(['*/*']), ...ok },
        patch: {
          operationId: `patch${r.kind}`,
          ...ext,
          'x-kubernetes-action': 'patch',
          parameters: writeParams,
          requestBody: body(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']),
          ...ok,
        },
        delete: { operationId: `delete${r.kind}`, ...ext, 'x-kubernetes-action': 'delete', ...ok },
      },
    ],
  ];
}

/** The document of one group version (`api/v1`, `apis/apps/v1`), or undefined. */
export function openapiGroupVersion(path: string): Record<string, unknown> | undefined {
  const own = RESOURCES.filter((r) => r.served && gvPath(apiVersionOf(r)) === path);
  if (!RESOURCES.some((r) => gvPath(apiVersionOf(r)) === path)) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: Object.fromEntries(own.flatMap(paths)),
    components: { schemas: groupVersionSchemas(path) },
  };
}
