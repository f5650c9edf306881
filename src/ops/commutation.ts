// The commutation matrix K(m, n) (Magnus–Neudecker's K_mn): the mn×mn permutation with
// K vec(A) = vec(Aᵀ) for every m×n matrix A. It is how a transpose reads in the vec form of a
// Jacobian or a Hessian: d vec(Xᵀ) = K d vec X. A constant: no differential, no adjoint needed.
import type { OpRecord } from './types.js';
import { dimMul, type Dim } from '../core/shape.js';
import { fill } from '../numeric/matrix.js';
import { atom } from '../print/style.js';

const mn = (t: { data: { dims?: readonly Dim[] } }): [Dim, Dim] => {
  const d = t.data.dims;
  if (!d || d.length !== 2) throw new Error('matdiff internal: a commutation matrix without its dimensions');
  return [d[0]!, d[1]!];
};

export const commutationFns: readonly OpRecord[] = [
  {
    op: 'commutation',
    total: true,
    call: ['commutation'],
    arity: 2,
    dimArgs: {
      count: 2,
      data: (_args, dims) => {
        const size = dimMul(dims[0]!, dims[1]!);
        return { shape: { rows: size, cols: size }, dims: [dims[0]!, dims[1]!] };
      },
    },
    kind: 'other',
    // K(m, n)ᵀ = K(n, m): not pushed anywhere, the transpose stays outside
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'commutation(m, n): the mn×mn permutation K with K*vec(A) = vec(A\') for an m×n A',
    shape: (_a, _c, d) => d.shape!,
    rational: true,
    evaluate: (t, _a, F, size) => {
      const [dm, dn] = mn(t);
      const m = size(dm);
      const n = size(dn);
      // vec(A)[i + m j] = A[i, j] = vec(Aᵀ)[j + n i]
      return fill(m * n, m * n, (r, c) => (r === Math.floor(c / m) + n * (c % m) ? F.one : F.zero));
    },
    print: (t, _a, style) => {
      const [m, n] = mn(t);
      return atom(style === 'text' ? `commutation(${m}, ${n})` : style === 'latex' ? `K_{${m},${n}}` : `K₍${m},${n}₎`);
    },
  },
];
