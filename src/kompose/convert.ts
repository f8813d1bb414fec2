// `kompose convert`: find the compose file, load it, transform, and write one
// file per object (NAME-KIND.yaml) in the working directory, or --out FILE|DIR,
// or --stdout. Like kompose's PrintList: each object is JSON round-tripped
// through yaml.v3 (indent 2), and everything from a "status:" line on is cut.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toYaml } from '../printers/yaml.js';
import { loadCompose } from './compose.js';
import { KomposeFatal, goQuote, unsupported, type KomposeLog } from './log.js';
import { removeEmpty, transform, type KObj } from './transform.js';

export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface ConvertOptions {
  files: string[];
  out: string;
  stdout: boolean;
  replicas: number;
  replicasGiven: boolean;
  withKomposeAnnotation: boolean;
  /** The kompose.cmd annotation: the command line as typed. */
  cmd: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface ConvertResult {
  /** What --stdout prints. */
  stdout: string;
}

/** The YAML kompose writes for one object. */
export function komposeYaml(obj: KObj): string {
  const text = toYaml(removeEmpty(JSON.parse(JSON.stringify(obj))), { goYamlV3: true });
  return text.replace(/status:\n[\s\S]*/, '');
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** Converts; what kompose logs goes to `log` (kept by the caller even when this throws). */
export function convert(opts: ConvertOptions, log: KomposeLog): ConvertResult {
  let files = opts.files;
  if (files.length === 0) {
    const found = DEFAULT_COMPOSE_FILES.find((f) => existsSync(join(opts.cwd, f)));
    if (!found) throw new KomposeFatal('Error validating compose file: No compose or docker-compose yaml file found in the current directory');
    files = [found];
  }
  if (opts.out && opts.stdout) throw new KomposeFatal('Error: --out and --stdout can\'t be set at the same time');
  if (opts.replicas < 0) throw new KomposeFatal('Error: --replicas cannot be negative');
  if (files.length > 1) unsupported('merging several compose files');
  const file = files[0]!;
  const path = resolve(opts.cwd, file);
  let text: string;
  if (file === '-') unsupported('reading the compose file from stdin');
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KomposeFatal(`Unable to load files: open ${path}: no such file or directory`);
  }
  const services = loadCompose(text, path, opts.env, log);
  const objects = transform(services, opts, log);

  let stdout = '';
  const outPath = opts.out ? resolve(opts.cwd, opts.out) : '';
  if (opts.out && !existsSync(outPath) && opts.out.endsWith('/')) mkdirSync(outPath, { recursive: true });
  if (opts.stdout || (opts.out && !isDir(outPath))) {
    // One stream: every object as "---\n" + YAML, each followed by a newline.
    const all = objects.map((o) => `---\n${komposeYaml(o)}\n`).join('');
    if (opts.stdout) stdout = all;
    else {
      log.info(`Kubernetes file ${goQuote(opts.out)} created`);
      writeFileSync(outPath, all);
    }
    return { stdout };
  }
  const dir = opts.out ? outPath : opts.cwd;
  mkdirSync(dir, { recursive: true });
  for (const o of objects) {
    const name = `${o.metadata.name}-${o.kind.toLowerCase()}.yaml`;
    // filepath.Join(dirName, file): "." vanishes, "out/" loses its slash.
    const shown = opts.out ? join(opts.out, name) : name;
    writeFileSync(join(dir, name), komposeYaml(o));
    log.info(`Kubernetes file ${goQuote(shown)} created`);
  }
  return { stdout };
}
