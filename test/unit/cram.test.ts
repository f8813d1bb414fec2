import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  actualLines,
  commandPasses,
  compileRegex,
  diffLines,
  formatCommandDiff,
  globToRegexSource,
  lineMatches,
  parseCram,
  parseExpectedLine,
  pythonToJsRegex,
} from '../scenario/cram.js';

const L = (raw: string) => parseExpectedLine(raw);
const A = (text: string, noEol = false) => ({ text, noEol });

describe('parseCram', () => {
  const src = [
    'Prose about the scenario.',
    '',
    '  $ cat <<EOF',
    '  > one',
    '  > ',
    '  > EOF',
    '  one',
    '  ',
    'More prose.',
    '  $ false',
    '  [1]',
    '  $ true',
    '  $ printf x',
    '  x (no-eol)',
    '  > not a continuation: output',
    '  $ echo',
    '  [0]',
    '',
  ].join('\n');
  const f = parseCram(src, 'x.t');

  it('splits commands, continuations and expected output', () => {
    expect(f.errors).toEqual([]);
    expect(f.commands.map((c) => c.text)).toEqual(['cat <<EOF\none\n\nEOF', 'false', 'true', 'printf x', 'echo']);
    expect(f.commands.map((c) => c.lineNo)).toEqual([3, 10, 12, 13, 16]);
    expect(f.commands[0].source).toEqual(['$ cat <<EOF', '> one', '> ', '> EOF']);
    expect(f.commands[0].expected.map((e) => e.raw)).toEqual(['one', '']);
    expect(f.commands[2].expected).toEqual([]);
    expect(f.commands[3].expected.map((e) => e.raw)).toEqual(['x (no-eol)', '> not a continuation: output']);
  });

  it('reads the exit status line', () => {
    expect(f.commands.map((c) => c.expectedExit)).toEqual([0, 1, 0, 0, 0]);
    expect(f.commands[1].expected.map((e) => e.raw)).toEqual(['[1]']); // compared like any line
    expect(f.commands[4].expected).toEqual([]); // [0] is dropped
  });

  it('complains about output before the first command', () => {
    expect(parseCram('  stray\n  $ true\n', 'y.t').errors).toEqual(['y.t:1: output line before any command: "  stray"']);
  });

  it('parses annotations', () => {
    expect(L('a.* (re)')).toMatchObject({ body: 'a.*', kind: 're', noEol: false });
    expect(L('a* (glob)')).toMatchObject({ body: 'a*', kind: 'glob' });
    expect(L('a (no-eol)')).toMatchObject({ body: 'a', kind: 'literal', noEol: true });
    expect(L('a+ (no-eol) (re)')).toMatchObject({ body: 'a+', kind: 're', noEol: true });
    expect(L('a+ (re) (no-eol)')).toMatchObject({ body: 'a+', kind: 're', noEol: true });
    expect(L('a\\tb (esc)')).toMatchObject({ body: 'a\\tb', kind: 'esc' });
  });
});

describe('actualLines', () => {
  it('splits output and adds the status', () => {
    expect(actualLines('', 0)).toEqual([]);
    expect(actualLines('\n', 0)).toEqual([A('')]);
    expect(actualLines('a\nb\n', 0)).toEqual([A('a'), A('b')]);
    expect(actualLines('a\nb', 2)).toEqual([A('a'), A('b', true), A('[2]')]);
    expect(actualLines('', null)).toEqual([A('[killed]')]);
  });
});

