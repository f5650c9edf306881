// A precedence-climbing parser for the matdiff language (see docs/language.md). Nesting is
// bounded (MAX_DEPTH), so no input can overflow the stack; every error names what was expected
// and points at the spot.
import type { Ast, BinaryOp, Declaration, Program, Statement } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { lex, MAX_INPUT, type Token } from './lexer.js';
import { nearest } from './suggest.js';
import { dimMul } from '../core/shape.js';
import { MAX_LITERAL_EXP10, MIN_LITERAL_EXP10, MAX_LITERAL_DIGITS, MAX_DIM, MAX_DIM_FACTORS } from '../limits.js';

export const MAX_DEPTH = 200;
export const MAX_CHAIN = 2000;

/** binding power of each binary operator, loosest first */
const BINARY: Record<string, number> = { '+': 1, '-': 1, ':': 2, '*': 3, '/': 3, '.*': 3, './': 3 };
const UNARY_PREC = 4;
const POWER_PREC = 5;

interface Opts {
  knownFunctions?: readonly string[];
}

class Parser {
  private pos = 0;
  private depth = 0;
  private parenDepth = 0;
  constructor(
    private readonly source: string,
    private readonly toks: Token[],
    private readonly opts: Opts,
  ) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }
  private error(msg: string, span: Span, kind: 'parse' | 'limit' = 'parse', hint?: string): never {
    throw new MatdiffError(kind, msg, { source: this.source, span, hint: hint ?? (kind === 'limit' ? 'name inner parts with definitions (`v = …; E = …`), each line nesting less' : undefined) });
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of input' : t.kind === 'sep' ? (t.text === ';' ? '`;`' : 'end of line') : `\`${t.text}\``;
  }
  private enter(span: Span): void {
    if (++this.depth > MAX_DEPTH) this.error(`the expression nests more than ${MAX_DEPTH} levels deep`, span, 'limit');
  }
  private leave(): void {
    this.depth--;
  }

  /** newlines inside parentheses, or after a binary operator, are only white space */
  private skipNewlinesIfContinuing(): void {
    while (this.peek().kind === 'sep' && this.peek().text === '\n' && this.parenDepth > 0) this.pos++;
  }

  program(): Program {
    const statements: Statement[] = [];
    for (;;) {
      while (this.peek().kind === 'sep') this.pos++;
      if (this.peek().kind === 'eof') break;
      statements.push(this.statement());
      const t = this.peek();
      if (t.kind !== 'sep' && t.kind !== 'eof') this.unexpected(t);
    }
    return { source: this.source, statements };
  }

  private statement(): Statement {
    const first = this.peek();
    if (first.kind === 'name' && this.peek(1).kind === 'eq') {
      this.pos += 2;
      const expr = this.expression(0);
      return { name: first.text, nameSpan: first.span, expr, span: { start: first.span.start, end: expr.span.end } };
    }
    const expr = this.expression(0);
    if (this.peek().kind === 'eq') this.error('only a name can be defined: write `name = expression`', this.peek().span);
    return { expr, span: expr.span };
  }

  expressionOnly(): Ast {
    while (this.peek().kind === 'sep' && this.peek().text === '\n') this.pos++;
    const e = this.expression(0);
    while (this.peek().kind === 'sep' && this.peek().text === '\n') this.pos++;
    if (this.peek().kind !== 'eof') this.unexpected(this.peek());
    return e;
  }

  private unexpected(t: Token): never {
    const prev = this.toks[this.pos - 1];
    if ((t.kind === 'name' || t.kind === 'num' || t.kind === 'lparen') && prev && (prev.kind === 'name' || prev.kind === 'num' || prev.kind === 'rparen' || prev.kind === 'quote')) {
      const a = this.source.slice(prev.span.start, prev.span.end);
      const b = t.kind === 'lparen' ? '(' : t.text;
      this.error(`expected an operator between \`${a}\` and \`${b}\` (write \`${a}*${b}\`)`, t.span);
    }
    if (t.kind === 'rparen') this.error('unexpected `)`: it closes no `(`', t.span);
    if (t.kind === 'eq') this.error('unexpected `=`: a definition is `name = expression` at the start of a statement', t.span);
    this.error(`unexpected ${this.describe(t)}`, t.span);
  }

  private expression(minPrec: number): Ast {
    this.enter(this.peek().span);
    let left = this.unary();
    let chain = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !(t.text in BINARY)) break;
      const prec = BINARY[t.text]!;
      if (prec <= minPrec) break;
      this.pos++;
      this.skipOperatorNewlines();
      const right = this.expression(prec);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, span: { start: left.span.start, end: right.span.end }, opSpan: t.span };
      // a long chain a + b + c + ... nests to the left without recursion here, but every later
      // pass walks the tree recursively: bound its height too
      if (++chain > MAX_CHAIN) this.error(`the expression chains more than ${MAX_CHAIN} operators at one level`, t.span, 'limit', 'write a long sum or product with sum(...) or through definitions (`s1 = …; s2 = …; s1 + s2`)');
    }
    this.leave();
    return left;
  }

  private skipOperatorNewlines(): void {
    while (this.peek().kind === 'sep' && this.peek().text === '\n') this.pos++;
  }

  private unary(): Ast {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      this.enter(t.span);
      const arg = this.unaryOperand(t);
      this.leave();
      if (t.text === '+') return arg;
      return { kind: 'neg', arg, span: { start: t.span.start, end: arg.span.end } };
    }
    return this.power();
  }

  private unaryOperand(op: Token): Ast {
    const t = this.peek();
    if (t.kind === 'eof' || t.kind === 'sep' || t.kind === 'rparen' || (t.kind === 'op' && t.text !== '-' && t.text !== '+')) {
      this.error(`expected an expression after \`${op.text}\` but found ${this.describe(t)}`, t.span);
    }
    // -x^2 is -(x^2); -a*b is (-a)*b (the same value)
    return this.unary();
  }

  private power(): Ast {
    const base = this.postfix();
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '^' || t.text === '.^')) {
      this.pos++;
      this.enter(t.span);
      // the exponent may carry a sign: X^-1, x.^-2; right-associative
      const e = this.peek();
      let exponent: Ast;
      if (e.kind === 'op' && (e.text === '-' || e.text === '+')) {
        this.pos++;
        const arg = this.powerOperand(e);
        exponent = e.text === '-' ? { kind: 'neg', arg, span: { start: e.span.start, end: arg.span.end } } : arg;
      } else exponent = this.powerOperand(t);
      this.leave();
      return { kind: 'binary', op: t.text as BinaryOp, left: base, right: exponent, span: { start: base.span.start, end: exponent.span.end }, opSpan: t.span };
    }
    return base;
  }

  private powerOperand(op: Token): Ast {
    const t = this.peek();
    if (t.kind !== 'num' && t.kind !== 'name' && t.kind !== 'lparen') this.error(`expected an exponent after \`${op.text}\` but found ${this.describe(t)}`, t.span);
    return this.power();
  }

  private postfix(): Ast {
    let e = this.primary();
    let quotes = 0;
    while (this.peek().kind === 'quote') {
      const q = this.next();
      if (++quotes > MAX_DEPTH) this.error(`more than ${MAX_DEPTH} transposes in a row`, q.span, 'limit', "two transposes cancel: x'' is x");
      e = { kind: 'transpose', arg: e, span: { start: e.span.start, end: q.span.end } };
    }
    return e;
  }

  private primary(): Ast {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.pos++;
        checkLiteral(t.text, this.source, t.span);
        return { kind: 'num', text: t.text, span: t.span };
      case 'name': {
        this.pos++;
        if (this.peek().kind === 'lparen') return this.call(t);
        return { kind: 'name', name: t.text, span: t.span };
      }
      case 'lparen': {
        this.pos++;
        this.enter(t.span);
        this.parenDepth++;
        this.skipNewlinesIfContinuing();
        if (this.peek().kind === 'rparen') this.error('empty parentheses: expected an expression', { start: t.span.start, end: this.peek().span.end });
        const inner = this.expression(0);
        this.skipNewlinesIfContinuing();
        const close = this.peek();
        this.parenDepth--;
        if (close.kind !== 'rparen') {
          if (close.kind === 'eof' || close.kind === 'sep') this.error('unbalanced parenthesis: `(` is never closed', t.span);
          this.unexpected(close);
        }
        this.pos++;
        this.leave();
        // the span covers the parentheses, so a caret under (a + b) marks all of it
        return { ...inner, span: { start: t.span.start, end: close.span.end } } as Ast;
      }
      default:
        if (t.kind === 'op' && (t.text === '-' || t.text === '+')) return this.unary();
        this.error(t.kind === 'eof' ? `expected an expression but found end of input` : `expected an expression but found ${this.describe(t)}`, t.span);
    }
  }

  private call(name: Token): Ast {
    const known = this.opts.knownFunctions;
    if (known && !known.includes(name.text)) {
      const near = nearest(name.text, known);
      throw new MatdiffError('unknown-function', `unknown function \`${name.text}\``, {
        source: this.source,
        span: name.span,
        hint: near ? `did you mean \`${near}\`?` : `known functions: ${known.join(', ')}`,
      });
    }
    const open = this.next();
    this.enter(open.span);
    this.parenDepth++;
    const args: Ast[] = [];
    this.skipNewlinesIfContinuing();
    if (this.peek().kind !== 'rparen') {
      for (;;) {
        this.skipNewlinesIfContinuing();
        args.push(this.expression(0));
        this.skipNewlinesIfContinuing();
        if (this.peek().kind === 'comma') {
          this.pos++;
          continue;
        }
        break;
      }
    }
    const close = this.peek();
    this.parenDepth--;
    if (close.kind !== 'rparen') {
      if (close.kind === 'eof' || close.kind === 'sep') this.error(`unbalanced parenthesis: the \`(\` of ${name.text}( is never closed`, open.span);
      this.unexpected(close);
    }
    this.pos++;
    this.leave();
    return { kind: 'call', fn: name.text, args, span: { start: name.span.start, end: close.span.end }, fnSpan: name.span };
  }
}

