import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../src/client/generated.js';
import { runPod, validImageReference } from '../src/client/run-pod.js';
import { resolveResource } from '../src/apiserver/resources.js';
import { RunAttach, runningTimeoutMs } from '../src/client/run-attach.js';
import type { Pod } from '../src/types/k8s.js';

export default class Run extends KubeCommand {
  static override summary = 'Run a particular image on the cluster';
  static override examples = [
    'kubectl run nginx --image=nginx',
    'kubectl run busybox --image=busybox --restart=Never -- sleep 3600',
    'kubectl run -i --tty busybox --image=busybox:1.28 -- sh',
    'kubectl run -it --rm test --image=busybox --restart=Never -- nslookup kubernetes',
  ];
  static override args = { name: Args.string({ description: 'NAME' }) };
  static override flags = {
    image: Flags.string({ description: 'The image for the container to run.' }),
    labels: Flags.string({ char: 'l', description: 'Comma separated labels to apply to the pod(s).' }),
    annotations: Flags.string({ multiple: true, description: 'Annotations to apply to the pod.' }),
    env: Flags.string({ multiple: true, description: 'Environment variables to set in the container.' }),
    port: Flags.string({ description: "The port that this container exposes." }),
    restart: Flags.string({ description: 'The restart policy for this Pod.', default: 'Always' }),
    command: Flags.boolean({ description: 'If true and extra arguments are present, use them as the command field in the container' }),
    'image-pull-policy': Flags.string({ description: 'The image pull policy for the container.' }),
    privileged: Flags.boolean({ description: 'If true, run the container in privileged mode.' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    stdin: Flags.boolean({ char: 'i', description: 'Keep stdin open on the container in the pod, even if nothing is attached.' }),
    tty: Flags.boolean({ char: 't', description: 'Allocate a TTY for the container in the pod.' }),
    attach: Flags.boolean({ description: "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned." }),
    rm: Flags.boolean({ description: "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'." }),
    expose: Flags.boolean({ description: 'If true, create a ClusterIP service associated with the pod' }),
    overrides: Flags.string({ description: 'An inline JSON override for the generated object' }),
    'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    'pod-running-timeout': Flags.string({ description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s' }),
    'leave-stdin-open': Flags.boolean({ description: 'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.' }),
    quiet: Flags.boolean({ char: 'q', description: 'If true, suppress prompt messages.' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'to use to replace the resource.' }),
  };

  async run(): Promise<void> {
    const name = this.args[0];
    if (!name) throw new ClientError(`NAME is required for run\nSee '${this.commandPath()} -h' for help and examples`);
    const podRunningTimeout = runningTimeoutMs(this.flag('pod-running-timeout'), this.commandPath());
    const image = this.flag<string | undefined>('image');
    if (!image) throw new ClientError('required flag(s) "image" not set');
    if (this.flag('expose')) throw new ClientError('run --expose is not supported by kubesim yet');
    if (this.flag('overrides')) throw new ClientError('run --overrides is not supported by kubesim yet');
    if (this.flag<string[]>('filename')?.length) throw new ClientError('run -f is not supported by kubesim yet');
    if (!validImageReference(image)) throw new ClientError(`Invalid image name "${image}": invalid reference format`);
    const stdin = this.flag<boolean>('stdin') === true;
    const tty = this.flag<boolean>('tty') === true;
    const usage = (msg: string) => new ClientError(`${msg}\nSee '${this.commandPath()} -h' for help and examples`);
    if (tty && !stdin) throw usage('-i/--stdin is required for containers with -t/--tty=true');
    // -i attaches unless --attach says otherwise
    const attach = this.kubeArgs.given.has('attach') ? this.flag<boolean>('attach') === true : stdin;
    const dryRun = parseDryRun(this.flag('dry-run'));
    if (this.flag('rm') && !attach) throw usage('--rm should only be used for attached containers');
    if (attach && dryRun !== undefined) throw usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const args = [...this.args.slice(1), ...(this.kubeArgs.afterDash ?? [])];
    const pod = runPod({
      name,
      image,
      namespace: this.flag<string | undefined>('namespace') || undefined,
      labels: this.flag('labels'),
      annotations: this.flag<string[]>('annotations') ?? [],
      env: this.flag<string[]>('env') ?? [],
      port: this.flag('port'),
      restart: this.flag<string>('restart') ?? 'Always',
      command: this.flag<boolean>('command'),
      args,
      imagePullPolicy: this.flag('image-pull-policy'),
      privileged: this.flag<boolean>('privileged'),
      commandPath: this.commandPath(),
      stdin,
      leaveStdinOpen: this.flag<boolean>('leave-stdin-open') === true,
      tty,
    });
    if (this.flag('save-config') && dryRun !== 'client') {
      const { withSaveConfig } = await import('../src/client/generated.js');
      withSaveConfig(pod, true);
    }
    const pods = resolveResource('pods')!;
    if (dryRun === 'client') {
      this.print(await renderMutated(pod, pods, 'created', { output, dryRun, typed: true }));
      return;
    }
    const created = await this.cluster((s, k) => this.withWarnings(s.api, () => s.api.create(pods, k.namespace, pod, { dryRun: dryRun === 'server' })));
    if (!attach) {
      this.print(await renderMutated(created, pods, 'created', { output, dryRun }));
      return;
    }
    const attached = new RunAttach((fn) => this.cluster((s) => fn(s)), created as Pod, {
      stdin,
      tty,
      quiet: this.flag<boolean>('quiet') === true,
      leaveStdinOpen: this.flag<boolean>('leave-stdin-open') === true,
      timeoutMs: podRunningTimeout,
      commandName: this.commandPath().replace(/ run$/, ' attach'),
    });
    try {
      await attached.run((text) => this.printErr(text));
    } finally {
      if (this.flag('rm')) await this.remove(created as Pod);
    }
    attached.exitStatus();
  }

  /** --rm: the pod goes (kubectl's delete with the default grace period, not waiting for it to be gone). */
  private async remove(pod: Pod): Promise<void> {
    const pods = resolveResource('pods')!;
    const gone = await this.cluster((s) => {
      try {
        s.api.delete(pods, pod.metadata.namespace, pod.metadata.name!);
        return true;
      } catch {
        return false; // already gone (IgnoreNotFound)
      }
    });
    if (gone && !this.flag('quiet')) {
      this.flushOutput();
      process.stdout.write(`pod "${pod.metadata.name}" deleted\n`);
    }
  }
}
