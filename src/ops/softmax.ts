// Vector functions: softmax and logsumexp, for a column or a row vector.
import type { OpRecord } from './types.js';
import * as b from '../core/build.js';
import { vectorArg, toScalar } from './shapes.js';
import { map, scalarMat } from '../numeric/matrix.js';
import { call } from '../print/style.js';

const EXP = { name: 'exp', float: Math.exp };
const LOG = { name: 'log', float: Math.log };

export const vectorFns: OpRecord[] = [
  {
    op: 'softmax',
    total: true,
    positive: true,
    named: true,
    call: ['softmax'],
    arity: 1,
    doc: 'softmax(z) = exp(z)/sum(exp(z)), of a column or row vector',
    shape: vectorArg('softmax'),
    rational: false,
    kind: 'other',
    // softmax(zᵀ) = softmax(z)ᵀ
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: false,
    // dp = (Diag(p) − p pᵀ) dz, written p ∘ (dz − p:dz) so that it holds for rows and columns alike
    diffRule: 'd.softmax',
    diffFrom: ['d.softmax', 'd.softmax-row'],
    evaluate: (_t, a, F) => {
      const e = map(a[0]!, (x) => F.apply(EXP, x));
      const s = e.data.reduce((x, y) => F.add(x, y), F.zero);
      return map(e, (x) => F.div(x, s));
    },
    print: (_t, a, style) => call({ text: 'softmax', latex: '\\operatorname{softmax}' }, a, style),
  },
  {
    op: 'logsumexp',
    total: true,
    call: ['logsumexp'],
    arity: 1,
    doc: 'logsumexp(z) = log(sum(exp(z))), of a column or row vector',
    shape: (args) => {
      vectorArg('logsumexp')(args);
      return toScalar();
    },
    rational: false,
    kind: 'other',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: false,
    // d logsumexp(z) = softmax(z) : dz
    diffRule: 'd.logsumexp',
    diffFrom: ['d.logsumexp', 'd.logsumexp-row'],
    evaluate: (_t, a, F) => scalarMat(F.apply(LOG, a[0]!.data.reduce((s, x) => F.add(s, F.apply(EXP, x)), F.zero))),
    print: (_t, a, style) => call({ text: 'logsumexp', latex: '\\operatorname{logsumexp}' }, a, style),
  },
];
