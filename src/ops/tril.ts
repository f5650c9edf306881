// tril(X): the lower triangle of X (the entries with i ≥ j; the others 0), for any n×m matrix.
// A linear operator, so its record declares only what linearity does not give: its differential
// tril(dX) comes from its kind (the step cites d.tril), its adjoint is the catalogue template
// adj.tril (C : tril(dX) = tril(C) : dX: keeping the lower triangle is self-adjoint), and nothing
// is declared about its transpose: tril(X)ᵀ is the upper triangle of Xᵀ, not tril of anything, so
// the transpose stays outside — tril(S)ᵀ ≠ tril(S) even for a symmetric S. Its vec rule (for
// Jacobians, catalogue entry jac.tril) keeps the entries on and below the diagonal, and so does its
// code in an exported module: a mask keeping (i, j) where i ≥ j, np.tril and torch.tril.
import type { OpRecord } from './types.js';
import { anyShape } from './shapes.js';
import * as b from '../core/build.js';
import { fill, at } from '../numeric/matrix.js';
import { call } from '../print/style.js';

export const trilFns: OpRecord[] = [
  {
    op: 'tril',
    call: ['tril'],
    arity: 1,
    kind: 'linear',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: true,
    doc: 'tril(X): the lower triangle of X (entries above the diagonal set to 0)',
    shape: anyShape,
    rational: true,
    total: true,
    diffRule: 'd.tril',
    adjointFrom: ['adj.tril'],
    // vec tril(M) = Diag(vec tril(𝟏)) vec M: the entries on and below the diagonal kept
    vecRule: (t, v) => v.note('jac.tril', t, b.mul(b.apply('Diag', [b.apply('vec', [b.apply('tril', [b.ones(t.shape)])])]), v.jac(t.args[0]!))),
    evaluate: (_t, a, F) => fill(a[0]!.rows, a[0]!.cols, (i, j) => (i >= j ? at(a[0]!, i, j) : F.zero)),
    print: (_t, a, style) => call({ text: 'tril', latex: '\\operatorname{tril}' }, a, style),
    code: { kind: 'mask', name: 'lt', keep: '>=', numpy: 'np.tril', torch: 'torch.tril' },
  },
];
