// The kernels of a JavaScript body: matrix products (i-k-j loops, dot products along contiguous
// rows when the right factor is a transpose, axpy loops for Mᵀb; a diagonal factor scaling rows or
// columns and a commutation factor permuting them in place; a column times a row read as x[i]·y[j]),
// kron and the block products of its adjoints, softmax and its relatives.
import type { Term } from '../core/term.js';
import { dimMul, isScalarShape, isVectorShape, type Dim } from '../core/shape.js';
import { type Expr, P, atom, call, divide, ixAdd, ixMul, product as productOf, times, wrap } from './js-expr.js';
import { type Host, type Val, at2, need, scalar, stored } from './js-view.js';

export function product(h: Host, t: Term): Val {
  const a = t.args;
  if (isScalarShape(a[0]!.shape)) return scalar(productOf(a.map((u) => h.sc(u))));
  if (a.length !== 2) throw new Error('matdiff internal: an unlowered matrix product');
  const [A, B] = a as [Term, Term];
  const m = h.m;
  const { i, j, k, acc, aik } = m.loop;
  const [R, Q, C] = [m.dim(A.shape.rows), m.dim(A.shape.cols), m.dim(B.shape.cols)];
  // a commutation factor permutes the other factor's rows (K B) or columns (B K)
  if (A.op === 'commutation' || B.op === 'commutation') {
    const kOnLeft = A.op === 'commutation';
    const x = h.cheap(kOnLeft ? B : A);
    const [mm, nn] = (kOnLeft ? A : B).data.dims!.map((d) => m.dim(d)) as [Expr, Expr];
    if (isVectorShape(t.shape)) return { kind: 'ar', at: (ix) => x.at({ k: kOnLeft ? unpermute(ix.k, mm, nn) : permute(ix.k, mm, nn) }), twoD: false, cheap: true };
    const cols = m.dim(kOnLeft ? B.shape.cols : A.shape.cols);
    return {
      kind: 'ar',
      at: (ix) => (kOnLeft ? x.at(at2(unpermute(need(ix.i), mm, nn), need(ix.j), cols)) : x.at(at2(need(ix.i), permute(need(ix.j), mm, nn), cols))),
      twoD: true,
      cheap: true,
    };
  }
  // a diagonal factor scales the other's rows (Diag(a)*B) or columns (B*Diag(a))
  if (A.op === 'Diag' || B.op === 'Diag') {
    const dLeft = A.op === 'Diag';
    const d = h.cheap((dLeft ? A : B).args[0]!);
    const x = h.array(dLeft ? B : A);
    if (isVectorShape(t.shape)) return { kind: 'ar', at: (ix) => times(d.at(ix), x.at(ix)), twoD: x.twoD, cheap: false };
    return { kind: 'ar', at: (ix) => (dLeft ? times(d.at({ k: need(ix.i) }), x.at(ix)) : times(x.at(ix), d.at({ k: need(ix.j) }))), twoD: true, cheap: false };
  }
  if (A.shape.rows === '1' && B.shape.cols === '1') {
    // a row times a column: one pass, its factors read once each
    const [x, y] = [h.array(A), h.array(B)];
    return h.reduce(t, { rows: A.shape.cols, cols: '1' }, false, (ix) => times(x.at(ix), y.at(ix)));
  }
  if (A.shape.cols === '1') {
    // a column times a row: read in place, x[i]·y[j]
    const [x, y] = [h.cheap(A), h.cheap(B)];
    return { kind: 'ar', at: (ix) => times(x.at({ k: need(ix.i) }), y.at({ k: need(ix.j) })), twoD: true, cheap: true };
  }
  // a factor read once per entry may stay a view (fused into the loop); one read again and again is stored
  const [xa, ya] = [h.array(A), h.array(B)];
  const axpy = B.shape.cols === '1' && xa.colMajor === true;
  const dotForm = !axpy && B.shape.cols !== '1' && ya.colMajor === true;
  const x = dotForm ? h.cheap(A) : xa;
  const y = axpy ? ya : h.cheap(B);
  const out = h.out(t);
  const X = (r: Expr, c: Expr) => x.at(at2(r, c, Q));
  const Y = (r: Expr, c: Expr) => y.at(at2(r, c, C));
  const [I, J, K] = [atom(i), atom(j), atom(k)];
  if (axpy) {
    // Mᵀb: the rows of the stored M scaled by b's entries and added up
    h.emit(`${out}.fill(0);`);
    h.emit(`for (let ${k} = 0; ${k} < ${Q.e}; ${k}++) {`);
    h.emit(`  const ${aik} = ${y.at({ k: K }).e};`);
    h.emit(`  for (let ${i} = 0; ${i} < ${R.e}; ${i}++) ${out}[${i}] += ${times(x.at(at2(I, K, Q)), atom(aik)).e};`);
    h.emit('}');
  } else if (B.shape.cols === '1') {
    h.emit(`for (let ${i} = 0; ${i} < ${R.e}; ${i}++) {`);
    h.emit(`  let ${acc} = 0;`);
    h.emit(`  for (let ${k} = 0; ${k} < ${Q.e}; ${k}++) ${acc} += ${times(x.at(at2(I, K, Q)), y.at({ k: K })).e};`);
    h.emit(`  ${out}[${i}] = ${acc};`);
    h.emit('}');
  } else if (dotForm) {
    // the right factor is a transpose: each entry a dot product along contiguous rows
    const row = A.shape.rows === '1';
    const [ii, outer] = row ? [atom('0'), [] as string[]] : [I, [`for (let ${i} = 0; ${i} < ${R.e}; ${i}++) {`]];
    for (const l of outer) h.emit(l);
    const pad = row ? '' : '  ';
    h.emit(`${pad}for (let ${j} = 0; ${j} < ${C.e}; ${j}++) {`);
    h.emit(`${pad}  let ${acc} = 0;`);
    h.emit(`${pad}  for (let ${k} = 0; ${k} < ${Q.e}; ${k}++) ${acc} += ${times(X(ii, K), Y(K, J)).e};`);
    h.emit(`${pad}  ${out}[${ixAdd(ixMul(ii, C), J).e}] = ${acc};`);
    h.emit(`${pad}}`);
    if (!row) h.emit('}');
  } else {
    // i-k-j: both factors walked along their rows
    const row = A.shape.rows === '1';
    h.emit(`${out}.fill(0);`);
    if (!row) h.emit(`for (let ${i} = 0; ${i} < ${R.e}; ${i}++) {`);
    const ii = row ? atom('0') : I;
    const pad = row ? '' : '  ';
    h.emit(`${pad}for (let ${k} = 0; ${k} < ${Q.e}; ${k}++) {`);
    h.emit(`${pad}  const ${aik} = ${X(ii, K).e};`);
    h.emit(`${pad}  for (let ${j} = 0; ${j} < ${C.e}; ${j}++) ${out}[${ixAdd(ixMul(ii, C), J).e}] += ${times(atom(aik), Y(K, J)).e};`);
    h.emit(`${pad}}`);
    if (!row) h.emit('}');
  }
  return stored(out);
}

