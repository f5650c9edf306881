// Tokens of the matdiff language, each with its span in the input.
import { MatdiffError, isInvisible, type Span } from '../errors.js';
import { describeChar, greekWord, lookalike, scriptOf, SUBSCRIPT_DIGITS, SUPERSCRIPT_DIGITS } from './suggest.js';

export type TokKind = 'num' | 'name' | 'op' | 'lparen' | 'rparen' | 'comma' | 'quote' | 'sep' | 'eq' | 'eof';

export interface Token {
  kind: TokKind;
  text: string; // for ops: the canonical operator ('.*' for ∘ and ⊙)
  span: Span;
}

export const MAX_INPUT = 20000;

// `@` is numpy's matrix product: matdiff's `*` (the scope pass notes the reading)
const OP_ALIASES: Record<string, string> = { '∘': '.*', '⊙': '.*', '·': '*', '×': '*', '−': '-', '@': '*' };

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
    // the whole character (𝐀 is two UTF-16 units)
    const c = String.fromCodePoint(source.codePointAt(i)!);
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      // a comment may say anything, but not invisibly: a bidi override or an escape sequence in
      // it would change how the line reads wherever it is shown
      while (i < source.length && source[i] !== '\n') {
        const k = String.fromCodePoint(source.codePointAt(i)!);
        if (isInvisible(k) && k !== '\t' && k !== '\r') throw unknownCharacter(source, i, k, ' in a comment');
        i += k.length;
      }
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
    if (/[\p{L}_]/u.test(c) && !isInvisible(c)) {
      // ᵀ is a letter to Unicode but a transpose to us; ² ends a name (a power, read next)
      const name = scanName(source, i);
      if (name.length === 0) {
        push('quote', 'ᵀ', i, i + 1);
        i++;
        continue;
      }
      push('name', name, i, i + name.length);
      i += name.length;
      continue;
    }
    if (SUPERSCRIPT_DIGITS.includes(c) || '⁺⁻⁼⁽⁾'.includes(c)) {
      i = superscriptPower(source, i, prevIsOperand(), push);
      continue;
    }
    const two = source.slice(i, i + 2);
    // numpy's X.T and MATLAB's X.': the transpose (nothing else in matdiff is written so)
    if (((two === '.T' && !/[\p{L}\p{N}_]/u.test(source[i + 2] ?? '')) || two === ".'") && prevIsOperand()) {
      push('quote', "'", i, i + 2);
      i += 2;
      continue;
    }
    if (two === '**') throw err(source, i, i + 2, "`**` is Python's power; matdiff writes a power `^`", "write x^2 for a scalar power, X.^2 for numpy's elementwise A**2, and X^2 for the matrix power X*X");
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
    else throw unknownCharacter(source, i, c);
    i++;
  }
  push('eof', '', source.length, source.length);
  return toks;
}

// ---- names, superscripts and characters matdiff does not read -------------------------------

const err = (source: string, start: number, end: number, message: string, hint?: string) => new MatdiffError('parse', message, { source, span: { start, end }, hint });

const isSubscript = (c: string) => SUBSCRIPT_DIGITS.includes(c) || /^[\u2080-\u209c\u1d62-\u1d6a\u2c7c]$/u.test(c);

/**
 * The name that starts at `start`: letters, the digits 0–9 and _, in one script. A letter that
 * only looks Latin (Greek Α, Cyrillic а, fullwidth Ａ), a super- or subscript, a combining mark
 * or a mix of scripts is an error at that character: each would make two names print alike.
 * (Exported for other readers of names, such as declarations.)
 */
