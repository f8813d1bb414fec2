// kubectl cordon / uncordon (pkg/cmd/drain: RunCordonOrUncordon): mark nodes
// (un)schedulable, printing `node/NAME cordoned` or `node/NAME already cordoned`.
import { ClientError } from './command.js';
import { dryRunSuffix, parseDryRun, type DryRun } from './generated.js';
import { setUnschedulable, NODES_RESOURCE } from '../cluster/node-ops.js';
import type { ClusterSession } from '../cluster/session.js';
import type { KObject } from '../types/k8s.js';

export interface CordonCommandHost {
  args: string[];
  flag<T = string>(name: string): T;
  print(text: string): void;
  commandName: string;
  cluster<T>(fn: (s: ClusterSession) => T | Promise<T>): Promise<T>;
}

/** The node names a cordon-like verb acts on: `NAME...`, `node/NAME`, or `-l selector`. */
export function nodeNames(s: ClusterSession, args: string[], selector: string | undefined): string[] {
  if (selector) return s.api.list(NODES_RESOURCE(), undefined, { labelSelector: selector }).map((n: KObject) => n.metadata.name!);
  return args.map((a) => {
    const slash = a.indexOf('/');
    if (slash < 0) return a;
    const type = a.slice(0, slash);
    if (!['node', 'nodes', 'no'].includes(type)) throw new ClientError(`the server doesn't have a resource type "${type}"`);
    return a.slice(slash + 1);
  });
}

/**
 * Complete and RunCordonOrUncordon of kubectl's drain package, which `cordon`, `uncordon` and `drain`
 * share: the node arguments checked, every node looked up before any is changed, then each marked
 * (un)schedulable and printed (`node/NAME cordoned`, `already cordoned`). Returns the node names.
 */
export async function cordonNodes(cmd: CordonCommandHost, usage: string, desired: boolean, dryRun: DryRun | undefined): Promise<string[]> {
  const selector = cmd.flag<string | undefined>('selector');
  if (cmd.args.length === 0 && !selector) {
    throw new ClientError(`error: USAGE: ${usage} NODE [flags]\nSee '${cmd.commandName} -h' for help and examples`, 1, true);
  }
  if (cmd.args.length > 0 && selector) {
    throw new ClientError(`error: error: cannot specify both a node name and a --selector option\nSee '${cmd.commandName} -h' for help and examples`, 1, true);
  }
  const verb = desired ? 'cordon' : 'uncordon';
  return cmd.cluster((s) => {
    const names = nodeNames(s, cmd.args, selector);
    for (const name of names) s.api.get(NODES_RESOURCE(), undefined, name);
    for (const name of names) {
      const { changed } = setUnschedulable(s.api, name, desired, dryRun);
      cmd.print(`node/${name} ${changed ? '' : 'already '}${verb}ed${dryRunSuffix(dryRun)}\n`);
    }
    return names;
  });
}

export async function runCordon(cmd: CordonCommandHost, desired: boolean): Promise<void> {
  await cordonNodes(cmd, desired ? 'cordon' : 'uncordon', desired, parseDryRun(cmd.flag('dry-run')));
}
