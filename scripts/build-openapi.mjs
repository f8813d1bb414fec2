// Turns the Kubernetes v1.32 OpenAPI v3 documents (one JSON file per group
// version, laid out as api/v1.json, apis/apps/v1.json, ... as the API server
// serves them at /openapi/v3/<path>) into dist/openapi-v1.32.json.gz: what
// `kubesim explain` and the OpenAPI v3 handler of `kubesim serve` read.
//
// Only what explain reads is kept (description, type, properties, required,
// items, additionalProperties, allOf, $ref, enum, x-kubernetes-group-version-kind);
// a schema shared by several group versions (ObjectMeta...) is stored once.
//
// The source is not in this repository: set KUBESIM_OPENAPI_SRC, or place it at
// ../shared/openapi/v1.32 beside the repo; a file this script made before
// (../shared/openapi/openapi-v1.32.json.gz, or KUBESIM_OPENAPI_SRC naming a
// .json.gz) is copied as it is. Without either the build goes on and explain
// says the data is missing (docs/architecture.md, "OpenAPI data").
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'openapi');
const packedShared = join(shared, 'openapi-v1.32.json.gz');
const src = process.env.KUBESIM_OPENAPI_SRC ?? (existsSync(packedShared) ? packedShared : join(shared, 'v1.32'));
const out = join(root, 'dist', 'openapi-v1.32.json.gz');

const KEPT = ['description', 'type', 'properties', 'required', 'items', 'additionalProperties', 'allOf', '$ref', 'enum', 'x-kubernetes-group-version-kind'];

/** A schema with only the keys explain reads, recursively. */
function compact(schema) {
  if (typeof schema !== 'object' || schema === null) return schema;
  const kept = {};
  for (const key of KEPT) {
    if (!(key in schema)) continue;
    const value = schema[key];
    if (key === 'properties') kept[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
    else if (key === 'allOf') kept[key] = value.map(compact);
    else if (key === 'items' || key === 'additionalProperties') kept[key] = compact(value);
    else kept[key] = value;
  }
  return kept;
}


if (!existsSync(src)) {
  console.warn(`build-openapi: no OpenAPI source at ${src}; kubesim explain will say its data is missing`);
  process.exit(0);
}

if (src.endsWith('.json.gz')) {
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(src, out);
  console.log(`build-openapi: copied ${src} -> ${relative(root, out)}`);
  process.exit(0);
}

const schemas = {};
const groupVersions = {};
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
for (const file of files) {
  const gvPath = file.split(sep).join('/').replace(/\.json$/, '');
  const doc = JSON.parse(readFileSync(join(src, file), 'utf8'));
  const names = Object.keys(doc.components?.schemas ?? {}).sort();
  for (const name of names) {
    const schema = JSON.stringify(compact(doc.components.schemas[name]));
    if (schemas[name] !== undefined && schemas[name] !== schema) throw new Error(`${name} differs between group versions (${gvPath})`);
    schemas[name] = schema;
  }
  groupVersions[gvPath] = names;
}
const data = {
  version: 'v1.32',
  groupVersions,
  schemas: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, JSON.parse(v)])),
};
mkdirSync(dirname(out), { recursive: true });
const packed = gzipSync(JSON.stringify(data), { level: 9 });
writeFileSync(out, packed);
console.log(`build-openapi: ${Object.keys(groupVersions).length} group versions, ${Object.keys(schemas).length} schemas, ${packed.length} bytes -> ${relative(root, out)}`);
