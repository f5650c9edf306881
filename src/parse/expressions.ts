// Expressions of the matdiff language (see docs/language.md) read by precedence climbing: tokens
// → syntax tree with spans. Kept apart from statements and declarations (src/parse/parser.ts,
// src/parse/declarations.ts) because it is the one recursive part: nesting is bounded here
// (MAX_DEPTH, MAX_CHAIN), so no input can overflow the stack, and every error names what was
// expected and points at the spot.
import type { Ast, BinaryOp } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import type { Token } from './lexer.js';
import { foreignFunction, nearest } from './suggest.js';
import { checkLiteral } from './literals.js';

export const MAX_DEPTH = 200;
export const MAX_CHAIN = 2000;

/** binding power of each binary operator, loosest first */
const BINARY: Record<string, number> = { '+': 1, '-': 1, ':': 2, '*': 3, '/': 3, '.*': 3, './': 3 };
const UNARY_PREC = 4;
const POWER_PREC = 5;

export interface Opts {
  knownFunctions?: readonly string[];
}

/** The expression grammar over a token list; src/parse/parser.ts adds statements on top. */
export class ExpressionParser {
  protected pos = 0;
  private depth = 0;
  private parenDepth = 0;
  constructor(
    protected readonly source: string,
    protected readonly toks: Token[],
    private readonly opts: Opts,
  ) {}

  protected peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  protected next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }
  protected error(msg: string, span: Span, kind: 'parse' | 'limit' = 'parse', hint?: string): never {
    throw new MatdiffError(kind, msg, { source: this.source, span, hint: hint ?? (kind === 'limit' ? 'name inner parts with definitions (`v = …; E = …`), each line nesting less' : undefined) });
  }
  protected describe(t: Token): string {
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

  protected unexpected(t: Token): never {
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

  protected expression(minPrec: number): Ast {
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

  protected postfix(): Ast {
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
        hint: foreignFunction(name.text) ?? (near ? `did you mean \`${near}\`?` : `known functions: ${known.join(', ')}`),
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