export function scanName(source: string, start: number): string {
  let i = start;
  while (i < source.length) {
    const c = String.fromCodePoint(source.codePointAt(i)!);
    if (c === 'ᵀ' || SUPERSCRIPT_DIGITS.includes(c) || c === '⁺' || c === '⁻' || isInvisible(c) || !/^[\p{L}\p{N}\p{M}_]$/u.test(c)) break;
    i += c.length;
  }
  const name = source.slice(start, i);
  const scripts: { script: string; at: number; c: string }[] = [];
  for (let j = start; j < i; ) {
    const c = String.fromCodePoint(source.codePointAt(j)!);
    const at = j;
    j += c.length;
    const ascii = (n: string) => [...n].map((x) => (isSubscript(x) ? x.normalize('NFKC') : x)).join('');
    if (/^\p{M}$/u.test(c)) {
      const base = String.fromCodePoint(source.codePointAt(at - 1) ?? 0);
      throw err(source, at - (base.length === 2 ? 2 : 1), j, `the name \`${name}\` has a combining mark, ${describeChar(c)}: a name is letters, the digits 0–9 and _`, 'write the letter without the mark (xhat or x_bar, say)');
    }
    if (isSubscript(c)) {
      throw err(source, at, j, `the name \`${name}\` has a subscript, \`${c}\` (${describeChar(c)})`, `write \`${ascii(name.replace(/[\u2090-\u209c\u1d62-\u1d6a\u2c7c]/gu, (x) => `_${x.normalize('NFKC')}`))}\`: matdiff prints W1 as W₁`);
    }
    if (/^\p{Lm}$/u.test(c) && c.normalize('NFKC') !== c) {
      const base = source.slice(start, at);
      throw err(source, at, j, `the name \`${name}\` has a superscript, \`${c}\` (${describeChar(c)}): a superscript is not part of a name`, `write \`${base || 'x'}^${c.normalize('NFKC')}\` for a power${c === 'ᵗ' ? `, or \`${base}'\` for the transpose` : ''}`);
    }
    const like = lookalike(c);
    if (like !== undefined) {
      const fixed = [...name].map((x) => lookalike(x) ?? x).join('');
      const gw = greekWord(like) ?? greekWord(c);
      throw err(source, at, j, `the name \`${name}\` ${name === c ? 'is' : `has \`${c}\`,`} ${describeChar(c)}, which looks like \`${like}\` but is a different character`, `write \`${fixed}\`${gw ? `, or \`${gw}\` for the Greek letter` : ''}: matdiff refuses look-alike letters, so that \`${c}\` and \`${like}\` cannot be two names that print alike`);
    }
    if (/^\p{N}$/u.test(c) && !/^[0-9]$/.test(c)) throw err(source, at, j, `the name \`${name}\` has the digit \`${c}\` (${describeChar(c)}): names use the digits 0–9`);
    const script = scriptOf(c);
    if (script) scripts.push({ script, at, c });
  }
  // one script a name; dα (the differential of α, in a chain) is d and a name
  const rest = name.startsWith('d') && scripts.length > 1 && scripts[0]!.at === start ? scripts.slice(1) : scripts;
  const other = rest.find((x) => x.script !== rest[0]!.script);
  if (other) {
    const greek = scripts.find((x) => greekWord(x.c));
    throw err(source, other.at, other.at + other.c.length, `the name \`${name}\` mixes ${rest[0]!.script} and ${other.script} letters: \`${other.c}\` is ${describeChar(other.c)}`,
      `write a name in the letters of one script${greek ? ` (\`${greek.c}\` is \`${greekWord(greek.c)}\` in Latin letters)` : ''}`);
  }
  return name;
}

/**
 * x², X⁻¹, A¹⁰: a power, read as `^` and the exponent (so X² is the matrix power X^2 and X⁻¹ the
 * inverse, as for X^2 and X^-1). Returns the offset after it. A superscript that cannot be read
 * so (⁻ alone, X⁻ᵀ, X²ᵀ, which the parser would read as a transposed exponent) is an error.
 */
function superscriptPower(source: string, i: number, afterOperand: boolean, push: (kind: 'op' | 'num', text: string, start: number, end: number) => void): number {
  const m = /^([⁺⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/u.exec(source.slice(i));
  const c = String.fromCodePoint(source.codePointAt(i)!);
  if (!m) {
    const next = source[i + 1];
    const hint = c === '⁻' && next === 'ᵀ' ? "write inv(X)' for the inverse transpose" : c === '⁻' ? 'write x^-1 for a power' : 'write the power with ^: x^(n+1)';
    throw err(source, i, i + 1, `\`${c}\` (${describeChar(c)}) must be followed by superscript digits to be a power`, hint);
  }
  const end = i + m[0].length;
  if (!afterOperand) throw err(source, i, end, `the superscript power \`${m[0]}\` must follow something to raise`, `write x^${m[1] === '⁻' ? '-' : ''}${[...m[2]!].map((d) => SUPERSCRIPT_DIGITS.indexOf(d)).join('')}`);
  const digits = [...m[2]!].map((d) => String(SUPERSCRIPT_DIGITS.indexOf(d))).join('');
  push('op', '^', i, end);
  if (m[1]) push('op', m[1] === '⁻' ? '-' : '+', i, i + 1);
  push('num', digits, i + m[1]!.length, end);
  // X²ᵀ or X⁻¹' would be read as X^(2') — the exponent transposed, not the power: refuse
  let j = end;
  while (source[j] === ' ' || source[j] === '\t') j++;
  const after = source[j] ?? '';
  const exp = `${m[1] === '⁻' ? '-' : ''}${digits}`;
  const dotted = source.startsWith('.T', j) || source.startsWith(".'", j);
  if (after === "'" || after === 'ᵀ' || after === '’' || dotted) {
    throw err(source, j, j + (dotted ? 2 : 1), `a transpose right after the superscript power \`${m[0]}\` would be read as the transpose of the exponent`, exp === '-1' ? "write inv(X)' for the transpose of the inverse" : `write (X^${exp})' for the transpose of the power, or X'^${exp}`);
  }
  if (after === '^' || source.startsWith('.^', j)) throw err(source, j, j + (after === '^' ? 1 : 2), `a power right after the superscript power \`${m[0]}\` is ambiguous`, `write (x^${exp})^k with parentheses`);
  return end;
}

