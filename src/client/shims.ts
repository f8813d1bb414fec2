// `kubesim shellenv` / `kubesim shell`: a bin directory in KUBESIM_HOME whose
// `kubectl` and `kompose` run this program, so tutorials can be typed verbatim.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shell-quotes a path for `export PATH=...` (single quotes, ' escaped). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shimScript(runJs: string, argv0: string, prefix: string[] = []): string {
  const pre = prefix.map((p) => ` ${shellQuote(p)}`).join('');
  return `#!/bin/sh\nKUBESIM_ARGV0=${argv0} exec ${shellQuote(process.execPath)} ${shellQuote(runJs)}${pre} "$@"\n`;
}

/** Writes the shims and returns their directory. */
export function ensureShims(home: string, runJs: string): string {
  const dir = join(home, 'bin');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  };
  write('kubectl', shimScript(runJs, 'kubectl'));
  write('kubesim', shimScript(runJs, 'kubesim'));
  write('kompose', shimScript(runJs, 'kubesim', ['kompose']));
  return dir;
}

export function shellenvText(dir: string): string {
  return `export PATH=${shellQuote(dir)}:$PATH\n`;
}
