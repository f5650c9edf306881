// mean(X): the mean of all entries of X, a scalar: sum(X)/(rows·cols). A linear operator, so its
// record declares only what linearity does not give: its differential mean(dX) comes from its kind
// (the step cites d.mean), and its adjoint is the catalogue template adj.mean,
// c·mean(dX) = (c/sum(ones(n, m))·ones(n, m)) : dX — the all-ones matrix over the number of
// entries, written sum(ones(n, m)) since the language has no dimension as a value. Its vec rule
// (for Jacobians, catalogue entry jac.mean) is the same row: mean M = vec(𝟏)ᵀ vec M / sum(𝟏). Its
// result is 1×1, so it is its own transpose.
import { Fraction } from '../core/fraction.js';
import type { OpRecord } from './types.js';
import type { Shape } from '../core/shape.js';
import { isScalarShape } from '../core/shape.js';
import * as b from '../core/build.js';
import { toScalar } from './shapes.js';
import { scalarMat, sumAll } from '../numeric/matrix.js';
import { call } from '../print/style.js';

/** 𝟏/sum(𝟏): the all-ones matrix over its number of entries */
const meanWeights = (s: Shape) => b.smul(b.pow(b.apply('sum', [b.ones(s)]), b.num(-1)), b.ones(s));

export const meanFns: OpRecord[] = [
  {
    op: 'mean',
    call: ['mean'],
    arity: 1,
    kind: 'linear',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: true,
    doc: 'mean(A): the mean of all entries, sum(A)/(rows·cols)',
    shape: toScalar,
    rational: true,
    total: true,
    diffRule: 'd.mean',
    adjointFrom: ['adj.mean'],
    // mean M = (𝟏/sum(𝟏)) : M = vec(𝟏)ᵀ vec M / sum(𝟏)
    vecRule: (t, v) => {
      const m = t.args[0]!;
      return isScalarShape(m.shape) ? v.jac(m) : v.note('jac.mean', t, v.frobenius(meanWeights(m.shape), m));
    },
    evaluate: (_t, a, F) => {
      const m = a[0]!;
      return scalarMat(F.div(sumAll(F, m), F.fromFraction(new Fraction(m.rows * m.cols))));
    },
    print: (_t, a, style) => call({ text: 'mean', latex: '\\operatorname{mean}' }, a, style),
  },
];
