// What the scheduler writes into the trail (src/cluster/trace.ts) for one scheduling cycle:
// node by node, the filter plugin that refused it and why, or its score; then the choice.
import type { Pod } from '../types/k8s.js';
import type { Store } from '../store/store.js';
import type { ScheduleResult } from './scheduler-plugins.js';
import { trailOf } from './trace.js';

/** Nodes listed one by one in an entry; a bigger cluster's rest is counted. */
const NODES_SHOWN = 20;

export function traceScheduling(store: Store, pod: Pod, result: ScheduleResult): void {
  const trail = trailOf(store);
  if (!trail) return;
  const lines: string[] = [];
  let more = 0;
  for (const [node, verdict] of result.verdicts) {
    if (lines.length >= NODES_SHOWN) {
      more++;
      continue;
    }
    lines.push(verdict ? `${node}: refused by ${verdict.plugin}: ${verdict.reasons.join(', ')}` : `${node}: feasible, score ${result.scores.get(node)}`);
  }
  if (more) lines.push(`... and ${more} more node(s)`);
  const feasible = result.scores.size;
  const summary = result.node
    ? `chose ${result.node} (${feasible} of ${result.verdicts.size} node(s) feasible, highest score)`
    : `no node fits: ${result.message}`;
  trail.record(pod, 'default-scheduler', summary, lines);
}
