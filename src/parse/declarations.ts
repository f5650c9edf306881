// Declarations (`--vars "W: n x m; x: m; S: n x n symmetric"`): a name, a shape and facts. A
// plain line format of its own, not the expression grammar, read here with a caret under the
// entry (or the word) that is wrong; elaboration (src/parse/elaborate.ts) makes them variables.
import type { Declaration } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { MAX_INPUT } from './lexer.js';
import { dimMul, type Shape } from '../core/shape.js';
import type { Term } from '../core/term.js';
import { MAX_DIM_FACTORS } from '../limits.js';
import { checkDimNumber } from './literals.js';
import { FACT_WORDS, factWordsOf } from './facts.js';

/** the declaration of `name` with a shape and facts, as if the user had written it (no place in any input) */
export const declarationOf = (name: string, shape: Shape, facts: readonly string[] = []): Declaration => ({ name, rows: shape.rows, cols: shape.cols, facts: [...facts], span: { start: 0, end: 0 } });

/** declarations that give every variable its shape and facts, for reading a result or a part of a program back */
export const declarationsOf = (vars: ReadonlyMap<string, Term>): Declaration[] => [...vars.values()].map((v) => declarationOf(v.name!, v.shape, v.data.facts ?? []));

export function parseDeclarations(source: string): Declaration[] {
  if (source.length > MAX_INPUT) {
    throw new MatdiffError('limit', `the declarations are ${source.length} characters long; matdiff reads at most ${MAX_INPUT} (the limit on input length)`, { source: source.slice(0, 80), span: { start: 0, end: 1 }, hint: 'declare only the names the expression uses' });
  }
  const out: Declaration[] = [];
  const seen = new Set<string>();
  for (const { raw, start } of entries(source)) {
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
    const { shape, notation } = matdiffShape(m![2]!);
    const words = shape.replace(/×/g, ' x ').split(/\s+/).filter(Boolean);
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
    for (const w of rest) {
      const lw = w.toLowerCase();
      if (!FACT_WORDS.includes(lw) && (lw === 'x' || lw === 'by')) {
        err(`\`${w}\` in the declaration of ${name} needs a dimension on each side`, wordSpan(w), `write \`${name}: n x m\` for a matrix, \`${name}: n\` for a column vector`);
      }
    }
    const facts = factWordsOf(rest, name, rows === '1' && cols !== '1', (msg, hint, w) => err(msg, wordSpan(w), hint));
    out.push({ name, rows, cols, facts, span, ...(notation ? { notation: `${name}: ${notation}` } : {}) });
  }
  return out;
}

/** the entries of a declaration string: split at `;`, `,` and new lines, but not at a comma inside parentheses (`W: (n, m)`) */
function entries(source: string): { raw: string; start: number }[] {
  const out: { raw: string; start: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= source.length; i++) {
    const ch = source[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (i === source.length || ch === ';' || ch === '\n' || (ch === ',' && depth === 0)) {
      out.push({ raw: source.slice(start, i), start });
      start = i + 1;
      depth = 0;
    }
  }
  return out;
}

/**
 * A shape written in another tool's notation, in matdiff's: `n by m`, `n-by-m` and `n X m` (words
 * of the textbooks and MATLAB's documentation) and numpy's `(n, m)` and `(n,)` are `n x m` and `n`.
 * `notation` says what was read, for the result's notes.
 */
function matdiffShape(text: string): { shape: string; notation?: string } {
  const tuple = /^\(\s*([^(),\s]+)\s*(?:,\s*([^(),\s]*)\s*)?\)(.*)$/u.exec(text);
  if (tuple) {
    const [, r, c, rest] = tuple;
    const shape = `${r}${c ? ` x ${c}` : ''}${rest}`;
    return { shape, notation: `\`${text.slice(0, text.length - rest!.length)}\` (numpy's shape) is read as ${c ? `${r} x ${c}` : `${r}, a column vector`}` };
  }
  const words = text.split(/\s+/).filter(Boolean);
  const dashed = /^([^-\s]+)-by-([^-\s]+)$/iu.exec(words[0] ?? '');
  if (dashed) return { shape: [`${dashed[1]} x ${dashed[2]}`, ...words.slice(1)].join(' '), notation: `\`${words[0]}\` is read as ${dashed[1]} x ${dashed[2]}` };
  if (words.length >= 3 && (words[1]!.toLowerCase() === 'by' || words[1] === 'X')) {
    return { shape: [words[0], 'x', ...words.slice(2)].join(' '), notation: `\`${words.slice(0, 3).join(' ')}\` is read as ${words[0]} x ${words[2]}` };
  }
  return { shape: text };
}