// ---- number literals ---------------------------------------------------------------------------

/** A decimal literal read exactly: its significant digits and where the decimal point goes. */
export interface Decimal {
  /** the significant digits, without leading or trailing zeros ('' for zero) */
  readonly digits: string;
  /** the value is digits × 10^exp10 */
  readonly exp10: number;
  /** the power of ten of the first significant digit (1.5e3 → 3); -Infinity for zero */
  readonly lead: number;
}

/** `2`, `0.5`, `.5`, `1e-3`, `12.50E+2` read without building the number (so 1e99999999 is cheap). */
export function readDecimal(text: string): Decimal | undefined {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const int = m[1]!;
  const all = int + (m[2] ?? '');
  const first = all.search(/[1-9]/);
  if (first < 0) return { digits: '', exp10: 0, lead: -Infinity };
  let last = all.length - 1;
  while (all[last] === '0') last--;
  const e = (m[4] ?? '0').replace(/^0+(?=\d)/, '');
  // an exponent of ten digits is far past every limit: no need to read it exactly
  const exp = e.length > 9 ? Infinity : Number(e);
  const signed = m[3] === '-' ? -exp : exp;
  const digits = all.slice(first, last + 1);
  const lead = int.length - 1 - first + signed;
  return { digits, exp10: lead - (digits.length - 1), lead };
}

