import { Args, Flags } from '../src/client/oclif.js';
import { readFileSync } from 'node:fs';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { authorizePodSubresource, pickContainer, resolvePod } from '../src/client/pod-select.js';
import { execRefusal, inContainerRuntime, requestContainer } from '../src/cluster/pod-exec.js';
import { execInContainer, isInteractiveShell, type ExecResult, type PodRt } from '../src/runtime/index.js';
import { runShellSession, type InContainer } from '../src/client/exec-shell.js';

export default class Exec extends KubeCommand {
  static override summary = 'Execute a command in a container';
  static override examples = ['kubectl exec mypod -- date', 'kubectl exec mypod -c app -- ls /', 'kubectl exec -it mypod -- sh', 'kubectl exec -i mypod -- sh < script.sh'];
  static override args = { pod: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    container: Flags.string({ char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation or the first container' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass stdin to the container' }),
    tty: Flags.boolean({ char: 't', description: 'Stdin is a TTY' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print output from the remote session' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'to use to exec into the resource' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time to wait until at least one pod is running' }),
  };

  async run(): Promise<void> {
    const after = this.kubeArgs.afterDash;
    if (!after) {
      if (this.args.length > 1) {
        throw new ClientError(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee '${this.commandPath()} -h' for help and examples`);
      }
      if (this.args.length === 0) throw new ClientError(`pod, type/name or --filename must be specified\nSee '${this.commandPath()} -h' for help and examples`);
      throw new ClientError('you must specify at least one command for the container');
    }
    if (this.args.length === 0) throw new ClientError(`pod, type/name or --filename must be specified\nSee '${this.commandPath()} -h' for help and examples`);
    if (after.length === 0) throw new ClientError('you must specify at least one command for the container');
    if (this.flag('stdin') && process.stdin.isTTY === true && isInteractiveShell(after)) return this.interactive(after);
    let stdin: string | undefined;
    if (this.flag('stdin')) {
      if (this.flag('tty') && process.stdin.isTTY !== true) this.printErr('Unable to use a TTY - input is not a terminal or the right kind of file');
      try {
        stdin = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
      } catch {
        stdin = '';
      }
    } else if (this.flag('tty')) {
      // -t without -i: no input at all
    }
    const result = await this.inContainer(true, (rt, name, now) => execInContainer(rt, name, after, stdin, now));
    this.report(result);
  }

  private report(result: ExecResult): void {
    for (const chunk of result.output) {
      this.flushOutput();
      (chunk.s === 1 ? process.stdout : process.stderr).write(chunk.x);
    }
    if (result.exitCode !== 0) {
      process.stderr.write(`command terminated with exit code ${result.exitCode}\n`);
      process.exitCode = result.exitCode;
    }
  }

  /**
   * `exec -i` of a shell from a terminal: an interactive session, one line at a time (src/client/exec-shell.ts).
   * Each line is one cluster session, so its changes to the container are stored before the next prompt.
   */
  private async interactive(argv: string[]): Promise<void> {
    let first = true;
    const inContainer: InContainer = (fn) => {
      const printNote = first;
      first = false;
      return this.inContainer(printNote, fn);
    };
    const tty = this.flag<boolean>('tty') === true;
    const { failed, code } = await runShellSession(argv, inContainer, { input: process.stdin, output: process.stdout, errors: process.stderr, tty }, () => this.flushOutput());
    if (failed) return this.report(failed);
    if (code !== 0) {
      process.stderr.write(`command terminated with exit code ${code}\n`);
      process.exitCode = code;
    }
  }

  /** Runs `fn` on the container's runtime state inside a cluster session, then stores it. */
  private inContainer<T>(printNote: boolean, fn: (rt: PodRt, name: string, now: number) => T): Promise<T> {
    return this.cluster((s, k) => {
      const { pod } = resolvePod(s, k.namespace, this.args[0]!);
      const { name, note } = pickContainer(pod, this.flag('container'));
      requestContainer(pod, name);
      if (note && printNote && !this.flag('quiet')) this.printErr(note);
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') throw new ClientError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
      authorizePodSubresource(s, pod, 'create', 'exec');
      const refusal = execRefusal(s, pod, name);
      if (refusal) throw new ClientError(`unable to upgrade connection: ${refusal}`);
      return inContainerRuntime(s, pod, name, fn);
    });
  }
}
