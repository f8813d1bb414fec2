// The POSIX shell syntax tree. Plain JSON data: a running process keeps its
// program (and the functions it defined) in its saved state.

export type WordPart =
  | { t: 'lit'; v: string } // unquoted literal text (subject to globbing)
  | { t: 'sq'; v: string } // quoted literal text ('...', \x, heredoc bodies)
  | { t: 'dq'; parts: WordPart[] } // "..."
  | { t: 'param'; name: string; op?: string; arg?: Word; len?: boolean }
  | { t: 'cmdsub'; body: Node }
  | { t: 'arith'; expr: string };

export type Word = WordPart[];

export interface Redir {
  fd?: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '<<' | '<<-' | '&>' | '>|' | '<>';
  target: Word;
  /** Heredoc body (already split from the source). */
  body?: Word;
}

export type Node =
  | { t: 'list'; items: { node: Node; bg: boolean }[] }
  | { t: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[] }
  | { t: 'pipe'; cmds: Node[]; bang: boolean }
  | { t: 'cmd'; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redir[] }
  | { t: 'sub'; body: Node; redirs: Redir[] }
  | { t: 'group'; body: Node; redirs: Redir[] }
  | { t: 'if'; clauses: { cond: Node; body: Node }[]; else?: Node; redirs: Redir[] }
  | { t: 'while'; until: boolean; cond: Node; body: Node; redirs: Redir[] }
  | { t: 'for'; name: string; items?: Word[]; body: Node; redirs: Redir[] }
  | { t: 'case'; word: Word; arms: { pats: Word[]; body?: Node }[]; redirs: Redir[] }
  | { t: 'func'; name: string; body: Node };

export const lit = (v: string): Word => [{ t: 'sq', v }];

/** A simple command from an argv given as data (exec, container command/args). */
export function argvNode(argv: string[]): Node {
  return { t: 'cmd', assigns: [], words: argv.map(lit), redirs: [] };
}
