// The data sources of `kubectl create configmap|secret generic`: --from-literal,
// --from-file (file, key=file, directory) and --from-env-file, with kubectl's
// key validation and error texts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ClientError } from './command.js';

export type SourceTarget = 'ConfigMap' | 'Secret';

export interface CollectedData {
  /** Text values (ConfigMap data), or raw bytes for a Secret (base64-encoded later). */
  data: Map<string, Buffer>;
  /** Non-UTF-8 file content of a ConfigMap goes to binaryData. */
  binary: Map<string, Buffer>;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY_HELP =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_NAME_HELP =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

function configKeyError(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (!CONFIG_KEY.test(key)) return CONFIG_KEY_HELP;
  if (key === '.') return "must not be '.'";
  if (key === '..') return "must not be '..'";
  if (key.startsWith('..')) return "must not start with '..'";
  return undefined;
}

function validateKey(key: string, target: SourceTarget, name: string): void {
  const why = configKeyError(key);
  if (!why) return;
  if (target === 'ConfigMap') throw new ClientError(`"${key}" is not a valid key name for a ConfigMap: ${why}`);
  throw new ClientError(`"${key}" is not valid key name for a Secret ${why}`);
  void name;
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

function add(out: CollectedData, target: SourceTarget, objName: string, key: string, value: Buffer, fromFile: boolean): void {
  validateKey(key, target, objName);
  if (out.data.has(key) || out.binary.has(key)) {
    if (target === 'ConfigMap') throw new ClientError(`cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${objName}"`);
    throw new ClientError(`cannot add key ${key}, another key by that name already exists`);
  }
  if (target === 'ConfigMap' && fromFile && !isUtf8(value)) out.binary.set(key, value);
  else out.data.set(key, value);
}

function readSourceFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new ClientError(`error reading ${path}: no such file or directory`);
  }
}

export function parseFileSource(source: string): { key: string; path: string } {
  const eq = source.indexOf('=');
  if (eq < 0) return { key: basename(source), path: source };
  const key = source.slice(0, eq);
  const path = source.slice(eq + 1);
  if (key === '') throw new ClientError(`key name for file path ${path} missing`);
  if (path === '') throw new ClientError(`file path for key name ${key} missing`);
  return { key, path };
}

/** Lines of an env file as kubectl reads them (BOM, comments and blank lines skipped). */
export function parseEnvFile(text: string, path: string, env: NodeJS.ProcessEnv = process.env): [string, string][] {
  const out: [string, string][] = [];
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_NAME.test(key)) throw new ClientError(`"${key}" is not a valid key name: ${ENV_NAME_HELP}`);
    const value = eq < 0 ? (env[key] ?? '') : line.slice(eq + 1);
    out.push([key, value]);
  });
  void path;
  return out;
}

export interface SourceFlags {
  literals: string[];
  files: string[];
  envFiles: string[];
}

export function collectSources(target: SourceTarget, objName: string, flags: SourceFlags): CollectedData {
  const out: CollectedData = { data: new Map(), binary: new Map() };
  if (flags.envFiles.length && (flags.files.length || flags.literals.length)) {
    throw new ClientError('from-env-file cannot be combined with from-file or from-literal');
  }
  for (const literal of flags.literals) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new ClientError(`invalid literal source ${literal}, expected key=value`);
    add(out, target, objName, literal.slice(0, eq), Buffer.from(literal.slice(eq + 1), 'utf8'), false);
  }
  for (const source of flags.files) {
    const { key, path } = parseFileSource(source);
    const explicitKey = source.includes('=');
    if (!existsSync(path)) throw new ClientError(`error reading ${path}: no such file or directory`);
    if (statSync(path).isDirectory()) {
      if (explicitKey) throw new ClientError('cannot give a key name for a directory path');
      for (const entry of readdirSync(path).sort()) {
        const full = join(path, entry);
        if (!statSync(full).isFile()) continue;
        add(out, target, objName, entry, readSourceFile(full), true);
      }
    } else {
      add(out, target, objName, key, readSourceFile(path), true);
    }
  }
  for (const path of flags.envFiles) {
    if (!existsSync(path)) throw new ClientError(`error reading ${path}: no such file or directory`);
    if (statSync(path).isDirectory()) throw new ClientError(`env secret file cannot be a directory`);
    for (const [key, value] of parseEnvFile(readFileSync(path, 'utf8'), path)) {
      add(out, target, objName, key, Buffer.from(value, 'utf8'), false);
    }
  }
  return out;
}
