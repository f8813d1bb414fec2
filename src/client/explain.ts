// `kubectl explain TYPE[.FIELD...]`: which resource and field path the argument
// names (kubectl's SplitAndParseResourceRequest[WithMatchingPrefix]), then the
// resource's group-version document as `kubesim serve` publishes it at
// /openapi/v3, rendered by kubectl's plaintext template (printers/explain.ts).
import { RESOURCES, qualifiedResource, resolveResource } from '../apiserver/resources.js';
import { openapiData, OPENAPI_DATA_FILE } from '../apiserver/openapi-data.js';
import { openapiGroupVersion, openapiIndex } from '../server/openapi.js';
import { renderExplain, type ExplainResult, type GroupVersionResource } from '../printers/explain.js';
import { ClientError } from './command.js';

export interface ExplainOptions {
  recursive: boolean;
  apiVersion?: string;
  output: string;
}

const fieldsOf = (path: string) => path.split('.').filter((f) => f !== '');

/** The resource and field path `pods.spec.containers` or `deployments.apps.spec` names. */
export function parseExplainTarget(typed: string, apiVersion: string | undefined): { gvr: GroupVersionResource; fieldPath: string[] } {
  const [first = '', ...rest] = typed.split('.');
  const found = resolveResource(first);
  // The REST mapper's own error, which kubectl explain prints without `error: `.
  if (!found) throw new ClientError(`the server doesn't have a resource type "${first}"`, 1, true);
  const gvr = (r: typeof found) => ({ group: r.group, version: r.version, resource: r.name });
  if (apiVersion) {
    const parts = apiVersion.split('/');
    if (parts.length > 2) throw new ClientError(`unexpected GroupVersion string: ${apiVersion}`);
    const [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['', parts[0]!];
    return { gvr: { ...gvr(found), group, version }, fieldPath: fieldsOf(rest.join('.')) };
  }
  // Every group serving a resource of that name, the preferred first: `pods.metrics.k8s.io`
  // still names core pods (field path metrics.k8s.io), as in kubectl.
  const named = [found, ...RESOURCES.filter((r) => r.name === found.name && r !== found)];
  for (const r of named) {
    const prefix = qualifiedResource(r);
    if (typed.startsWith(prefix)) return { gvr: gvr(r), fieldPath: fieldsOf(typed.slice(prefix.length)) };
  }
  return { gvr: gvr(found), fieldPath: rest.filter((f) => f !== '') };
}

/** What `kubectl explain` prints for `typed`, and the error it ends with, if any. */
export function explain(typed: string, opts: ExplainOptions): ExplainResult {
  const { gvr, fieldPath } = parseExplainTarget(typed, opts.apiVersion);
  if (opts.output === 'plaintext-openapiv2') throw new ClientError('--output plaintext-openapiv2 (the OpenAPI v2 renderer) is not supported by kubesim; use the default plaintext');
  if (!openapiData()) throw new ClientError(`explain is not supported by this kubesim build: it needs the Kubernetes v1.32 OpenAPI schemas (${OPENAPI_DATA_FILE}), built from ../shared/openapi by scripts/build-openapi.mjs`);
  const gvPath = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
  const doc = gvPath in (openapiIndex().paths as Record<string, unknown>) ? openapiGroupVersion(gvPath) : undefined;
  if (!doc) throw new ClientError(`couldn't find resource for "${gvr.group}/${gvr.version}, Resource=${gvr.resource}"`);
  if (opts.output !== 'plaintext') throw new ClientError(`unrecognized format: ${opts.output}`);
  return renderExplain(doc, gvr, fieldPath, opts.recursive);
}
