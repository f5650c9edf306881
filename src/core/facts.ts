// The facts that fix sums of entries — `onehot` and `prob`, by columns or by rows — and the axis
// along which a variable declaring one sums to 1. The axis is read off the fact and the declared
// shape, as softmax reads its own (src/ops/softmax.ts): `onehot` and `prob` on a column vector or
// a matrix mean each column (𝟏ᵀY = 𝟏ᵀ), on a row vector the row as a whole; `onehot-rows` and
// `prob-rows` (declared `onehot rows`, `prob rows`) mean each row (Y𝟏 = 𝟏). The simplifier
// (src/simplify/traces.ts), the samplers (src/check/sample.ts, src/verify/points.ts) and the
// judge's diagnosis (src/verify/diagnose-facts.ts) all ask here.
import type { Fact, Term } from './term.js';
import type { Shape } from './shape.js';

/** 'columns': each column sums to 1 (𝟏ᵀX = 𝟏ᵀ); 'rows': each row does (X𝟏 = 𝟏) */
export type Axis = 'columns' | 'rows';

export type SumFact = 'onehot' | 'onehot-rows' | 'prob' | 'prob-rows';
export const SUM_FACTS: readonly SumFact[] = ['onehot', 'onehot-rows', 'prob', 'prob-rows'];

export const isSumFact = (f: Fact): f is SumFact => (SUM_FACTS as readonly Fact[]).includes(f);

/** the axis along which `f` makes entries of a value of shape `s` sum to 1 (a row vector sums as a whole) */
export function axisOf(f: SumFact, s: Shape): Axis {
  if (f === 'onehot' || f === 'prob') return s.rows === '1' ? 'rows' : 'columns';
  return 'rows';
}

/** the sum fact a variable declares, if any (declarations allow at most one) */
export function sumFactOf(t: Term): SumFact | undefined {
  if (t.op !== 'var') return undefined;
  return (t.data.facts ?? []).find(isSumFact);
}

/** the axis along which a variable's entries sum to 1, when it declares onehot or prob */
export function sumAxis(t: Term): Axis | undefined {
  const f = sumFactOf(t);
  return f ? axisOf(f, t.shape) : undefined;
}

/** one-hot (a single 1 per column or row) rather than positive weights */
export const isOneHot = (f: SumFact): boolean => f === 'onehot' || f === 'onehot-rows';

/** the declaration words of a fact: `onehot rows` for 'onehot-rows' */
export const factWords = (f: Fact): string => f.replace('-', ' ');
