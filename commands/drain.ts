import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand } from '../src/client/command.js';
import { drainOptions, runDrain } from '../src/client/drain.js';
import { parseDuration } from '../src/util/duration.js';
import type { ClusterSession } from '../src/cluster/session.js';

export default class Drain extends KubeCommand {
  static override summary = 'Drain node in preparation for maintenance';
  static override description =
    "Mark the node unschedulable (cordon), then evict its pods through the eviction API, which respects PodDisruptionBudgets; DaemonSet-managed pods, pods with emptyDir data and pods without a controller stop the drain unless --ignore-daemonsets, --delete-emptydir-data or --force allow them. Mirror pods are left alone. kubesim runs simulated time while the pods terminate; without --timeout it gives up after an hour of it, where kubectl would wait for ever.";
  static override examples = [
    '# Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\nkubectl drain foo --force',
    '# As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\nkubectl drain foo --grace-period=900',
  ];
  static override args = { node: Args.string({ description: 'NODE' }) };
  static override flags = {
    force: Flags.boolean({ description: 'Continue even if there are pods that do not declare a controller.' }),
    'ignore-daemonsets': Flags.boolean({ description: 'Ignore DaemonSet-managed pods.' }),
    'delete-emptydir-data': Flags.boolean({ description: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' }),
    'grace-period': Flags.string({ description: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.' }),
    timeout: Flags.string({ description: 'The length of time to wait before giving up, zero means infinite' }),
    'pod-selector': Flags.string({ description: 'Label selector to filter pods on the node' }),
    'disable-eviction': Flags.boolean({ description: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.' }),
    'skip-wait-for-delete-timeout': Flags.string({ description: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.' }),
    'chunk-size': Flags.string({ description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    await runDrain(
      {
        args: this.args,
        flag: (n) => this.flag(n),
        print: (t) => this.print(t),
        printErr: (t) => this.printErr(t),
        commandName: this.commandPath(),
        cluster: <T>(fn: (s: ClusterSession) => T | Promise<T>) => this.cluster((s) => fn(s)),
      },
      drainOptions((n) => this.flag(n), parseDuration),
    );
  }
}
