import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { pickContainer, resolvePod } from '../src/client/pod-select.js';
import { resolveTypeOrFail } from '../src/client/resource-args.js';
import { followLogs } from '../src/client/container-logs.js';
import { containerLogLines, containerRunning } from '../src/cluster/pod-logs.js';

export default class Attach extends KubeCommand {
  static override summary = 'Attach to a running container';
  static override description = 'Attach to a process that is already running inside an existing container: its output from now on, until it stops. Sending input (-i) is not supported by kubesim.';
  static override examples = ['kubectl attach mypod', 'kubectl attach mypod -c ruby-container', 'kubectl attach rs/nginx'];
  static override args = { target: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    container: Flags.string({ char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass stdin to the container' }),
    tty: Flags.boolean({ char: 't', description: 'Stdin is a TTY' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print output from the remote session' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    const args = this.args;
    if (args.length === 0) throw new ClientError('at least 1 argument is required for attach');
    if (args.length > 2) throw new ClientError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
    // Two arguments are TYPE NAME: the type is resolved first (an unknown one fails before anything is attached).
    const target = args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!;
    if (args.length === 2) resolveTypeOrFail(args[0]!);
    const quiet = this.flag<boolean>('quiet');
    const say = (text: string) => {
      if (!quiet) this.printErr(text);
    };
    const { pod, tty, printed } = await this.cluster((s, k) => {
      const { pod, note } = resolvePod(s, k.namespace, target);
      if (note) say(note);
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') throw new ClientError(`cannot attach a container in a completed pod; current phase is ${phase}`);
      const picked = pickContainer(pod, this.flag('container'));
      const spec = pod.spec.containers.find((c) => c.name === picked.name);
      if (!spec) throw new ClientError(`cannot attach to the container: container ${picked.name} not found in pod ${pod.metadata.name}`);
      if (picked.note) say(picked.note);
      if (this.flag('stdin')) throw new ClientError("attach -i (input to the container's main process) is not supported by kubesim; attach without -i shows its output");
      const tty = (spec as { tty?: boolean }).tty === true;
      if (this.flag('tty') && !tty) say(`error: Unable to use a TTY - container ${spec.name} did not allocate one`);
      say("If you don't see a command prompt, try pressing enter.");
      if (!containerRunning(s, pod, spec.name)) throw new ClientError(`unable to upgrade connection: container ${spec.name} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
      // What the process writes from now on (attach shows no history: that is `kubectl logs`).
      return { pod, tty, printed: new Map([[spec.name, containerLogLines(s, pod, spec.name).length]]) };
    });
    this.flushOutput();
    // With a TTY the container's terminal merges stderr into stdout.
    await followLogs((fn) => this.cluster((s) => fn(s)), pod, printed, (_name, l) => (l.s === 2 && !tty ? process.stderr : process.stdout).write(`${l.x}${l.p ? '' : '\n'}`));
  }
}
