import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { authorizePodSubresource, pickContainer, resolvePod } from '../src/client/pod-select.js';
import { resolveTypeOrFail } from '../src/client/resource-args.js';
import { containerRunning } from '../src/cluster/pod-logs.js';
import { AttachedContainer, attachStreams, ttyNote } from '../src/client/attach-session.js';
import { runningTimeoutMs } from '../src/client/run-attach.js';
import { allContainers } from '../src/util/pod-containers.js';

export default class Attach extends KubeCommand {
  static override summary = 'Attach to a running container';
  static override description = "Attach to a process that is already running inside an existing container: its output from now on, until it stops; with -i, your input goes to its stdin (a container started with `stdin: true`).";
  static override examples = ['kubectl attach mypod', 'kubectl attach mypod -c ruby-container', 'kubectl attach rs/nginx'];
  static override args = { target: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    container: Flags.string({ char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass stdin to the container' }),
    tty: Flags.boolean({ char: 't', description: 'Stdin is a TTY' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print output from the remote session' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s' }),
  };

  async run(): Promise<void> {
    runningTimeoutMs(this.flag('pod-running-timeout'), this.commandPath()); // checked as kubectl's Complete does (the pod is not waited for)
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
    const stdin = this.flag<boolean>('stdin') === true;
    const { attached, tty, stdinOnce, restartPolicy } = await this.cluster((s, k) => {
      const { pod, note } = resolvePod(s, k.namespace, target);
      if (note) say(note);
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') throw new ClientError(`cannot attach a container in a completed pod; current phase is ${phase}`);
      const picked = pickContainer(pod, this.flag('container'));
      // podcmd.FindOrDefaultContainerByName: regular, init or ephemeral.
      const spec = allContainers(pod.spec).find((c) => c.name === picked.name);
      if (!spec) throw new ClientError(`cannot attach to the container: container ${picked.name} not found in pod ${pod.metadata.name}`);
      if (picked.note) say(picked.note);
      const tty = spec.tty === true;
      if (this.flag('tty') && !tty) say(`error: Unable to use a TTY - container ${spec.name} did not allocate one`);
      const noTerminal = ttyNote(stdin, tty);
      if (noTerminal) say(noTerminal);
      say("If you don't see a command prompt, try pressing enter.");
      authorizePodSubresource(s, pod, 'create', 'attach');
      if (!containerRunning(s, pod, spec.name)) throw new ClientError(`unable to upgrade connection: container ${spec.name} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
      // What the process writes from now on (attach shows no history: that is `kubectl logs`).
      const attached = new AttachedContainer((fn) => this.cluster((s2) => fn(s2)), pod, spec.name, s, false);
      return { attached, tty, stdinOnce: spec.stdinOnce === true, restartPolicy: pod.spec.restartPolicy ?? 'Always' };
    });
    this.flushOutput();
    await attachStreams(attached, { stdin, tty, stdinOnce, quiet, commandName: this.commandPath(), restartPolicy });
  }
}
