// The matdiff language's entry points (see docs/language.md): a program is statements, each
// `name = expression` or (the last only) a bare expression, separated by `;` or newlines. This file
// reads the statements; expressions are read by src/parse/expressions.ts, declarations by
// src/parse/declarations.ts and number literals by src/parse/literals.ts (re-exported here, so
// every caller keeps one import for reading input).
import type { Ast, Program, Statement } from './ast.js';
import { lex } from './lexer.js';
import { ExpressionParser, type Opts } from './expressions.js';

export { MAX_DEPTH, MAX_CHAIN } from './expressions.js';
export { parseDeclarations } from './declarations.js';
export { readDecimal, checkLiteral, checkDimNumber, type Decimal } from './literals.js';

class Parser extends ExpressionParser {
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
}

export function parseProgram(source: string, opts: Opts = {}): Program {
  return new Parser(source, lex(source), opts).program();
}

export function parseExpression(source: string, opts: Opts = {}): Ast {
  return new Parser(source, lex(source), opts).expressionOnly();
}
