// kubectl patch's client side: reading -p / --patch-file (JSON or YAML) and
// checking --type.
import { readFileSync } from 'node:fs';
import { ClientError } from './command.js';
import type { PatchType } from '../apiserver/patch.js';

export function parsePatchType(v: string | undefined): PatchType {
  const t = v ?? 'strategic';
  if (t === 'json' || t === 'merge' || t === 'strategic') return t;
  throw new ClientError(`--type must be one of [json merge strategic], not "${t}"`);
}

/** The patch text from -p or --patch-file. */
export function patchText(patch: string | undefined, patchFile: string | undefined): string {
  if (patch !== undefined && patchFile !== undefined) throw new ClientError('--patch and --patch-file are mutually exclusive');
  if (patchFile !== undefined) {
    try {
      return readFileSync(patchFile, 'utf8');
    } catch {
      throw new ClientError(`unable to read patch file: open ${patchFile}: no such file or directory`);
    }
  }
  if (patch === undefined || patch === '') throw new ClientError('must specify --patch or --patch-file containing the contents of the patch');
  return patch;
}

/** yaml.ToJSON: JSON passes through, YAML is converted. */
export async function decodePatch(text: string): Promise<unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // flow-style YAML is JSON's superset: fall through
    }
  }
  const { parseYamlDocuments, YamlSyntaxError } = await import('../printers/yaml.js');
  try {
    const docs = parseYamlDocuments(text);
    return docs[0] ?? null;
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ClientError(`unable to parse "${text}": yaml: line ${e.line}: ${e.message}`);
    throw e;
  }
}