/** characters of other tools' notation, and how matdiff writes what they mean */
const FOREIGN: Record<string, string> = {
  '.': "a `.` is not part of a name: write exp(x) for np.exp(x); matdiff's dotted operators are .* ./ .^ (elementwise) and X.T (the transpose X')",
  '{': 'matdiff groups with parentheses: write X^(n+1) for X^{n+1}',
  '[': 'matdiff has no matrix literals or indexing: name the matrix and declare its shape (--vars "A: n x m")',
  '\\': "LaTeX commands are not read: write X' for X^\\top, inv(X) for X^{-1}, and a Greek letter by its name (lambda) or as the letter (λ)",
  '|': 'write norm2(x) for the Euclidean norm ‖x‖ (norm2(x)^2 for its square), norm1(x) for the 1-norm and abs(x) for |x|',
  '‖': 'write norm2(x) for the Euclidean norm ‖x‖ (norm2(x)^2 for its square) and norm1(x) for the 1-norm',
};

/** the error for a character matdiff does not read, showing what it is (never the raw character when it does not show) */
function unknownCharacter(source: string, i: number, c: string, where = ''): MatdiffError {
  const end = i + c.length;
  const cp = c.codePointAt(0)!;
  if (/^\p{Cc}$/u.test(c)) {
    return err(source, i, end, `control character ${describeChar(c)}${where}`, cp === 0x1b ? 'an escape sequence (terminal colours?) is not part of an expression: delete it' : 'delete it: it does not show, but it is there');
  }
  if (isInvisible(c)) {
    const space = /^\p{Zs}$/u.test(c);
    const bidi = /^[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u.test(c);
    return err(source, i, end, `invisible character ${describeChar(c)}${where}`,
      space ? 'retype it as a plain space' : bidi ? 'delete it: a bidirectional control changes the order in which the text after it is shown' : 'delete it: it does not show, but it is there (pasted from a web page or a word processor?)');
  }
  if (/^\p{M}$/u.test(c)) return err(source, i, end, `combining mark ${describeChar(c)} with no letter to sit on${where}`, 'delete it');
  if (isSubscript(c)) return err(source, i, end, `a subscript, \`${c}\` (${describeChar(c)}), is not part of the language`, 'write W1 or W_1: matdiff prints W1 as W₁');
  if (c === '`') return err(source, i, end, 'unknown character `` ` ``');
  if (cp < 0x80) return err(source, i, end, `unknown character \`${c}\``, FOREIGN[c]);
  const like = c.normalize('NFKC');
  const hint = FOREIGN[c] ?? (like !== c && /^[\x21-\x7e]+$/.test(like) ? `did you mean \`${like}\`?` : undefined);
  return err(source, i, end, `unknown character \`${c}\` (${describeChar(c)})`, hint);
}
