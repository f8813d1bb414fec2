// The Kubernetes v1.32 OpenAPI v3 schemas (with their descriptions), as
// scripts/build-openapi.mjs packs them into dist/openapi-v1.32.json.gz. Read
// only by `explain` and the OpenAPI v3 handler of `kubesim serve`, once, on
// first use: never on the path of an ordinary request.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { installRoot } from '../util/install-root.js';

/** An OpenAPI v3 schema, reduced to what explain reads. */
export type OpenApiSchema = Record<string, unknown>;

export interface OpenApiData {
  version: string;
  /** Schema names each group-version document holds, by its path (`api/v1`, `apis/apps/v1`). */
  groupVersions: Record<string, string[]>;
  schemas: Record<string, OpenApiSchema>;
}

export const OPENAPI_DATA_FILE = 'dist/openapi-v1.32.json.gz';

let cached: OpenApiData | null | undefined;

/** The packed schemas, or undefined when this build was made without them. */
export function openapiData(): OpenApiData | undefined {
  if (cached === undefined) {
    const root = installRoot();
    const file = root && join(root, OPENAPI_DATA_FILE);
    cached = file && existsSync(file) ? (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as OpenApiData) : null;
  }
  return cached ?? undefined;
}

/** The schemas of one group version's document, by name. */
export function groupVersionSchemas(gvPath: string): Record<string, OpenApiSchema> {
  const data = openapiData();
  const names = data?.groupVersions[gvPath] ?? [];
  return Object.fromEntries(names.map((n) => [n, data!.schemas[n]!]));
}
