// A wrong claim that a fact would make right: the claim holds only when a variable's entries sum
// to 1 (sum(p) = 1; each column, 𝟏ᵀP = 𝟏ᵀ; each row, P𝟏 = 𝟏), and the variable is not declared
// so. As the symmetric diagnosis asks "would it hold if A were symmetric?" (src/verify/diagnose.ts),
// this asks the judge's own comparison (src/verify/equal.ts) at values drawn with the fact
// (src/verify/points.ts: positive weights normalised along the axis), and says so only when the
// comparison at positive values without it shows the claim differing, so that positivity alone is
// not what the claim needs. The words name the condition and the declaration that states it
// (`p: k prob`). One-hot values are not tried: 0s and 1s agree with too much (step(x − 0.4) and
// step(x − 0.15) at x ∈ {0, 1}) for "holds only when x is one-hot" to be a useful explanation.
import type { Term } from '../core/term.js';
import { isScalarShape } from '../core/shape.js';
import { sumFactOf } from '../core/facts.js';
import { compare } from './equal.js';
import type { Diagnosis, Problem } from './mistakes.js';
import type { Assumed } from './points.js';

type Condition = 'prob' | 'prob-rows';

const isVector = (v: Term): boolean => v.shape.rows === '1' || v.shape.cols === '1';
/** the condition is on rows: `prob rows`, or a row vector (which sums as a whole) */
const byRows = (v: Term, c: Condition): boolean => c === 'prob-rows' || v.shape.rows === '1';

/** the conditions a variable could be given: a vector's entries, a matrix's columns or rows */
function conditions(v: Term): Condition[] {
  if (isScalarShape(v.shape) || sumFactOf(v) || v.hasFact('symmetric') || v.hasFact('spd') || v.hasFact('diagonal')) return [];
  return isVector(v) ? ['prob'] : ['prob', 'prob-rows'];
}

/** the declaration that states a condition: `p: k prob`, `P: N x k prob rows` */
export function declarationOf(v: Term, fact: string): string {
  const { rows, cols } = v.shape;
  const shape = cols === '1' ? rows : `${rows} x ${cols}`;
  return `${v.name!}: ${shape} ${fact.replace('-', ' ')}`;
}

/** the condition in symbols, with words: `sum(p) = 1`, `each column of P sums to 1 (𝟏ᵀP = 𝟏ᵀ)` */
function conditionWords(v: Term, c: Condition): [string, string] {
  const x = v.name!;
  if (isVector(v)) return [`sum(${x}) = 1`, `the entries of ${x} add up to 1`];
  return byRows(v, c) ? [`each row of ${x} sums to 1`, `${x}𝟏 = 𝟏`] : [`each column of ${x} sums to 1`, `𝟏ᵀ${x} = 𝟏ᵀ`];
}

/** The words of a claim right only under condition c on v. */
export function factWords(v: Term, c: Condition): string {
  const [cond, aside] = conditionWords(v, c);
  const what = isVector(v) ? 'a probability vector' : `a matrix of probabilities (each ${byRows(v, c) ? 'row' : 'column'} a distribution)`;
  return (
    `The claim holds only when ${cond} (${aside}), and ${v.name!} is not declared so: checked numerically, the claim equals the gradient at values where ${cond} and differs from it at other (positive) values. ` +
    `If ${v.name!} is ${what}, declare it: \`${declarationOf(v, c)}\` (or \`${declarationOf(v, c.replace('prob', 'onehot'))}\` for one-hot labels); matdiff then uses the fact in the gradient and draws values that honour it.`
  );
}

/** The claim is right only were some variable prob: the diagnosis that says which, or undefined. */
export function sumsToOne(p: Problem): Diagnosis | undefined {
  const at = (v: Term, a: Assumed) => compare(p.claim, p.truth, p.leaves, { points: 5, assume: new Map([[v.name!, a]]) });
  variables: for (const v of p.vars.values()) {
    for (const c of conditions(v)) {
      if (!at(v, c).equal) continue;
      // positivity alone must not be what the claim needs: at positive values it must differ
      const positive = at(v, 'positive');
      if (positive.equal || positive.undecided) continue variables;
      return { kind: 'sums-to-one', kinds: ['sums-to-one'], variable: v.name!, declaration: declarationOf(v, c), message: factWords(v, c) };
    }
  }
  return undefined;
}
