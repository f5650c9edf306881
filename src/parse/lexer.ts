// Tokens of the matdiff language, each with its span in the input.
import { MatdiffError, type Span } from '../errors.js';

export type TokKind = 'num' | 'name' | 'op' | 'lparen' | 'rparen' | 'comma' | 'quote' | 'sep' | 'eq' | 'eof';

export interface Token {
  kind: TokKind;
  text: string; // for ops: the canonical operator ('.*' for ∘ and ⊙)
  span: Span;
}

export const MAX_INPUT = 20000;

const OP_ALIASES: Record<string, string> = { '∘': '.*', '⊙': '.*', '·': '*', '×': '*', '−': '-' };

export function lex(source: string): Token[] {
  if (source.length > MAX_INPUT) {
    throw new MatdiffError('limit', `the input is ${source.length} characters long; matdiff reads at most ${MAX_INPUT}`, { source: source.slice(0, 80), span: { start: 0, end: 1 } });
  }
  const toks: Token[] = [];
  let i = 0;
  const push = (kind: TokKind, text: string, start: number, end: number) => toks.push({ kind, text, span: { start, end } });
  const prevIsOperand = () => {
    const p = toks[toks.length - 1];
    return p !== undefined && (p.kind === 'name' || p.kind === 'num' || p.kind === 'rparen' || p.kind === 'quote');
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n' || ch === ';') {
      push('sep', ch, i, i + 1);
      i++;
      continue;
    }
    // numbers: 2, 0.5, .5, 1e-3 — but in `2.*x` the dot belongs to the operator
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i))!;
      let text = m[0];
      // "2." followed by * / ^ is the number 2 and an elementwise operator
      if (text.endsWith('.') && /[*/^]/.test(source[i + text.length] ?? '')) text = text.slice(0, -1);
      push('num', text, i, i + text.length);
      i += text.length;
      continue;
    }
    if (/[\p{L}_]/u.test(ch)) {
      const m = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(source.slice(i))!;
      // ᵀ is a letter to the regex but a transpose to us
      const name = m[0].replace(/ᵀ.*$/u, '');
      if (name.length === 0) {
        push('quote', 'ᵀ', i, i + 1);
        i++;
        continue;
      }
      push('name', name, i, i + name.length);
      i += name.length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '.*' || two === './' || two === '.^') {
      push('op', two, i, i + 2);
      i += 2;
      continue;
    }
    if ('+-*/:^'.includes(ch) || ch in OP_ALIASES) {
      push('op', OP_ALIASES[ch] ?? ch, i, i + 1);
      i++;
      continue;
    }
    if (ch === "'" || ch === 'ᵀ' || ch === '’') {
      if (!prevIsOperand()) throw new MatdiffError('parse', `a transpose \`${ch}\` must follow something to transpose`, { source, span: { start: i, end: i + 1 } });
      push('quote', "'", i, i + 1);
      i++;
      continue;
    }
    if (ch === '(') push('lparen', ch, i, i + 1);
    else if (ch === ')') push('rparen', ch, i, i + 1);
    else if (ch === ',') push('comma', ch, i, i + 1);
    else if (ch === '=') push('eq', ch, i, i + 1);
    else throw new MatdiffError('parse', `unknown character \`${ch}\``, { source, span: { start: i, end: i + 1 } });
    i++;
  }
  push('eof', '', source.length, source.length);
  return toks;
}
