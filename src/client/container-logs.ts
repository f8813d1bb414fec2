// What `logs -f` / `kubectl attach` follow: the loop that prints a container's new log lines
// (src/cluster/pod-logs.ts reads them) until the containers stop (src/client/wait.ts waitUntil: simulated time with the manual clock,
// short sessions every 200 ms with the wall clock).
import { containerLogLines, containerRunning } from '../cluster/pod-logs.js';
import type { LogLine } from '../runtime/index.js';
import { isManualClock } from '../cluster/clock.js';
import type { ClusterSession } from '../cluster/session.js';
import type { Pod } from '../types/k8s.js';
import { waitTimeoutMs, waitUntil } from './wait.js';

/**
 * Writes each container's lines after the first `printed[name]` as they come, until none of the
 * containers runs: an hour of simulated time at most with the manual clock, until Ctrl-C with the
 * wall clock.
 */
export async function followLogs(
  open: <T>(fn: (s: ClusterSession) => T) => Promise<T>,
  pod: Pod,
  printed: Map<string, number>,
  write: (name: string, line: LogLine) => void,
): Promise<void> {
  const look = (s: ClusterSession): boolean => {
    let running = false;
    for (const [name, count] of printed) {
      const lines = containerLogLines(s, pod, name);
      for (const l of lines.slice(count)) write(name, l);
      printed.set(name, lines.length);
      if (containerRunning(s, pod, name)) running = true;
    }
    return !running;
  };
  await waitUntil(open, look, isManualClock() ? 3600_000 : waitTimeoutMs(-1));
}
