import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Args } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { withCluster, kubesimHome } from '../src/cluster/session.js';
import { runNodeCommand, type NodeCommandResult } from '../src/cluster/node-host.js';

export default class Ssh extends KubeCommand {
  static override summary = 'Run a command, or a root shell, on a simulated node';
  static override description =
    'Like `minikube ssh` or `docker exec` into a kind node: the command after `--` runs as root in the node\'s own filesystem ' +
    '(/etc/kubernetes/manifests, /var/lib/kubelet, /mnt, ...), with its arguments as given (no second parse by a shell); stdin and the ' +
    'exit status pass through. The node has sudo, curl, crictl, systemctl and the usual coreutils. Without a command: an interactive ' +
    'root shell on a terminal, or the commands read from stdin.';
  static override examples = ['kubesim ssh kubesim-worker -- sudo mkdir /mnt/data', 'kubesim ssh kubesim-worker -- crictl ps', 'kubesim ssh kubesim-control-plane'];
  static override args = { node: Args.string({ description: 'NODE to log in to', required: true }) };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const nodeName = this.args[0];
    if (!nodeName) throw new ClientError('a node name is required, e.g. kubesim ssh kubesim-worker -- crictl ps');
    const command = this.kubeArgs.afterDash ?? (this.args.length > 1 ? this.args.slice(1) : undefined);
    if (command && command.length === 0) throw new ClientError('a command is expected after --');
    if (command) {
      const stdin = process.stdin.isTTY ? undefined : readStdin();
      const r = await this.onNode(nodeName, command, { stdin });
      this.report(r);
      return;
    }
    if (!process.stdin.isTTY) {
      // `kubesim ssh NODE < script`: the login shell reads its commands from stdin.
      this.report(await this.onNode(nodeName, ['bash'], { stdin: readStdin() }));
      return;
    }
    await this.interactive(nodeName);
  }

  private onNode(nodeName: string, argv: string[], opts: { stdin?: string; cwd?: string; tty?: boolean; script?: string }): Promise<NodeCommandResult> {
    return withCluster({ home: kubesimHome() }, (s) => runNodeCommand(s, nodeName, argv, opts));
  }

  private report(r: NodeCommandResult): void {
    if ('error' in r) throw new ClientError(r.error);
    for (const chunk of r.output) (chunk.s === 1 ? process.stdout : process.stderr).write(chunk.x);
    process.exitCode = r.exitCode;
  }

  /** A root shell on a terminal: one line at a time, each in its own cluster session (the directory carries over). */
  private async interactive(nodeName: string): Promise<void> {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    let cwd = '/';
    let status = 0;
    const prompt = () => rl.setPrompt(`root@${nodeName}:${cwd}# `);
    prompt();
    rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text === 'exit' || text === 'logout' || /^exit\s+\d+$/.test(text)) {
        if (/^exit\s+\d+$/.test(text)) status = Number(text.split(/\s+/)[1]);
        break;
      }
      if (text) {
        const r = await this.onNode(nodeName, ['bash'], { script: line, cwd, tty: true });
        if ('error' in r) {
          rl.close();
          throw new ClientError(r.error);
        }
        for (const chunk of r.output) (chunk.s === 1 ? process.stdout : process.stderr).write(chunk.x);
        cwd = r.cwd;
        status = r.exitCode;
      }
      prompt();
      rl.prompt();
    }
    rl.close();
    process.exitCode = status;
  }
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}
