// kubectl's flag syntax (spf13/pflag), so that what a learner types parses as it
// does with kubectl: flags anywhere among the arguments, `-ojson`, `-o=json`,
// `--output json`, `--all=false`, repeated flags, `--` ending flag parsing, and
// cobra's exact error texts. Flag definitions are the oclif ones each command
// declares (they also drive --help).

import { parseGoInt } from '../util/go-int.js';

export interface FlagDef {
  name: string;
  char?: string;
  type: 'boolean' | 'option';
  multiple?: boolean;
  default?: unknown;
  /** Bool flags given bare mean true; `--flag=false` turns them off. */
}

export interface ParsedArgs {
  flags: Record<string, unknown>;
  args: string[];
  /** Arguments after a bare `--` (exec, run), kept apart. */
  afterDash: string[] | undefined;
  /** Flag names the user actually typed (vs defaults). */
  given: Set<string>;
}

export class FlagError extends Error {}

/**
 * An int flag's value as pflag reads it (strconv.ParseInt base 0; `bits` 32 for an int32 flag), or
 * pflag's error. `label` is how pflag names the flag: `--grace-period`, or `-p, --port` with a shorthand.
 */
export function intFlag(label: string, value: string, bits: 32 | 64 = 64): number {
  const parsed = parseGoInt(value, 0, bits);
  if (typeof parsed === 'string') throw new FlagError(`invalid argument "${value}" for "${label}" flag: strconv.ParseInt: parsing "${value}": ${parsed}`);
  return parsed;
}

function parseBool(name: string, v: string): boolean {
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(v)) return false;
  throw new FlagError(`invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

export function parseFlags(argv: string[], defs: Record<string, FlagDef>): ParsedArgs {
  const byName = new Map<string, FlagDef>();
  const byChar = new Map<string, FlagDef>();
  for (const [name, def] of Object.entries(defs)) {
    byName.set(name, { ...def, name });
    if (def.char) byChar.set(def.char, { ...def, name });
  }
  const flags: Record<string, unknown> = {};
  const given = new Set<string>();
  const args: string[] = [];
  let afterDash: string[] | undefined;

  const set = (def: FlagDef, value: string | boolean) => {
    given.add(def.name);
    if (def.type === 'boolean') {
      flags[def.name] = typeof value === 'boolean' ? value : parseBool(def.name, value);
    } else if (def.multiple) {
      const list = (flags[def.name] as string[] | undefined) ?? [];
      list.push(String(value));
      flags[def.name] = list;
    } else {
      flags[def.name] = String(value);
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      afterDash = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const def = byName.get(name);
      if (!def) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(def, a.slice(eq + 1));
      else if (def.type === 'boolean') set(def, true);
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(def, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A run of shorthand flags: -it, -ojson, -o=json, -n ns.
      let j = 1;
      while (j < a.length) {
        const c = a[j]!;
        const def = byChar.get(c);
        if (!def) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (def.type === 'boolean') {
          if (a[j + 1] === '=') {
            set(def, a.slice(j + 2));
            break;
          }
          set(def, true);
          j++;
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '') set(def, rest);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          set(def, argv[++i]!);
        }
        break;
      }
      continue;
    }
    args.push(a);
  }
  for (const [name, def] of byName) {
    if (!(name in flags)) flags[name] = def.multiple ? ((def.default as string[] | undefined) ?? []) : def.default;
  }
  return { flags, args, afterDash, given };
}

/** Global flags that take a value, for moving `kubectl -n ns get pods` into place. */
export const GLOBAL_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--kubeconfig', '--context', '--cluster', '--user', '--as', '--as-group', '--as-uid',
  '--request-timeout', '-v', '--v', '-s', '--server', '--token', '--cache-dir', '--log-flush-frequency',
]);

/**
 * kubectl accepts global flags before the verb and between its words (`kubectl -n kube-system get
 * pods`, `kubectl create -n dev rolebinding ...`: cobra strips flags while it finds the command);
 * the dispatcher needs the command words first, so those flags move behind them.
 */
export function hoistLeadingFlags(argv: string[], isCommandWord: (words: string[]) => boolean): string[] {
  const words: string[] = [];
  const moved: string[] = [];
  let pending: string[] = [];
  let end = 0;
  let i = 0;
  while (i < argv.length && argv[i] !== '--') {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      pending.push(a);
      const bare = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
      if (GLOBAL_VALUE_FLAGS.has(bare) && !a.includes('=') && !/^-[nvs].+/.test(a) && i + 1 < argv.length) {
        pending.push(argv[++i]!);
      }
      i++;
      continue;
    }
    // Keep the longest run of words that names a command (`create secret generic`). Help asked
    // for before any word is kubectl's own (`kubectl -h get` shows kubectl's help, not get's).
    if (!isCommandWord([...words, a]) || (words.length === 0 && (pending.includes('--help') || pending.includes('-h')))) break;
    words.push(a);
    moved.push(...pending);
    pending = [];
    end = ++i;
  }
  if (moved.length === 0) return argv;
  return [...words, ...moved, ...argv.slice(end)];
}
