// Softmax and its relatives, along one axis. A column vector, or each column of a k×N matrix (a
// batch of N logit columns): softmax(Z) is k×N with each column summing to 1, logsumexp(Z) the 1×N
// row of the columns' log-sum-exps, log_softmax(Z) = Z − 𝟏 logsumexp(Z). A row vector (1×n) is
// taken as a whole, as before: softmax(r) is the row's softmax and logsumexp(r) a scalar. The axis
// is read off the argument's declared shape (rows = 1 or not), never off the sizes a check draws,
// so the differential rule (d.softmax, d.softmax-row, d.softmax-columns: the first whose shapes fit)
// and the evaluation always agree.
import type { OpRecord } from './types.js';
import type { Term } from '../core/term.js';
import { type Shape, SCALAR, ONE } from '../core/shape.js';
import { fill, type Mat } from '../numeric/matrix.js';
import type { Field } from '../numeric/field.js';
import { call } from '../print/style.js';

const EXP = { name: 'exp', float: Math.exp };
const LOG = { name: 'log', float: Math.log };

/** the argument is a row vector, taken as a whole; otherwise each column is one group */
const wholeRow = (t: Term): boolean => t.args[0]!.shape.rows === ONE;

/**
 * The name as printed: of a matrix (each column taken), the Unicode and LaTeX forms say the axis
 * (softmax_col, \operatorname{softmax}_{\mathrm{col}}); the text form is the call that parses back.
 */
function axisName(t: Term, text: string, latex: string): { text: string; unicode?: string; latex: string } {
  const columns = t.args[0]!.shape.rows !== ONE && t.args[0]!.shape.cols !== ONE;
  return columns ? { text, unicode: `${text}_col`, latex: `${latex}_{\\mathrm{col}}` } : { text, latex };
}

/**
 * The groups of entries of z that softmax normalizes together: the whole row for a row vector,
 * else each column. Each group is a list of indices into z.data (row-major).
 */
function groups<S>(t: Term, z: Mat<S>): number[][] {
  if (wholeRow(t)) return [z.data.map((_, i) => i)];
  return Array.from({ length: z.cols }, (_, j) => Array.from({ length: z.rows }, (_, i) => i * z.cols + j));
}

/**
 * The entry of a group with the largest value: every exponential is taken of z − z_max, which
 * cannot overflow (softmax and log-sum-exp are unchanged by the shift, exactly: the shift is an
 * entry of z, so dual numbers carry its derivative and it cancels).
 */
function maxOf<S>(F: Field<S>, z: Mat<S>, g: readonly number[]): S {
  return g.map((i) => z.data[i]!).reduce((m, x) => (F.toNumber(x) > F.toNumber(m) ? x : m));
}

/** log Σ exp over one group, as z_max + log Σ exp(z − z_max) */
function lse<S>(F: Field<S>, z: Mat<S>, g: readonly number[]): S {
  const m = maxOf(F, z, g);
  return F.add(m, F.apply(LOG, g.reduce((s, i) => F.add(s, F.apply(EXP, F.sub(z.data[i]!, m))), F.zero)));
}

/** softmax, group by group */
function softmaxOf<S>(t: Term, z: Mat<S>, F: Field<S>): Mat<S> {
  const out = [...z.data];
  for (const g of groups(t, z)) {
    const m = maxOf(F, z, g);
    const e = g.map((i) => F.apply(EXP, F.sub(z.data[i]!, m)));
    const s = e.reduce((acc, x) => F.add(acc, x), F.zero);
    g.forEach((i, k) => (out[i] = F.div(e[k]!, s)));
  }
  return fill(z.rows, z.cols, (i, j) => out[i * z.cols + j]!);
}

/** the shape of logsumexp(Z): a scalar for a vector, the 1×N row of column values for a matrix */
function lseShape(args: readonly Shape[]): Shape {
  const s = args[0]!;
  return s.rows === ONE || s.cols === ONE ? SCALAR : { rows: ONE, cols: s.cols };
}

export const vectorFns: OpRecord[] = [
  {
    op: 'softmax',
    total: true,
    positive: true,
    named: true,
    call: ['softmax'],
    arity: 1,
    doc: 'softmax(Z): each column, exp(z)/sum(exp(z)) (a column or row vector as a whole)',
    shape: (args) => args[0]!,
    rational: false,
    kind: 'other',
    // softmax(zᵀ) = softmax(z)ᵀ for a vector only: column-wise softmax(Zᵀ) is not softmax(Z)ᵀ, and
    // softmax(S) of a symmetric S is not symmetric, so the transpose stays outside
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    // dp = (Diag(p) − p pᵀ) dz, written p ∘ (dz − p:dz) so that it holds for rows and columns alike;
    // column by column dP = P ∘ (dZ − 𝟏(𝟏ᵀ(P ∘ dZ)))
    diffRule: 'd.softmax',
    diffFrom: ['d.softmax', 'd.softmax-row', 'd.softmax-columns'],
    evaluate: (t, a, F) => softmaxOf(t, a[0]!, F),
    print: (t, a, style) => call(axisName(t, 'softmax', '\\operatorname{softmax}'), a, style),
  },
  {
    op: 'logsumexp',
    total: true,
    call: ['logsumexp'],
    arity: 1,
    doc: 'logsumexp(Z): each column, log(sum(exp(z))), a 1×N row (a scalar for a column or row vector)',
    shape: lseShape,
    rational: false,
    kind: 'other',
    // a scalar for a vector (a transpose of it folds), a row for a matrix: its transpose stays outside
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    // d logsumexp(z) = softmax(z) : dz; column by column 𝟏ᵀ(softmax(Z) ∘ dZ)
    diffRule: 'd.logsumexp',
    diffFrom: ['d.logsumexp', 'd.logsumexp-row', 'd.logsumexp-columns'],
    evaluate: (t, a, F) => {
      const z = a[0]!;
      const vals = groups(t, z).map((g) => lse(F, z, g));
      return fill(1, vals.length, (_i, j) => vals[j]!);
    },
    print: (t, a, style) => call(axisName(t, 'logsumexp', '\\operatorname{logsumexp}'), a, style),
  },
  {
    op: 'log_softmax',
    total: true,
    call: ['log_softmax'],
    arity: 1,
    doc: 'log_softmax(Z): each column, z - logsumexp(z) (a column or row vector as a whole)',
    shape: (args) => args[0]!,
    rational: false,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    // d log_softmax(z) = dz − softmax(z) : dz; column by column dZ − 𝟏(𝟏ᵀ(softmax(Z) ∘ dZ))
    diffRule: 'd.log-softmax',
    diffFrom: ['d.log-softmax', 'd.log-softmax-row', 'd.log-softmax-columns'],
    evaluate: (t, a, F) => {
      const z = a[0]!;
      const out = [...z.data];
      // z − log Σ exp z: never log of a softmax entry, which underflows to log 0 far out
      for (const g of groups(t, z)) {
        const l = lse(F, z, g);
        for (const i of g) out[i] = F.sub(z.data[i]!, l);
      }
      return fill(z.rows, z.cols, (i, j) => out[i * z.cols + j]!);
    },
    print: (t, a, style) => call(axisName(t, 'log_softmax', '\\operatorname{log\\_softmax}'), a, style),
  },
];