describe('lineMatches', () => {
  it('is exact for plain lines, trailing spaces included', () => {
    expect(lineMatches(L('NAME   AGE'), A('NAME   AGE'))).toBe(true);
    expect(lineMatches(L('NAME   AGE'), A('NAME   AGE '))).toBe(false);
    expect(lineMatches(L('x  '), A('x  '))).toBe(true);
    expect(lineMatches(L('x'), A('x', true))).toBe(false);
    expect(lineMatches(L('x (no-eol)'), A('x', true))).toBe(true);
    expect(lineMatches(L('x (no-eol)'), A('x'))).toBe(false);
  });

  it('matches whole lines with (re)', () => {
    expect(lineMatches(L('nginx-[a-z0-9]{5} +1/1 (re)'), A('nginx-ab12c   1/1'))).toBe(true);
    expect(lineMatches(L('nginx (re)'), A('nginx-x'))).toBe(false); // anchored at the end
    expect(lineMatches(L('ginx (re)'), A('nginx'))).toBe(false); // and at the start
    expect(lineMatches(L('a|b (re)'), A('ab'))).toBe(false); // alternation stays inside the anchors
    expect(lineMatches(L('\\d+s (re)'), A('42s'))).toBe(true);
    expect(lineMatches(L('a (re)'), A('a (re)'))).toBe(true); // cram: a literal equal line always matches
    expect(lineMatches(L('x.* (re)'), A('xyz', true))).toBe(false);
    expect(lineMatches(L('x.* (no-eol) (re)'), A('xyz', true))).toBe(true);
    expect(lineMatches(L('(unclosed (re)'), A('(unclosed'))).toBe(false);
  });

  it('supports the regex features the scenarios use', () => {
    // lookaheads with $ inside (kubectl top columns)
    const top = L('memory-demo   (?=[0-9]+m +[0-9])[0-9m ]{13}(?=[0-9]+Mi +$)[0-9Mi ]{16} (re)');
    expect(lineMatches(top, A('memory-demo   123m         162Mi           '))).toBe(true);
    expect(lineMatches(top, A('memory-demo   123m         162Mi'))).toBe(false);
    // back-references
    const br = L('web-([a-z0-9]+)-[a-z0-9]{5} <- ReplicaSet/web-\\1 (re)');
    expect(lineMatches(br, A('web-5d8f9-abcde <- ReplicaSet/web-5d8f9'))).toBe(true);
    expect(lineMatches(br, A('web-5d8f9-abcde <- ReplicaSet/web-77777'))).toBe(false);
    // \S, \? and escaped parentheses
    expect(lineMatches(L('redis +\\d+ \\? +S\\S* \\(x\\) (re)'), A('redis  12 ? Ss+ (x)'))).toBe(true);
    // escapes Python accepts but unicode-mode JS does not
    expect(lineMatches(L('a\\-b\\ c (re)'), A('a-b c'))).toBe(true);
  });

  it('translates Python-only syntax', () => {
    expect(pythonToJsRegex('(?P<h>\\w+)-(?P=h)\\Z')).toBe('(?<h>\\w+)-\\k<h>$');
    expect(pythonToJsRegex('x{,3}')).toBe('x{0,3}');
    expect(pythonToJsRegex('[]a]\\\\Z')).toBe('[\\]a]\\\\Z');
    expect(lineMatches(L('(?P<h>\\w+)-(?P=h) (re)'), A('ab-ab'))).toBe(true);
    expect(lineMatches(L('(?P<h>\\w+)-(?P=h) (re)'), A('ab-ac'))).toBe(false);
    expect(compileRegex('(')).toBeInstanceOf(Error);
  });

  it('matches (glob) like cram', () => {
    expect(globToRegexSource('a*b?c.\\*\\?\\\\d')).toBe('a.*b.c\\.\\*\\?\\\\d');
    expect(lineMatches(L('  *core.PodSpec{ (glob)'), A('  \u00a0 core.PodSpec{'))).toBe(true);
    expect(lineMatches(L('-*Grace: &30, (glob)'), A('- \tGrace: &30,'))).toBe(true);
    expect(lineMatches(L('a?c (glob)'), A('a\u00a0c'))).toBe(true); // ? is one character
    expect(lineMatches(L('a?c (glob)'), A('abbc'))).toBe(false);
    expect(lineMatches(L('star\\* (glob)'), A('star*'))).toBe(true);
    expect(lineMatches(L('star\\* (glob)'), A('stars'))).toBe(false);
    expect(lineMatches(L('(a|b) [x] (glob)'), A('(a|b) [x]'))).toBe(true);
    expect(lineMatches(L('a-b (glob)'), A('a-b'))).toBe(true);
  });

  it('decodes (esc) lines', () => {
    expect(lineMatches(L('\\x1b[1mbold\\x1b[0m\\ttab\\\\ (esc)'), A('\x1b[1mbold\x1b[0m\ttab\\'))).toBe(true);
  });
});

describe('commandPasses and the diff', () => {
  const cmd = parseCram('  $ kubectl get pods\n  NAME   AGE\n  nginx   \\d+s (re)\n  [1]\n', 'z.t').commands[0];

  it('needs every line, in order, and the status', () => {
    expect(commandPasses(cmd, actualLines('NAME   AGE\nnginx   5s\n', 1))).toBe(true);
    expect(commandPasses(cmd, actualLines('NAME   AGE\nnginx   5s\n', 0))).toBe(false);
    expect(commandPasses(cmd, actualLines('NAME   AGE\nnginx   5s\nextra\n', 1))).toBe(false);
    expect(commandPasses(cmd, actualLines('NAME   AGE\n', 1))).toBe(false);
  });

  it('aligns matched lines and shows the rest as -/+', () => {
    const actual = actualLines('NAME   AGE\nextra\nnginx   5s\n', 2);
    expect(diffLines(cmd.expected, actual)).toEqual([
      { op: ' ', text: 'NAME   AGE' },
      { op: '+', text: 'extra' },
      { op: ' ', text: 'nginx   \\d+s (re)' },
      { op: '-', text: '[1]' },
      { op: '+', text: '[2]' },
    ]);
    expect(formatCommandDiff('z.t', cmd, actual, 'a note')).toBe(
      [
        '@@ z.t:1 @@',
        '   $ kubectl get pods',
        '   NAME   AGE',
        '+  extra',
        '   nginx   \\d+s (re)',
        '-  [1]',
        '+  [2]',
        '!  a note',
      ].join('\n'),
    );
  });

  it('shows control characters and missing newlines the cram way', () => {
    const c = parseCram('  $ x\n  a\n', 'w.t').commands[0];
    expect(diffLines(c.expected, actualLines('a\r\nb', 0))).toEqual([
      { op: '-', text: 'a' },
      { op: '+', text: 'a\\r (esc)' },
      { op: '+', text: 'b (no-eol)' },
    ]);
  });
});

describe('the scenario files', () => {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.t'));

  it.each(files)('%s parses, and its regexes compile', (file) => {
    const f = parseCram(readFileSync(path.join(dir, file), 'utf8'), file);
    expect(f.errors).toEqual([]);
    expect(f.commands.length).toBeGreaterThan(0);
    for (const c of f.commands) {
      for (const e of c.expected) {
        if (e.kind === 're') expect(compileRegex(e.body), `${file}:${e.lineNo}`).toBeInstanceOf(RegExp);
      }
    }
  });
});
