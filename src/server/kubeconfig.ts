// The `kubesim-api` kubeconfig context `kubesim serve` writes into
// KUBESIM_HOME/kubeconfig, pointing real clients at the endpoint. The current
// context stays as it is: kubesim's own CLI talks to the cluster in-process.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { defaultKubeconfigPath, readKubeconfigFile, writeDefaultKubeconfig, KUBESIM_NAME, type Kubeconfig, type NamedCluster } from '../client/kubeconfig.js';

export const SERVE_CONTEXT = 'kubesim-api';

function upsert<T extends { name: string }>(list: T[] | undefined, item: T): T[] {
  const out = (list ?? []).filter((x) => x.name !== item.name);
  out.push(item);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Adds (or updates) the cluster and context `kubesim-api` for `server`; `caCert`
 * is the serving CA an HTTPS endpoint's certificate is signed by. The context's
 * user is the default one (`kubesim`: the admin client certificate), which the
 * server checks against the cluster CA; client-go sends no credentials over HTTP.
 */
export async function writeServeContext(home: string, server: string, caCert?: string): Promise<string> {
  writeDefaultKubeconfig(home);
  const path = defaultKubeconfigPath(home);
  const cfg: Kubeconfig = await readKubeconfigFile(path);
  const cluster: NamedCluster['cluster'] = { server };
  if (caCert) cluster['certificate-authority-data'] = Buffer.from(caCert, 'utf8').toString('base64');
  cfg.clusters = upsert(cfg.clusters, { name: SERVE_CONTEXT, cluster });
  cfg.contexts = upsert(cfg.contexts, { name: SERVE_CONTEXT, context: { cluster: SERVE_CONTEXT, user: KUBESIM_NAME } });
  const wasJson = readFileSync(path, 'utf8').trimStart().startsWith('{');
  if (wasJson) {
    // JSON stays JSON: kubectl reads it, and kubesim's start-up needs no YAML parser for it.
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, path);
  } else {
    const { writeKubeconfig } = await import('../client/kubeconfig-edit.js');
    await writeKubeconfig(path, cfg);
  }
  return path;
}
