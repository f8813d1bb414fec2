import { describe, expect, it } from 'vitest';
import { DESCRIBE, formatTable, GET_TABLE, tableCell, TabWriter, tabwrite } from '../../src/printers/tabwriter.js';

describe('tabwrite with the get preset', () => {
  it('lays out the get.md worked example', () => {
    const out = formatTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['nginx-7854ff8877-6qzmx', '1/1', 'Running', '0', '2m3s'],
      ['busybox', '0/1', 'Pending', '0', '5s'],
    ]);
    expect(out).toBe(
      'NAME                     READY   STATUS    RESTARTS   AGE\n' +
        'nginx-7854ff8877-6qzmx   1/1     Running   0          2m3s\n' +
        'busybox                  0/1     Pending   0          5s\n',
    );
  });

  it('keeps the minimum width of 6 and pads empty last-but-one cells', () => {
    expect(formatTable([['AB', 'TIER', 'X'], ['x', 'fe', '']])).toBe('AB    TIER   X\nx     fe     \n');
  });

  it('counts widths in runes', () => {
    expect(formatTable([['héllo😀', 'b'], ['x', 'y']])).toBe('héllo😀   b\nx        y\n');
  });

  it('cuts cells at the first line break and escapes ESC', () => {
    expect(tableCell('a\nb')).toBe('a...');
    expect(tableCell('a\rb')).toBe('a...');
    expect(tableCell('\x1b[1m')).toBe('^[[1m');
  });

  it('remembers widths across flushes (get -w)', () => {
    const w = new TabWriter(GET_TABLE);
    w.write('NAME\tAGE\nlong-name-here\t1s\n');
    const first = w.flush();
    w.write('a\t2s\n');
    expect(first + w.flush()).toBe('NAME             AGE\nlong-name-here   1s\na                2s\n');
  });
});

describe('tabwrite with the describe preset (column blocks)', () => {
  it('aligns each run of consecutive tabbed lines separately', () => {
    const text =
      'Name:\tnginx\n' +
      'Service Account:\tdefault\n' +
      'IPs:\n' +
      '  IP:\t10.244.0.5\n' +
      'Containers:\n' +
      '  nginx:\n' +
      '    Image:\tnginx\n' +
      '    Port:\t80/TCP\n';
    expect(tabwrite(text, DESCRIBE)).toBe(
      'Name:             nginx\n' +
        'Service Account:  default\n' +
        'IPs:\n' +
        '  IP:  10.244.0.5\n' +
        'Containers:\n' +
        '  nginx:\n' +
        '    Image:  nginx\n' +
        '    Port:   80/TCP\n',
    );
  });

  it('aligns column 1 only over lines that have two tabs', () => {
    const text = 'Events:\n  Type\tReason\tAge\tMessage\n  ----\t------\t----\t-------\n  Normal\tScheduled\t5s\tok\nx\ty\n';
    expect(tabwrite(text, DESCRIBE)).toBe(
      'Events:\n' +
        '  Type    Reason     Age   Message\n' +
        '  ----    ------     ----  -------\n' +
        '  Normal  Scheduled  5s    ok\n' +
        'x         y\n',
    );
  });
});

describe('formatTable, row by row', () => {
  it('lays out what tabwrite lays out from the same cells joined by tabs, whatever the rows', () => {
    // Deterministic pseudo-random rows: wide and narrow cells, empty rows, one-cell rows (which
    // flush), cells with a tab or a vertical tab (they split), non-ASCII and astral characters.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const words = ['', 'a', 'nginx-7854ff8877-6qzmx', 'Running', 'é', '日本語', '😀x', 'x\ty', 'v\vw', '0/1', 'CrashLoopBackOff'];
    for (let round = 0; round < 200; round++) {
      const rows = Array.from({ length: next(12) }, () => Array.from({ length: next(6) }, () => words[next(words.length)]!));
      for (const opts of [GET_TABLE, DESCRIBE]) {
        expect(formatTable(rows, opts)).toBe(tabwrite(rows.map((r) => r.map(tableCell).join('\t') + '\n').join(''), opts));
      }
    }
  });
});
