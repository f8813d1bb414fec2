import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { trailView } from '../src/client/trace.js';
import { WAIT_POLL_MS } from '../src/client/wait.js';
import { MANUAL_MAX_MS, MANUAL_QUIET_MS } from '../src/client/watch.js';
import { isManualClock } from '../src/cluster/clock.js';
import type { ClusterSession } from '../src/cluster/session.js';
import { trailHeading, trailJson, trailRows, type TrailView } from '../src/printers/trail.js';

export default class Trace extends KubeCommand {
  static override summary = 'Show what each component did to an object, and why';
  static override description =
    'Prints the trail of one object as a timeline (offsets from its creation): the API requests that wrote it (user, groups, the RBAC rule that allowed them), ' +
    "each admission plugin that changed it (a JSON patch) or rejected it, the storage writes, the controllers' reactions, the scheduler's verdict node by node " +
    "and the kubelet's steps. A pod made by a controller starts with its owners' entries. With --follow it keeps printing new entries: with the wall clock " +
    'until Ctrl-C; with KUBESIM_CLOCK=manual it lets simulated time pass, as kubectl get -w does, until the trail has been quiet 5 minutes. See docs/trace.md.';
  static override examples = ['kubesim trace pod/nginx', 'kubesim trace deployment/web -o json', 'kubesim trace pod/web-0 --follow'];
  static override args = { object: Args.string({ description: 'TYPE/NAME or TYPE NAME' }) };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Output format: json (the entries, for tools); the timeline without it.' }),
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new entries as they happen' }),
  };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const selection = parseResourceArgs(this.args);
    const request = selection.requests[0];
    const name = request?.names[0];
    if (!request || !name || selection.requests.length > 1 || request.names.length > 1) {
      throw new ClientError('one object is required: kubesim trace TYPE/NAME (e.g. kubesim trace pod/nginx)');
    }
    const output = this.flag<string | undefined>('output');
    if (output !== undefined && output !== 'json') {
      throw new ClientError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json`);
    }
    const follow = this.flag<boolean>('follow');
    if (follow && output) throw new ClientError('--follow prints the timeline; it cannot be combined with -o json');
    const look = (s: ClusterSession, namespace: string) => trailView(s, request.resource, s.api.get(request.resource, namespace, name));
    if (follow && isManualClock()) return this.followManual(look);
    const view = await this.cluster((s, k) => look(s, k.namespace));
    if (output === 'json') return this.print(trailJson(view));
    this.print(trailHeading(view) + trailRows(view, view.entries, true));
    if (follow) await this.followWallClock(view, () => this.cluster((s, k) => look(s, k.namespace)));
  }

  /** With the wall clock: a short session every WAIT_POLL_MS (it catches the cluster up), printing what is new. */
  private async followWallClock(first: TrailView, read: () => Promise<TrailView>): Promise<void> {
    let shown = timeline(first).length;
    for (;;) {
      this.flushOutput();
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
      shown = this.printNew(await read(), shown);
    }
  }

  /** With KUBESIM_CLOCK=manual: one session that lets time pass wake-up by wake-up until the trail is quiet (as get -w). */
  private followManual(look: (s: ClusterSession, namespace: string) => TrailView): Promise<void> {
    return this.cluster((s, k) => {
      let shown = this.printNew(look(s, k.namespace), 0);
      let lastChange = s.now;
      const deadline = s.now + MANUAL_MAX_MS;
      for (;;) {
        const next = s.engine.nextWakeup();
        if (next === undefined || next > lastChange + MANUAL_QUIET_MS || next > deadline) break;
        s.advance(Math.max(0, next - s.now));
        const before = shown;
        shown = this.printNew(look(s, k.namespace), shown);
        if (shown > before) lastChange = s.now;
      }
    });
  }

  /** Prints the timeline's lines after the first `shown` (laid out over the whole trail, so columns stay aligned). */
  private printNew(view: TrailView, shown: number): number {
    const lines = timeline(view);
    if (lines.length > shown) this.print(lines.slice(shown).join(''));
    return lines.length;
  }
}

const timeline = (view: TrailView) => (trailHeading(view) + trailRows(view, view.entries, true)).split(/(?<=\n)/);
