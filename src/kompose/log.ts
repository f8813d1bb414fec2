// kompose logs through logrus with a TextFormatter (ForceColors, DisableTimestamp):
// ESC[<color>m + the level's first four letters in capitals + ESC[0m, a space,
// the message padded to 44 characters, one more space, then a newline. All on stderr.

export type KomposeLevel = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

const COLOR: Record<KomposeLevel, number> = { debug: 37, info: 36, warning: 33, error: 31, fatal: 31 };

/** One log line as logrus prints it, newline included. */
export function logLine(level: KomposeLevel, message: string): string {
  const text = level.toUpperCase().slice(0, 4);
  const msg = message.replace(/\n$/, '');
  return `\x1b[${COLOR[level]}m${text}\x1b[0m ${msg.padEnd(44)} \n`;
}

/** A log.Fatal: the command prints the line and exits 1. */
export class KomposeFatal extends Error {}

/** Collects the lines a conversion logs, in order (the engine of kompose never prints itself). */
export class KomposeLog {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(logLine('info', message));
  }
  warn(message: string): void {
    this.lines.push(logLine('warning', message));
  }
}

/** Go's %q for the plain strings kompose quotes (file and service names). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Something kompose does that kubesim does not model: reported as `error: ... is not supported by kubesim yet`. */
export class KomposeUnsupported extends Error {}

export function unsupported(what: string): never {
  throw new KomposeUnsupported(`kompose: ${what} is not supported by kubesim yet`);
}
