// `kubectl run --attach/-i/-t` after the pod is created (kubectl/pkg/cmd/run handleAttachPod):
// wait until the pod runs and is ready (or has completed: then its logs are printed), attach as
// `kubectl attach` does, then, with --restart=Never/OnFailure, wait for the pod to finish and
// answer with its container's exit status. Waiting follows src/client/wait.ts.
import type { ClusterSession } from '../cluster/session.js';
import type { Pod } from '../types/k8s.js';
import { parseDuration } from '../util/duration.js';
import { ClientError } from './command.js';
import { containerLogLines } from '../cluster/pod-logs.js';
import { AttachedContainer, attachStreams, ttyNote } from './attach-session.js';
import { waitUntil } from './wait.js';

type Open = <T>(fn: (s: ClusterSession) => T) => Promise<T>;

/** --pod-running-timeout (a pflag duration; cmdutil.GetPodRunningTimeoutFlag's rule). */
export function runningTimeoutMs(flag: string | undefined, commandPath: string): number {
  const value = flag ?? '1m0s';
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (e) {
    throw new ClientError(`invalid argument "${value}" for "--pod-running-timeout" flag: ${(e as Error).message}\nSee '${commandPath} --help' for usage.`);
  }
  if (ms <= 0) throw new ClientError(`--pod-running-timeout must be higher than zero\nSee '${commandPath} -h' for help and examples`);
  return ms;
}

export interface RunAttachOptions {
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
  leaveStdinOpen: boolean;
  timeoutMs: number;
  /** `kubectl attach`, for the reattach message. */
  commandName: string;
}

type PodCondition = (pod: Pod) => boolean | 'completed';

/** run.go podRunningAndReady: Running with Ready=True; a finished pod ends the wait as ErrPodCompleted. */
const runningAndReady: PodCondition = (pod) => {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 'completed';
  return phase === 'Running' && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
};
const completed: PodCondition = (pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const succeeded: PodCondition = (pod) => pod.status?.phase === 'Succeeded';

export class RunAttach {
  private finished: Pod | undefined;

  constructor(
    private readonly open: Open,
    private readonly pod: Pod,
    private readonly o: RunAttachOptions,
  ) {}

  private get restartPolicy(): string {
    return this.pod.spec.restartPolicy ?? 'Always';
  }

  /** run.go waitForPod: the pod once `condition` holds; a deleted pod is NotFound, the timeout kubectl's. */
  private async waitForPod(condition: PodCondition): Promise<Pod> {
    let found: Pod | undefined;
    let gone = false;
    const met = await waitUntil(
      this.open,
      (s) => {
        const pod = s.store.get('pods', this.pod.metadata.namespace!, this.pod.metadata.name!) as Pod | undefined;
        if (!pod || pod.metadata.uid !== this.pod.metadata.uid) return (gone = true);
        found = pod;
        return condition(pod) !== false;
      },
      this.o.timeoutMs,
    );
    if (gone) throw new ClientError('pods "" not found');
    if (!met || !found) throw new ClientError('timed out waiting for the condition');
    return found;
  }

  /** Waits for the pod, attaches (or prints the logs of a pod that already finished), then waits for its end when the policy lets it end. */
  async run(say: (text: string) => void): Promise<void> {
    const name = this.pod.spec.containers[0]!.name;
    const ready = await this.waitForPod(runningAndReady);
    if (runningAndReady(ready) === 'completed') {
      // logOpts: the container's log, as `kubectl logs` prints it
      const lines = await this.open((s) => containerLogLines(s, ready, name));
      for (const l of lines) process.stdout.write(`${l.x}${l.p ? '' : '\n'}`);
    } else {
      const spec = ready.spec.containers[0]!;
      const tty = spec.tty === true;
      const note = this.o.quiet ? undefined : ttyNote(this.o.stdin, tty);
      if (note) say(note);
      if (!this.o.quiet) say("If you don't see a command prompt, try pressing enter.");
      // kubectl attaches as the container starts: what it wrote so far is shown too
      const attached = await this.open((s) => new AttachedContainer(this.open, ready, name, s, true));
      await attachStreams(attached, { stdin: this.o.stdin, tty, stdinOnce: spec.stdinOnce === true, quiet: this.o.quiet, commandName: this.o.commandName, restartPolicy: this.restartPolicy });
    }
    const policy = this.restartPolicy;
    if (this.o.leaveStdinOpen || (policy !== 'Never' && policy !== 'OnFailure')) return;
    this.finished = await this.waitForPod(policy === 'OnFailure' ? succeeded : completed);
  }

  /** The container's exit status when the pod failed (kubectl exits with it), after --rm's deletion. */
  exitStatus(): void {
    const pod = this.finished;
    if (!pod || pod.status?.phase !== 'Failed') return;
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
    if (!terminated || !terminated.exitCode) throw new ClientError(`pod ${ref} failed with unknown exit code`);
    throw new ClientError(`pod ${ref} terminated (${terminated.reason ?? ''})\n${terminated.message ?? ''}`, terminated.exitCode, true);
  }
}
