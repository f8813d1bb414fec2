import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { authorizePodSubresource, pickContainer, resolvePod } from '../src/client/pod-select.js';
import { followLogs } from '../src/client/container-logs.js';
import { containerLogLines, formatLog } from '../src/cluster/pod-logs.js';
import type { LogLine } from '../src/runtime/index.js';
import { parseDuration, parseRfc3339 } from '../src/util/duration.js';
import type { Pod } from '../src/types/k8s.js';

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

export default class Logs extends KubeCommand {
  static override summary = 'Print the logs for a container in a pod';
  static override examples = ['kubectl logs nginx', 'kubectl logs nginx -c app', 'kubectl logs -p nginx', 'kubectl logs job/hello', 'kubectl logs -f nginx'];
  static override args = { target: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    container: Flags.string({ char: 'c', description: 'Print the logs of this container' }),
    previous: Flags.boolean({ char: 'p', description: 'If true, print the logs for the previous instance of the container in a pod if it exists.' }),
    follow: Flags.boolean({ char: 'f', description: 'Specify if the logs should be streamed.' }),
    tail: Flags.string({ description: 'Lines of recent log file to display. Defaults to -1 with no selector.' }),
    timestamps: Flags.boolean({ description: 'Include timestamps on each line in the log output' }),
    'all-containers': Flags.boolean({ description: 'Get all containers\' logs in the pod(s).' }),
    prefix: Flags.boolean({ description: 'Prefix each log line with the log source (pod name and container name)' }),
    since: Flags.string({ description: 'Only return logs newer than a relative duration like 5s, 2m, or 3h.' }),
    'since-time': Flags.string({ description: 'Only return logs after a specific date (RFC3339).' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
    'ignore-errors': Flags.boolean({ description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' }),
    'max-log-requests': Flags.string({ description: 'Maximum number of concurrent logs to follow when using by a selector.' }),
    'limit-bytes': Flags.string({ description: 'Maximum bytes of logs to return.' }),
  };

  async run(): Promise<void> {
    const tailFlag = this.flag<string | undefined>('tail');
    const tail = tailFlag === undefined ? -1 : Number(tailFlag);
    if (tailFlag !== undefined && (!Number.isInteger(tail) || tail < -1)) throw new ClientError('--tail must be greater than or equal to -1');
    if (this.args.length === 0 && !this.flag('selector')) throw new ClientError(`${USAGE}\nSee '${this.commandPath()} -h' for help and examples`, 1);
    if (this.flag('selector')) throw new ClientError('logs -l is not supported by kubesim yet');
    const target = this.args[0]!;
    const containerArg = this.flag<string | undefined>('container') ?? this.args[1];
    const sinceTimeFlag = this.flag<string | undefined>('since-time');
    let sinceTime: number | undefined;
    if (sinceTimeFlag) {
      try {
        // kubectl sends it as a metav1.Time: whole seconds.
        sinceTime = Math.floor(parseRfc3339(sinceTimeFlag) / 1000) * 1000;
      } catch (e) {
        throw new ClientError((e as Error).message);
      }
    }
    const sinceSeconds = this.flag('since') ? parseDuration(this.flag('since')) : undefined;
    if (sinceTime !== undefined && sinceSeconds) throw new ClientError('at most one of `sinceTime` or `sinceSeconds` may be specified');
    const follow = this.flag<boolean>('follow');
    let sinceMs = sinceSeconds;
    const query = (podName: string, name: string) => ({ sinceMs, tail, timestamps: this.flag<boolean>('timestamps'), prefix: this.flag('prefix') ? `[pod/${podName}/${name}] ` : undefined });
    // How many lines of each container are printed (-f prints the ones that come after).
    const printed = new Map<string, number>();
    const first = await this.cluster((s, k) => {
      const { pod, note } = resolvePod(s, k.namespace, target);
      if (note) this.printErr(note);
      authorizePodSubresource(s, pod, 'get', 'log');
      if (sinceTime !== undefined) sinceMs = s.now - sinceTime;
      const names = this.flag<boolean>('all-containers') ? [...(pod.spec.initContainers ?? []).map((c) => c.name), ...pod.spec.containers.map((c) => c.name)] : [this.container(pod, containerArg)];
      const text: string[] = [];
      for (const name of names) {
        const lines = containerLogLines(s, pod, name, this.flag<boolean>('previous'));
        printed.set(name, lines.length);
        text.push(formatLog(lines, query(pod.metadata.name!, name), s.now));
      }
      return { pod, text: text.join('') };
    });
    this.print(first.text);
    if (!follow || this.flag('previous')) return;
    this.flushOutput();
    // -f: what the containers write next, until they stop (src/client/container-logs.ts).
    await followLogs((fn) => this.cluster((s) => fn(s)), first.pod, printed, (name, l: LogLine) =>
      process.stdout.write(formatLog([l], { ...query(first.pod.metadata.name!, name), sinceMs: undefined, tail: -1 }, l.t)),
    );
  }

  private container(pod: Pod, requested: string | undefined): string {
    const { name, note } = pickContainer(pod, requested);
    // kubectl checks the name itself (polymorphichelpers logsForObject) before asking the server.
    const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...((pod.spec.ephemeralContainers ?? []) as { name: string }[])].map((c) => c.name);
    if (!all.includes(name)) throw new ClientError(`container ${name} is not valid for pod ${pod.metadata.name}`);
    if (note) this.printErr(note);
    return name;
  }
}