const shortLiteral = (text: string) => (text.length > 40 ? `${text.slice(0, 24)}…${text.slice(-8)} (${text.length} characters)` : text);

/**
 * A number literal within the limits: at most 1e15 and (unless 0) at least 1e-15 in magnitude,
 * with at most 30 significant digits. A caret under the literal otherwise.
 */
export function checkLiteral(text: string, source: string, span: Span): void {
  const d = readDecimal(text);
  if (!d) throw new MatdiffError('parse', `\`${shortLiteral(text)}\` is not a number`, { source, span });
  if (d.digits === '') return;
  const fail = (msg: string, hint: string): never => {
    throw new MatdiffError('limit', msg, { source, span, hint });
  };
  if (d.digits.length > MAX_LITERAL_DIGITS) {
    fail(`the number \`${shortLiteral(text)}\` has ${d.digits.length} significant digits; matdiff reads numbers of at most ${MAX_LITERAL_DIGITS} (the limit on number literals)`, `round it to ${MAX_LITERAL_DIGITS} digits or fewer`);
  }
  const over = d.lead > MAX_LITERAL_EXP10 || (d.lead === MAX_LITERAL_EXP10 && d.digits !== '1');
  if (over) fail(`the number \`${shortLiteral(text)}\` is too large: matdiff reads numbers up to 1e${MAX_LITERAL_EXP10} in magnitude (the limit on number literals)`, `write a larger constant as a product (1e15*1e5), or rescale the expression`);
  if (d.lead < MIN_LITERAL_EXP10) fail(`the number \`${shortLiteral(text)}\` is too small: matdiff reads nonzero numbers down to 1e${MIN_LITERAL_EXP10} in magnitude (the limit on number literals)`, `write a smaller constant as a quotient (1e-15/1e5), or rescale the expression`);
}

/** A dimension written as a positive integer, within the limit (`--vars "A: 1000 x 10"`, `ones(3)`). */
export function checkDimNumber(text: string, source: string, span: Span | undefined, kind: 'declaration' | 'parse' = 'parse'): string {
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_DIM).length || Number(digits) > MAX_DIM) {
    throw new MatdiffError('limit', `the dimension ${shortLiteral(text)} is larger than matdiff handles: a dimension is at most ${MAX_DIM} (the limit on dimensions)`, {
      source,
      span,
      hint: kind === 'declaration' ? 'declare a smaller size, or a name (`A: n x m`): a symbolic dimension has no size limit' : 'use a smaller size, or a name for the dimension',
    });
  }
  return String(Number(digits));
}

