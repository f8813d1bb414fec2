// `?watch=true`: a stream of watch events ({"type":..,"object":..} per line)
// read from the store's journal (src/store/journal.ts), as `kubectl get -w`
// reads it (src/client/watch.ts: the same marker, the same filter). The stream
// polls every 200 ms of wall-clock time, each poll a short cluster session, so
// other clients (and the CLI) take the lock in between. Without a
// resourceVersion the current objects come first as ADDED events; a gap in the
// journal ends the stream with a 410 Gone ERROR event, and the client re-lists.
import type { ServerResponse } from 'node:http';
import type { ClusterSession } from '../cluster/session.js';
import { stateDir } from '../cluster/session.js';
import { journalOf, touchWatchMarker } from '../store/journal.js';
import { WatchFilter } from '../client/watch.js';
import { authorizeRequest } from '../apiserver/auth/rbac.js';
import { SYSTEM_USER } from '../apiserver/api.js';
import type { KObject } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';
import { toTable, tableVersion, wantsTable } from './table.js';

export interface WatchStream {
  home: string;
  path: ResourcePath;
  query: URLSearchParams;
  accept: string;
  /** Runs `fn` in a cluster session as the request's user (serialised with other requests). */
  open<T>(fn: (s: ClusterSession) => T): Promise<T>;
  res: ServerResponse;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function serveWatch(w: WatchStream): Promise<void> {
  const { path, query, res } = w;
  const r = path.resource;
  const namespace = r.namespaced ? path.namespace : undefined;
  const filter = new WatchFilter(
    { resource: r, names: path.name ? [path.name] : [], labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined },
    namespace,
  );
  const table = wantsTable(w.accept);
  let columnsSent = false;
  const encode = (type: string, object: KObject, now: number): string => {
    let body: unknown = object;
    if (table) {
      body = toTable(r.kind, [object], now, {
        apiVersion: tableVersion(w.accept),
        resourceVersion: object.metadata.resourceVersion,
        include: query.get('includeObject') === 'Object' ? 'Object' : 'Metadata',
        columns: !columnsSent,
      });
      columnsSent = true;
    }
    return JSON.stringify({ type, object: body }) + '\n';
  };

  const dir = stateDir(w.home);
  touchWatchMarker(dir);
  const rvParam = query.get('resourceVersion');
  let cursor = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const first = await w.open((s) => {
    if (s.api.user !== SYSTEM_USER) authorizeRequest(s.store, s.api.user, 'watch', r, namespace, path.name);
    if (rvParam && rvParam !== '0') {
      cursor = Number(rvParam);
      return '';
    }
    cursor = s.store.meta.revision;
    const objects = s.api.list(r, namespace).filter((o) => filter.matches(o));
    return objects.map((o) => encode('ADDED', o, s.now)).join('');
  });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  if (first) res.write(first);

  const timeout = Number(query.get('timeoutSeconds') ?? '0');
  const deadline = timeout > 0 ? Date.now() + timeout * 1000 : Infinity;
  while (!closed && Date.now() < deadline) {
    await sleep(Math.min(w.pollMs ?? 200, Math.max(0, deadline - Date.now())));
    if (closed) break;
    touchWatchMarker(dir);
    const out = await w.open((s) => {
      const journal = journalOf(s.store);
      const { entries, complete } = journal ? journal.since(cursor) : { entries: [], complete: false };
      if (!complete) {
        const status = {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
          message: `too old resource version: ${cursor} (${s.store.meta.revision})`, reason: 'Expired', code: 410,
        };
        return { text: JSON.stringify({ type: 'ERROR', object: status }) + '\n', end: true };
      }
      let text = '';
      for (const e of entries) {
        const ev = filter.event(e);
        if (ev) text += encode(ev.type, ev.object, e.at);
      }
      cursor = s.store.meta.revision;
      return { text, end: false };
    });
    if (out.text && !closed) res.write(out.text);
    if (out.end) break;
  }
  if (!closed) res.end();
}
