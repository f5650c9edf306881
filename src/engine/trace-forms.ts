// The forms of a definition's differential a teacher writes with diagonal matrices, for the trace
// (src/engine/trace.ts): ds = (S − S²) dv with S = Diag(s) (diag.polynomial), and
// dp = (P − p pᵀ) dz for p = softmax(z) (softmax.jacobian).
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, isVectorShape } from '../core/shape.js';
import { differential } from './differential.js';
import { canon } from '../simplify/canon.js';
import { differentialLast, toDiag } from './rewrite.js';

/** The Diag name of a vector name: S for s (when S is free), else none. */
export function diagNamer(taken: Set<string>) {
  const names = new Map<Term, Term>();
  const byVector = new Map<Term, Term>();
  const of = (v: Term): Term | undefined => {
    if (!isVectorShape(v.shape) || isScalarShape(v.shape) || !/^[a-z]$/.test(v.name ?? '')) return undefined;
    const hit = byVector.get(v);
    if (hit) return hit;
    const up = v.name!.toUpperCase();
    if (taken.has(up)) return undefined;
    taken.add(up);
    const n = v.shape.cols === '1' ? v.shape.rows : v.shape.cols;
    const S = b.variable(up, { rows: n, cols: n }, ['diagonal']);
    byVector.set(v, S);
    names.set(S, v);
    return S;
  };
  return { of, names };
}

/** ds = f′ ∘ dv for a vector dv, written (S − S²) dv (a column) or dv (S − S²) (a row). */
export function diagFormOf(dt: Term, diagOf: (v: Term) => Term | undefined): Term | undefined {
  let c: Term | undefined;
  let core = dt;
  if (core.op === 'smul') [c, core] = [core.args[0]!, core.args[1]!];
  if (core.op !== 'had') return undefined;
  const diffs = core.args.filter((a) => a.hasDiff);
  const rest = core.args.filter((a) => !a.hasDiff);
  if (diffs.length !== 1 || rest.length === 0 || !isVectorShape(core.shape) || isScalarShape(core.shape)) return undefined;
  // f′(v) ∘ dv with dv a differential or a product (dW x); a sum stays in Hadamard form
  if (!['dvar', 'mul', 'T'].includes(diffs[0]!.op)) return undefined;
  const fprime = rest.length === 1 ? rest[0]! : rest.reduce((x, y) => b.had(x, y));
  let M = toDiag(fprime, diagOf);
  if (c) M = b.smul(c, M);
  return core.shape.cols === '1' ? b.mul(M, diffs[0]!) : b.mul(diffs[0]!, M);
}

/** dp = (P − p pᵀ) dz for a column, dz (P − pᵀp) for a row, with P = Diag(p) (softmax.jacobian) */
export function softmaxForm(p: Term, z: Term, dvars: ReadonlySet<string>, diagOf: (v: Term) => Term | undefined): Term | undefined {
  // a column-wise softmax of a matrix has no Jacobian matrix to show (its rule is the Hadamard form)
  if (isScalarShape(p.shape) || (p.shape.rows !== '1' && p.shape.cols !== '1')) return undefined;
  const P = diagOf(p) ?? b.apply('Diag', [p]);
  const dz = differentialLast(canon(differential(z, dvars)));
  const col = p.shape.cols === '1';
  const J = b.sub(P, col ? b.mul(p, b.transpose(p)) : b.mul(b.transpose(p), p));
  return col ? b.mul(J, dz) : b.mul(dz, J);
}