/** kron, blocksum, blockfrob: a scalar side scales, else the helper */
export function blocks(h: Host, t: Term): Val {
  const [A, B] = t.args as [Term, Term];
  const m = h.m;
  const scalars = [A, B].filter((u) => isScalarShape(u.shape));
  if (isScalarShape(t.shape) && t.op !== 'kron') {
    // one block, the whole of C: C's Frobenius product with the weights
    if (isScalarShape(A.shape)) return scalar(times(h.sc(A), h.sc(B)));
    const [x, y] = [h.array(A), h.array(B)];
    return h.reduce(t, A.shape, x.twoD || y.twoD, (ix) => times(x.at(ix), y.at(ix)));
  }
  if (scalars.length > 0) {
    if (scalars.length === 2) return scalar(times(h.sc(A), h.sc(B)));
    const s = h.scalarOperand(scalars[0]!);
    const x = h.array(isScalarShape(A.shape) ? B : A);
    return { kind: 'ar', at: (ix) => times(s, x.at(ix)), twoD: x.twoD, cheap: x.cheap };
  }
  const [x, y] = [h.buffer(A), h.buffer(B)];
  m.use(t.op);
  const out = h.out(t);
  const d = (s: Dim) => m.dim(s).e;
  if (t.op === 'kron') h.emit(`kron(${x}, ${d(A.shape.rows)}, ${d(A.shape.cols)}, ${y}, ${d(B.shape.rows)}, ${d(B.shape.cols)}, ${out});`);
  else {
    // blocksum(C, A): A is p×q, the result n×m; blockfrob(C, B): B is n×m, the result p×q
    const [pq, nm] = t.op === 'blocksum' ? [B.shape, t.shape] : [t.shape, B.shape];
    h.emit(`${t.op}(${x}, ${y}, ${d(pq.rows)}, ${d(pq.cols)}, ${d(nm.rows)}, ${d(nm.cols)}, ${out});`);
  }
  return stored(out);
}

/** softmax, log_softmax, logsumexp: a vector as a whole, a matrix column by column */
export function softmax(h: Host, t: Term): Val {
  const z = t.args[0]!;
  const m = h.m;
  if (isScalarShape(z.shape)) return t.op === 'logsumexp' ? h.value(z) : scalar(atom(t.op === 'softmax' ? '1' : '0'));
  const x = h.buffer(z);
  const vector = isVectorShape(z.shape);
  const rows = vector ? m.dim(dimMul(z.shape.rows, z.shape.cols)) : m.dim(z.shape.rows);
  const cols = vector ? atom('1') : m.dim(z.shape.cols);
  if (t.op === 'logsumexp') {
    m.use('logsumexp');
    if (vector) return h.nameScalar(t, call('logsumexp', [atom(x), rows, cols, atom('0')]));
    const out = h.out(t);
    const { j } = m.loop;
    h.emit(`for (let ${j} = 0; ${j} < ${cols.e}; ${j}++) ${out}[${j}] = logsumexp(${x}, ${rows.e}, ${cols.e}, ${j});`);
    return stored(out);
  }
  const fn = t.op === 'softmax' ? 'softmax' : 'logSoftmax';
  m.use(fn);
  const out = h.out(t);
  h.emit(`${fn}(${x}, ${rows.e}, ${cols.e}, ${out});`);
  return stored(out);
}

/** K(m, n) has a 1 at (r, c) where r = ⌊c/m⌋ + n·(c mod m): the row of column c */
export function permute(c: Expr, m: Expr, n: Expr): Expr {
  return ixAdd(call('Math.floor', [divide(c, m)]), ixMul(n, { e: `${wrap(c, P.mul)} % ${wrap(m, P.mul + 1)}`, p: P.mul }));
}
/** the column of row r of K(m, n): m·(r mod n) + ⌊r/n⌋ */
function unpermute(r: Expr, m: Expr, n: Expr): Expr {
  return ixAdd(ixMul(m, { e: `${wrap(r, P.mul)} % ${wrap(n, P.mul + 1)}`, p: P.mul }), call('Math.floor', [divide(r, n)]));
}

