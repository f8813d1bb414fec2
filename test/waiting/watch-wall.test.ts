// Issue 10, "done when": one process runs `kubectl get pods -w` (wall clock) while another
// applies a Deployment, scales it 1 -> 3 -> 1 and deletes a pod. The watch prints the header once,
// then one row per change in kubectl's line format (the rows a v1.32 cluster shows, deletion
// included), with no change printed twice or left out:
// a second watcher (`--output-watch-events -o jsonpath`, the same journal seen as events with
// resourceVersions) must account for every table row, one for one.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newHome, run, sleep, start } from './lib.js';

const home = newHome('watch-wall');
afterAll(() => rmSync(home, { recursive: true, force: true }));

const ROW = /^(web-[a-z0-9]+-[a-z0-9]{5})( {3,})(\d\/\d)( {3,})(\S+)( {3,})(\d+)( {3,})(\d+s)$/;

/** Pod names of the Deployment, and which are being deleted. */
async function pods(): Promise<{ name: string; deleting: boolean }[]> {
  const r = await run(home, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}'], 'wall');
  return r.stdout.split('\n').filter(Boolean).map((l) => ({ name: l.split(' ')[0]!, deleting: !!l.split(' ')[1] }));
}

async function kubectl(...args: string[]) {
  const r = await run(home, args, 'wall');
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return r.stdout;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(200);
  }
}

describe('kubectl get pods -w while another process writes (wall clock)', () => {
  it('prints the header once and one row per change, none twice, none missing', async () => {
    await run(home, ['get', 'pods'], 'wall'); // the cluster exists before the watch starts
    const table = start(home, ['get', 'pods', '-w', '--request-timeout=50s'], 'wall');
    const events = start(home, ['get', 'pods', '-w', '--output-watch-events', '-o', 'jsonpath={.type} {.object.metadata.name} {.object.metadata.resourceVersion}{"\\n"}', '--request-timeout=50s'], 'wall');
    await sleep(1000);

    const manifest = join(home, 'web.yaml');
    writeFileSync(manifest, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n');
    expect(await kubectl('apply', '-f', manifest)).toBe('deployment.apps/web created\n');
    await kubectl('wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s');
    await kubectl('scale', 'deployment', 'web', '--replicas=3');
    await until('3 pods', async () => (await pods()).length === 3);
    await kubectl('wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s');
    await kubectl('scale', 'deployment', 'web', '--replicas=1');
    await until('1 pod', async () => (await pods()).length === 1);
    const [victim] = await pods();
    expect(await kubectl('delete', 'pod', victim!.name)).toBe(`pod "${victim!.name}" deleted\n`);
    await until('a replacement', async () => (await pods()).length === 1);
    await kubectl('wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s');
    // The watchers' next polls (however long they take on a loaded machine): the victim's DELETED,
    // the replacement's five rows, and as many table rows as events.
    const [survivor] = await pods();
    const linesOf = (text: string) => text.split('\n').filter(Boolean);
    await until('the watchers caught up', async () => {
      const evs = linesOf(events.out());
      return evs.some((l) => l.startsWith(`DELETED ${victim!.name} `)) && evs.filter((l) => l.split(' ')[1] === survivor!.name).length >= 5 && linesOf(table.out()).length - 1 === evs.length;
    });
    table.child.kill('SIGINT');
    events.child.kill('SIGINT');
    const [t, e] = await Promise.all([table.done, events.done]);
    const final = await pods();
    if (process.env.WAITING_SHOW) console.log(t.stdout + e.stdout);

    // The header once, first; every other line a row in kubectl's layout.
    const lines = t.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^NAME {3,}READY {3}STATUS {4}RESTARTS {3}AGE$/);
    expect(lines.filter((l) => l.startsWith('NAME '))).toHaveLength(1);
    const rows = lines.slice(1).map((l) => {
      const m = ROW.exec(l);
      expect(m, `row: ${JSON.stringify(l)}`).toBeTruthy();
      return { name: m![1]!, ready: m![3]!, status: m![5]!, line: l };
    });

    // Every change once: the event watcher saw the same changes, in the same order.
    const evs = e.stdout.split('\n').filter(Boolean).map((l) => {
      const [type, name, rv] = l.split(' ');
      return { type: type!, name: name!, rv: Number(rv) };
    });
    expect(rows.map((r) => r.name)).toEqual(evs.map((v) => v.name));
    const seen = new Set<string>();
    for (const v of evs) {
      const k = `${v.type} ${v.name} ${v.rv}`;
      expect(seen.has(k), `twice: ${k}`).toBe(false);
      seen.add(k);
    }

    // Per pod, what a real cluster shows (kubelet.md: admitted, sandbox + pod IP, started).
    const byPod = new Map<string, { type: string; rv: number; row: string }[]>();
    evs.forEach((v, i) => byPod.set(v.name, [...(byPod.get(v.name) ?? []), { type: v.type, rv: v.rv, row: `${rows[i]!.ready} ${rows[i]!.status}` }]));
    expect(byPod.size).toBe(4); // 1, +2 by the scale up, +1 replacing the deleted pod
    for (const [name, seq] of byPod) {
      const rowsOf = seq.map((s) => s.row);
      expect(seq[0]!.type, name).toBe('ADDED');
      expect(rowsOf.slice(0, 4), name).toEqual(['0/1 Pending', '0/1 Pending', '0/1 ContainerCreating', '0/1 ContainerCreating']);
      expect(rowsOf[4], name).toBe('1/1 Running'); // every pod was waited Ready before anything else
      const live = seq.map((s) => s.rv);
      expect(live, `${name}: resourceVersions increase`).toEqual([...live].sort((a, b) => a - b));
      const gone = !final.some((p) => p.name === name);
      if (gone) {
        expect(seq.at(-1)!.type, name).toBe('DELETED');
        expect(seq.filter((s) => s.type === 'DELETED'), name).toHaveLength(1);
        // What a v1.32 cluster shows (kubelet.md §4.1, pod-status.md): deletionTimestamp set; the
        // kubelet's syncTerminatingPod (containers stopped, nginx exits 0 on SIGTERM); its
        // syncTerminatedPod (phase Succeeded: kubectl prints the reason, not Terminating); DELETED.
        expect(rowsOf.slice(5), name).toEqual(['1/1 Terminating', '0/1 Terminating', '0/1 Completed', '0/1 Completed']);
        expect(seq.slice(5).map((s) => s.type), name).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED']);
        // A delete is a change of its own: a new resourceVersion.
        expect(seq.at(-1)!.rv, name).toBeGreaterThan(seq.at(-2)!.rv);
      } else {
        expect(rowsOf, name).toEqual(['0/1 Pending', '0/1 Pending', '0/1 ContainerCreating', '0/1 ContainerCreating', '1/1 Running']);
      }
    }
    expect(final).toHaveLength(1);
  }, 60_000);
});
