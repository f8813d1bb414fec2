// The prefix writer of kubectl describe (describe.md §0.1–0.2): every write is
// indented by `level` × 2 spaces; TABs separate cells, aligned by the Go
// tabwriter (minwidth 0, tabwidth 8, padding 2) when the output is flushed.

import { DESCRIBE, TabWriter } from '../tabwriter.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** cli-runtime printers.WriteEscaped: terminal control characters are made harmless. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export class PrefixWriter {
  private readonly tw = new TabWriter(DESCRIBE);
  private out = '';

  /** Writes `text` (which may hold several lines) indented by level × 2 spaces. */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** Shorthand: write(level, text + "\n"). */
  line(level: number, text: string): void {
    this.write(level, text + '\n');
  }

  /** Ends every column block: what follows is aligned on its own. */
  flush(): void {
    this.out += this.tw.flush();
  }

  /** Flushes and returns the whole output. */
  toString(): string {
    this.flush();
    return this.out;
  }
}

/** Runs `body` against a fresh writer and returns the flushed text (kubectl tabbedString). */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.toString();
}
