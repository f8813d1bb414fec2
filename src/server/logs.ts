// GET pods/NAME/log: the container's log as text/plain, as the kubelet serves
// it through the API server. With follow=true the response streams until the
// container stops: on the manual clock simulated time moves on until then (a
// client waiting is what moves it, as `kubectl logs -f` does in-process); on the
// wall clock the server polls, each poll a short cluster session.
import type { ServerResponse } from 'node:http';
import type { ClusterSession } from '../cluster/session.js';
import { isManualClock } from '../cluster/clock.js';
import { containerLogLines, containerRunning, formatLog, type LogQuery } from '../cluster/pod-logs.js';
import type { LogLine } from '../runtime/index.js';
import { frameShiftMs, simClock } from './time-frame.js';
import { authorizeRequest } from '../apiserver/auth/rbac.js';
import { badRequest, notFound } from '../apiserver/errors.js';
import { requestContainer } from '../cluster/pod-exec.js';
import type { Pod } from '../types/k8s.js';
import type { ResourcePath } from './rest.js';

const POLL_MS = 200;
/** How long a followed log may make simulated time pass (as kubectl logs -f in-process). */
const FOLLOW_MAX_MS = 3600_000;

function logQuery(query: URLSearchParams, now: number, shiftMs: number): LogQuery {
  const int = (key: string): number | undefined => {
    const v = query.get(key);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw badRequest(`${key}: Invalid value: "${v}": must be an integer`);
    return n;
  };
  const sinceSeconds = int('sinceSeconds');
  const sinceTime = query.get('sinceTime');
  // sinceTime is in the client's (the machine's) frame.
  const sinceMs = sinceSeconds !== undefined ? sinceSeconds * 1000 : sinceTime ? now - (Date.parse(sinceTime) - shiftMs) : undefined;
  return { previous: query.get('previous') === 'true', sinceMs, tail: int('tailLines'), timestamps: query.get('timestamps') === 'true' };
}

/** The log text, its timestamps (`timestamps=true`) in the client's frame (src/server/time-frame.ts). */
function formatInMachineFrame(s: ClusterSession, lines: LogLine[], q: LogQuery): string {
  const shiftMs = q.timestamps ? frameShiftMs(simClock(s), Date.now()) : 0;
  if (shiftMs === 0) return formatLog(lines, q, s.now);
  return formatLog(lines.map((l) => ({ ...l, t: l.t + shiftMs })), q, s.now + shiftMs);
}

export async function serveLog(
  path: ResourcePath,
  query: URLSearchParams,
  res: ServerResponse,
  open: <T>(fn: (s: ClusterSession) => T) => Promise<T>,
): Promise<void> {
  const follow = query.get('follow') === 'true';
  const manual = isManualClock();
  const start = await open((s) => {
    authorizeRequest(s.store, s.api.user, 'get', path.resource, path.namespace, path.name, 'log');
    const pod = s.store.get('pods', path.namespace!, path.name!) as Pod | undefined;
    if (!pod) throw notFound(path.resource, path.name!);
    const container = requestContainer(pod, query.get('container'));
    const q = logQuery(query, s.now, frameShiftMs(simClock(s), Date.now()));
    if (follow && manual && !q.previous) {
      containerLogLines(s, pod, container);
      s.waitFor(() => !containerRunning(s, pod, container), FOLLOW_MAX_MS);
    }
    const lines = containerLogLines(s, pod, container, q.previous);
    return { pod, container, q, text: formatInMachineFrame(s, lines, q), count: lines.length, running: containerRunning(s, pod, container) };
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  res.write(start.text);
  if (!follow || manual || start.q.previous) return void res.end();
  let closed = false;
  res.on('close', () => (closed = true));
  let count = start.count;
  let running = start.running;
  while (running && !closed) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const next = await open((s) => {
      const lines = containerLogLines(s, start.pod, start.container);
      return { text: formatInMachineFrame(s, lines.slice(count), { ...start.q, sinceMs: undefined, tail: undefined }), count: lines.length, running: containerRunning(s, start.pod, start.container) };
    });
    if (next.text && !closed) res.write(next.text);
    count = next.count;
    running = next.running;
  }
  if (!closed) res.end();
}
