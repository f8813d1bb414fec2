// `?watch=true`: a stream of watch events ({"type":..,"object":..} per line)
// read from the store's journal (src/store/journal.ts), as `kubectl get -w`
// reads it (src/client/watch.ts: the same marker, the same filter). With the
// wall clock the stream polls every 200 ms, each poll a short cluster session, so
// other clients (and the CLI) take the lock in between. Without a
// resourceVersion the current objects come first as ADDED events; a gap in the
// journal ends the stream with a 410 Gone ERROR event, and the client re-lists.
import type { ServerResponse } from 'node:http';
import type { ClusterSession } from '../cluster/session.js';
import { stateDir } from '../cluster/session.js';
import { journalOf, touchWatchMarker } from '../store/journal.js';
import { WatchFilter, MANUAL_MAX_MS, MANUAL_QUIET_MS } from '../client/watch.js';
import { isManualClock } from '../cluster/clock.js';
import { parseDuration } from '../util/duration.js';
import { authorizeRequest } from '../apiserver/auth/rbac.js';
import { SYSTEM_USER } from '../apiserver/api.js';
import type { KObject } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';
import { toTable, tableVersion, wantsTable } from './table.js';
import { simClock, timeScope, toClientFrame, type SimClock } from './time-frame.js';

interface WatchEvent {
  type: string;
  object: unknown;
}

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

/**
 * Manual clock: wall time a watching client gets to act on what it has (the
 * list it started from, the events since) and close the stream, before
 * simulated time moves on.
 */
const MANUAL_EVENT_PAUSE_MS = 500;

/** The shortest wall time a stream lasts that the server ends itself (see the end of serveWatch). */
const MIN_WATCH_MS = 1000;

/**
 * How long the watch may last, in seconds (0: no limit): timeoutSeconds, else client-go's
 * request timeout (`timeout=15s`, what `kubectl get -w --request-timeout=15s` sends). The
 * client gives up then, so on the manual clock that much simulated time passes, as with
 * kubesim's own `get -w --request-timeout`.
 */
function watchTimeoutSeconds(query: URLSearchParams): number {
  const seconds = Number(query.get('timeoutSeconds') ?? '0');
  if (seconds > 0) return seconds;
  const timeout = query.get('timeout');
  if (!timeout) return 0;
  try {
    return Math.max(0, parseDuration(timeout) / 1000);
  } catch {
    return 0;
  }
}

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
  const event = (type: string, object: KObject, now: number): WatchEvent => {
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
    return { type, object: body };
  };
  // Sent in the machine's frame (src/server/time-frame.ts), shifted once the session is over.
  const scope = timeScope(r);
  const encode = async (events: WatchEvent[], clock: SimClock): Promise<string> => {
    const objects = await toClientFrame(events.map((e) => e.object), clock, scope, !table);
    return events.map((e, i) => JSON.stringify({ type: e.type, object: objects[i] }) + '\n').join('');
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
      return { events: [], clock: simClock(s) };
    }
    cursor = s.store.meta.revision;
    const objects = s.api.list(r, namespace).filter((o) => filter.matches(o));
    return { events: objects.map((o) => event('ADDED', o, s.now)), clock: simClock(s) };
  });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // The client's watch call returns on the headers (as the API server sends them at once), not on the first event.
  res.flushHeaders();
  const opened = Date.now();
  if (first.events.length) res.write(await encode(first.events, first.clock));

  const timeout = watchTimeoutSeconds(query);
  const manual = isManualClock();
  const deadline = timeout > 0 ? Date.now() + timeout * 1000 : Infinity;
  // Manual clock: nothing moves unless someone waits, so a watching client is
  // one (as kubesim's own watch and waits are): each poll moves simulated time to
  // the next wake-up, until timeoutSeconds of simulated time have passed, or,
  // without one, the watched objects have been quiet for MANUAL_QUIET_MS.
  let simDeadline = Infinity;
  let lastChange = 0;
  let pause = MANUAL_EVENT_PAUSE_MS;
  while (!closed && Date.now() < deadline) {
    // At the start and after sending events, give the client a moment to act
    // (and close the stream when it has what it waited for) before time moves on.
    await sleep(manual ? pause : Math.min(w.pollMs ?? 200, Math.max(0, deadline - Date.now())));
    if (closed) break;
    touchWatchMarker(dir);
    const out = await w.open((s) => {
      let end = false;
      if (manual) {
        if (simDeadline === Infinity) {
          simDeadline = s.now + (timeout > 0 ? timeout * 1000 : MANUAL_MAX_MS);
          lastChange = s.now;
        }
        const next = s.engine.nextWakeup();
        const limit = timeout > 0 ? simDeadline : Math.min(simDeadline, lastChange + MANUAL_QUIET_MS);
        if (next === undefined || next > limit) {
          if (timeout > 0) s.advance(Math.max(0, simDeadline - s.now));
          end = true;
        } else s.advance(Math.max(0, next - s.now));
      }
      const journal = journalOf(s.store);
      const { entries, complete } = journal ? journal.since(cursor) : { entries: [], complete: false };
      if (!complete) {
        const status = {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
          message: `too old resource version: ${cursor} (${s.store.meta.revision})`, reason: 'Expired', code: 410,
        };
        return { events: [{ type: 'ERROR', object: status }], clock: simClock(s), end: true };
      }
      const events: WatchEvent[] = [];
      for (const e of entries) {
        const ev = filter.event(e);
        if (ev) events.push(event(ev.type, ev.object, e.at));
      }
      cursor = s.store.meta.revision;
      if (events.length) lastChange = s.now;
      return { events, clock: simClock(s), end };
    });
    const text = out.events.length ? await encode(out.events, out.clock) : '';
    if (text && !closed) res.write(text);
    pause = text ? MANUAL_EVENT_PAUSE_MS : 0;
    if (out.end) break;
  }
  // client-go's reflector warns of a "very short watch" when one ends within a second with no
  // events; the manual clock can reach the stream's end sooner than that in wall time.
  if (manual && !closed) await sleep(Math.max(0, MIN_WATCH_MS - (Date.now() - opened)));
  if (!closed) res.end();
}
