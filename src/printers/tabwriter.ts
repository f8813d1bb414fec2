// A port of the Go text/tabwriter algorithm (plus the RememberWidths flag of
// github.com/liggitt/tabwriter that kubectl uses for `get`).
//
// Semantics that matter for byte-exact output:
//  - A cell is text terminated by a tab; the text after the last tab of a line
//    is not part of any column and is never padded.
//  - A column is aligned over a "column block": a run of consecutive lines that
//    all have a cell in that column. Blocks nest: column k+1 is aligned inside
//    each block of column k.
//  - A line with no tab (or an empty line) flushes the writer, so it ends every
//    block (Go does this as an optimisation; the output is the same).
//  - Widths are counted in runes (code points), not UTF-16 units.

export interface TabwriterOptions {
  minWidth: number;
  tabWidth: number;
  padding: number;
  padChar?: string;
  /** liggitt/tabwriter RememberWidths: column widths never shrink across flushes. */
  rememberWidths?: boolean;
}

/** kubectl get / custom-columns: printers.GetNewTabWriter. */
export const GET_TABLE: TabwriterOptions = { minWidth: 6, tabWidth: 4, padding: 3, padChar: ' ', rememberWidths: true };

/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE: TabwriterOptions = { minWidth: 0, tabWidth: 8, padding: 2, padChar: ' ' };

interface Cell {
  text: string;
  width: number; // in runes
}

/** Code points (a pair of UTF-16 surrogates is one); without surrogates, the string's length. */
const runeCount = (s: string): number => (SURROGATE.test(s) ? [...s].length : s.length);
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Stateful writer, for callers that print in several steps (e.g. `get -w`,
 * where later rows must keep the widths remembered from the first table).
 */
export class TabWriter {
  private out = '';
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxWidths: number[] = [];

  constructor(private readonly opts: TabwriterOptions) {}

  write(text: string): void {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v') {
        this.terminateCell();
      } else if (ch === '\n' || ch === '\f') {
        const ncells = this.terminateCell();
        this.lines.push([]);
        // A line with a single cell cannot influence later alignment: flush.
        if (ch === '\f' || ncells === 1) this.flushBuffered();
      } else {
        this.cell += ch;
      }
    }
  }

  /**
   * One line of cells: what `write` does with the cells joined by tabs and ended by a newline, without
   * going through it character by character (a `get -A` table has tens of thousands of rows). The
   * cells must hold no tab, vertical tab, newline or form feed.
   */
  writeRow(cells: string[]): void {
    const line = this.lines[this.lines.length - 1]!;
    if (this.cell.length > 0 || line.length > 0) return this.write(cells.join('\t') + '\n');
    for (const text of cells) line.push({ text, width: runeCount(text) });
    if (cells.length === 0) line.push({ text: '', width: 0 });
    this.lines.push([]);
    // A line with a single cell cannot influence later alignment: flush (as `write` does).
    if (line.length === 1) this.flushBuffered();
  }

  /** Flushes buffered text and returns everything written so far. */
  flush(): string {
    this.flushBuffered();
    const s = this.out;
    this.out = '';
    return s;
  }

  /** Forget remembered widths (kubectl does this when a new table starts). */
  resetRememberedWidths(): void {
    this.maxWidths = [];
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell) });
    this.cell = '';
    return line.length;
  }

  private flushBuffered(): void {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  // Recursive column-block formatting (same structure as Go's format()).
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= this.lines[cur].length - 1) continue;
      // This line starts a block of lines that have a cell in `column`.
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.opts.minWidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.opts.padding);
      }
      width = this.remember(width);
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }

  // RememberWidths: a column is never narrower than it was in an earlier flush.
  private remember(width: number): number {
    if (!this.opts.rememberWidths) return width;
    const col = this.widths.length;
    if (this.maxWidths.length < col) this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
    if (this.maxWidths.length === col) this.maxWidths.push(width);
    else if (this.maxWidths[col] > width) width = this.maxWidths[col];
    else this.maxWidths[col] = width;
    return width;
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += this.padding(c.width, this.widths[j]);
      });
      // The last buffered line is the one still being collected: no newline.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  private padding(textWidth: number, cellWidth: number): string {
    const padChar = this.opts.padChar ?? ' ';
    if (padChar === '\t') {
      // Padding with tabs: round the cell up to a multiple of tabWidth.
      const tw = this.opts.tabWidth;
      if (tw === 0) return '';
      const cw = Math.ceil(cellWidth / tw) * tw;
      return '\t'.repeat(Math.ceil((cw - textWidth) / tw));
    }
    return padChar.repeat(Math.max(0, cellWidth - textWidth));
  }
}

/** Aligns `text` (tab-separated cells, `\n` line ends) in one go. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const w = new TabWriter(opts);
  w.write(text);
  return w.flush();
}

/**
 * Cell text as kubectl's table printer writes it: cut at the first \n, \r or
 * \f (tabwriter would treat them as line ends) and mark the cut with `...`;
 * ESC is shown as `^[` (printers.WriteEscaped).
 */
export function tableCell(value: string): string {
  const cut = value.search(/[\n\r\f]/);
  const text = cut >= 0 ? value.slice(0, cut) : value;
  return text.replace(/\x1b/g, '^[') + (cut >= 0 ? '...' : '');
}

/** Joins rows of cells with tabs and aligns them (default: the `get` layout). */
export function formatTable(rows: string[][], opts: TabwriterOptions = GET_TABLE): string {
  const w = new TabWriter(opts);
  for (const r of rows) {
    const cells = r.map(tableCell);
    // A tab or vertical tab inside a cell ends it, as in Go's tabwriter: those rows go through `write`.
    if (cells.some((c) => c.includes('\t') || c.includes('\v'))) w.write(cells.join('\t') + '\n');
    else w.writeRow(cells);
  }
  return w.flush();
}
