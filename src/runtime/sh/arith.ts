// $(( ... )): integer arithmetic with C precedence, variables and assignment.

export function evalArith(expr: string, get: (name: string) => string, set: (name: string, v: string) => void): number {
  const toks = expr.match(/\s*(0x[0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%<>=!~&|^?:(),]|\+=|-=|\*=|\/=)\s*/g) ?? [];
  const t = toks.map((s) => s.trim()).filter(Boolean);
  // re-join compound assignment operators split by the tokenizer
  const tokens: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if ((t[i] === '+' || t[i] === '-' || t[i] === '*' || t[i] === '/') && t[i + 1] === '=' && t[i + 2] !== '=') {
      tokens.push(t[i] + '=');
      i++;
    } else tokens.push(t[i]!);
  }
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const num = (s: string): number => {
    const v = s.trim();
    if (!v) return 0;
    const n = /^0x/i.test(v) ? parseInt(v, 16) : /^-?\d+$/.test(v) ? parseInt(v, 10) : NaN;
    return Number.isNaN(n) ? 0 : n;
  };
  const val = (name: string) => num(get(name));
  const BIN: [string[], (a: number, b: number) => number][] = [
    [['||'], (a, b) => (a || b ? 1 : 0)],
    [['&&'], (a, b) => (a && b ? 1 : 0)],
    [['|'], (a, b) => a | b],
    [['^'], (a, b) => a ^ b],
    [['&'], (a, b) => a & b],
    [['==', '!='], () => 0],
    [['<', '>', '<=', '>='], () => 0],
    [['<<', '>>'], () => 0],
    [['+', '-'], () => 0],
    [['*', '/', '%'], () => 0],
  ];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '<<': return a << b;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw new Error('division by zero');
        return Math.trunc(a / b);
      case '%':
        if (b === 0) throw new Error('division by zero');
        return a % b;
    }
    return 0;
  };
  const unary = (): number => {
    const tk = peek();
    if (tk === '-') { next(); return -unary(); }
    if (tk === '+') { next(); return unary(); }
    if (tk === '!') { next(); return unary() ? 0 : 1; }
    if (tk === '~') { next(); return ~unary(); }
    if (tk === '++' || tk === '--') {
      next();
      const name = next()!;
      const v = val(name) + (tk === '++' ? 1 : -1);
      set(name, String(v));
      return v;
    }
    if (tk === '(') {
      next();
      const v = assign();
      next(); // ')'
      return v;
    }
    const w = next();
    if (w === undefined) return 0;
    if (/^[A-Za-z_]/.test(w)) {
      if (peek() === '++' || peek() === '--') {
        const op = next();
        const v = val(w);
        set(w, String(v + (op === '++' ? 1 : -1)));
        return v;
      }
      return val(w);
    }
    return num(w);
  };
  const binary = (level: number): number => {
    if (level >= BIN.length) return unary();
    let a = binary(level + 1);
    while (peek() !== undefined && BIN[level]![0].includes(peek()!)) {
      const op = next()!;
      const b = binary(level + 1);
      a = apply(op, a, b);
    }
    return a;
  };
  const ternary = (): number => {
    const c = binary(0);
    if (peek() === '?') {
      next();
      const a = assign();
      next(); // ':'
      const b = assign();
      return c ? a : b;
    }
    return c;
  };
  const assign = (): number => {
    const name = tokens[i];
    const op = tokens[i + 1];
    if (name && /^[A-Za-z_]/.test(name) && op && ['=', '+=', '-=', '*=', '/='].includes(op)) {
      i += 2;
      const v = assign();
      const cur = val(name);
      const r = op === '=' ? v : apply(op[0]!, cur, v);
      set(name, String(r));
      return r;
    }
    return ternary();
  };
  let result = 0;
  while (i < tokens.length) {
    result = assign();
    if (peek() === ',') next();
    else break;
  }
  return result;
}
