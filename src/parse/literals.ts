// Number literals and dimension numbers read exactly and checked against the limits on literals
// (src/limits.ts, docs/limits.md) before any number is built, so `1e99999999` costs nothing.
// Shared by the expression parser, the declarations and elaboration (src/parse/elaborate.ts
// folds a literal into an exact Fraction from the digits read here).
import { MatdiffError, type Span } from '../errors.js';
import { MAX_LITERAL_EXP10, MIN_LITERAL_EXP10, MAX_LITERAL_DIGITS, MAX_DIM } from '../limits.js';

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