export function parseProgram(source: string, opts: Opts = {}): Program {
  return new Parser(source, lex(source), opts).program();
}

export function parseExpression(source: string, opts: Opts = {}): Ast {
  return new Parser(source, lex(source), opts).expressionOnly();
}

// ---- declarations ---------------------------------------------------------------------------

const FACT_WORDS = ['symmetric', 'spd', 'diagonal', 'positive', 'onehot', 'one-hot', 'pd', 'posdef'];

export function parseDeclarations(source: string): Declaration[] {
  if (source.length > MAX_INPUT) {
    throw new MatdiffError('limit', `the declarations are ${source.length} characters long; matdiff reads at most ${MAX_INPUT} (the limit on input length)`, { source: source.slice(0, 80), span: { start: 0, end: 1 }, hint: 'declare only the names the expression uses' });
  }
  const out: Declaration[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const raw of source.split(/[;,\n]/)) {
    const start = offset;
    offset += raw.length + 1;
    if (raw.trim() === '') continue;
    const lead = raw.length - raw.trimStart().length;
    const span = { start: start + lead, end: start + raw.trimEnd().length };
    const err = (msg: string, s: Span = span, hint?: string): never => {
      throw new MatdiffError('declaration', msg, { source, span: s, hint });
    };
    const m = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*:\s*(.*?)\s*$/u.exec(raw);
    if (!m) err('a declaration reads `name: shape [facts]`, e.g. `W: n x m` or `x: m` or `a: scalar`');
    const name = m![1]!;
    if (seen.has(name)) err(`\`${name}\` is declared twice`);
    seen.add(name);
    const words = m![2]!.replace(/×/g, ' x ').split(/\s+/).filter(Boolean);
    if (words.length === 0) err(`\`${name}\` needs a shape: \`${name}: n x m\`, \`${name}: n\` or \`${name}: scalar\``);
    // where a word of the shape is, for the caret (the first occurrence after the colon)
    const wordSpan = (w: string): Span => {
      const at = raw.indexOf(w, raw.indexOf(':') + 1);
      return at < 0 ? span : { start: start + at, end: start + at + w.length };
    };
    const dim = (w: string, whole = w): string => {
      // a product of dimensions (`n*p`), as kron and vec make: canonical, as dimMul orders it
      if (w.includes('*')) {
        const fs = w.split('*');
        if (fs.length > MAX_DIM_FACTORS) {
          throw new MatdiffError('limit', `\`${name}\` has a dimension of ${fs.length} factors; matdiff handles products of at most ${MAX_DIM_FACTORS} (the limit on product dimensions)`, { source, span: wordSpan(w), hint: 'use one name for the product (`A: N x m`)' });
        }
        const d = fs.map((f) => dim(f, w)).reduce((x, y) => dimMul(x, y));
        const n = /^\d+/.exec(d);
        if (n) checkDimNumber(n[0], source, wordSpan(w), 'declaration');
        return d;
      }
      if (/^[1-9]\d*$/.test(w)) return checkDimNumber(w, source, wordSpan(whole), 'declaration');
      if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(w) && !FACT_WORDS.includes(w.toLowerCase())) return w;
      return err(`\`${w}\` is not a dimension: use a name (n) or a positive integer`);
    };
    let rows: string;
    let cols: string;
    let rest: string[];
    if (words[0]!.toLowerCase() === 'scalar') {
      rows = '1';
      cols = '1';
      rest = words.slice(1);
    } else if (words.length >= 3 && words[1] === 'x') {
      rows = dim(words[0]!);
      cols = dim(words[2]!);
      rest = words.slice(3);
    } else {
      const compact = /^(\w+)x(\w+)$/.exec(words[0]!);
      if (compact && /^\d+$/.test(compact[1]!) && /^\d+$/.test(compact[2]!)) {
        rows = dim(compact[1]!);
        cols = dim(compact[2]!);
      } else {
        rows = dim(words[0]!);
        cols = '1';
      }
      rest = words.slice(1);
    }
    const facts: string[] = [];
    for (const w of rest) {
      const lw = w.toLowerCase();
      if (!FACT_WORDS.includes(lw)) {
        const near = nearest(lw, FACT_WORDS);
        err(`unknown fact \`${w}\` in the declaration of ${name}`, span, near ? `did you mean \`${near}\`?` : `facts: symmetric, spd, diagonal, positive, onehot`);
      }
      facts.push(lw);
    }
    out.push({ name, rows, cols, facts, span });
  }
  return out;
}
