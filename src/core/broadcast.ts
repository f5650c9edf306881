// Broadcasting in `+ - .* ./`, as numpy does it but never by a guess. A scalar goes to every entry;
// a column vector (k×1) goes to every column of a k×N matrix, b·𝟏ᵀ; a row vector (1×N) to every row
// of a k×N matrix, 𝟏·r. Which axis is read off the vector itself, so a square n×n matrix plus an
// n×1 column is a column broadcast and plus a 1×n row a row broadcast. A column and a row (n×1 and
// 1×m), or a vector whose length might still be 1, are not broadcast to each other: that is a
// shape error naming both shapes and how to write the broadcast explicitly (b*ones(m)').
//
// The rule is shared by the smart constructors (src/core/build.ts, exact shapes) and the shape
// pass of the elaborator (src/parse/shapes.ts, where undeclared dimensions are unknowns `?k`): two
// shapes that may still be made equal are unified, as before, and a broadcast is taken only where
// the dimensions are known to differ.
import { type Dim, type Shape, type ShapeCtx, ShapeClash, showShape, isScalarShape } from './shape.js';

/** how the two operands of an elementwise binary operator meet */
export type Broadcast =
  | 'same' // equal shapes (after unification)
  | 'scalar' // one side is 1×1
  | 'column-left' // the left side is a column spread over the columns of the right
  | 'column-right'
  | 'row-left' // the left side is a row spread over the rows of the right
  | 'row-right';

/** a shape context that can also tell what an unknown dimension is bound to (the unifier) */
interface Resolving extends ShapeCtx {
  find?(d: Dim): Dim;
}

const isKnown = (d: Dim): boolean => !d.split('*').some((f) => f.startsWith('?'));

/**
 * How `l op r` broadcasts, and the shape of the result. `what` names the operator for the message
 * (`+`, `the Hadamard product`). Throws ShapeClash (operands o[0], o[1]) when the shapes cannot
 * meet, or when they could meet only by a guess.
 */
export function broadcast(l: Shape, r: Shape, ctx: Resolving, what: string): { kind: Broadcast; shape: Shape } {
  const f = (d: Dim): Dim => (ctx.find ? ctx.find(d) : d);
  const L = { rows: f(l.rows), cols: f(l.cols) };
  const R = { rows: f(r.rows), cols: f(r.cols) };
  if (isScalarShape(L)) return { kind: 'scalar', shape: r };
  if (isScalarShape(R)) return { kind: 'scalar', shape: l };
  const differ = (a: Dim, b: Dim) => a !== b && isKnown(a) && isKnown(b);
  const rowsDiffer = differ(L.rows, R.rows);
  const colsDiffer = differ(L.cols, R.cols);
  const clash = (why: string) =>
    new ShapeClash((o) => `${o[0]} is ${showShape(L)} but ${o[1]} is ${showShape(R)} (${why})`);
  // a column n×1 and a row 1×m: numpy would make an n×m matrix; here it is written out
  const crossed = () =>
    new ShapeClash((o) => {
      const [col, row, c, k] = L.cols === '1' ? [L, R, o[0]!, o[1]!] : [R, L, o[1]!, o[0]!];
      const q = (s: string) => (/^[\p{L}\p{N}_']+$/u.test(s) ? s : `(${s})`);
      return (
        `${o[0]} is ${showShape(L)} and ${o[1]} is ${showShape(R)}: a column and a row are not broadcast to each other; ` +
        `write the ${col.rows}×${row.cols} matrices out: ${q(c)}*ones(${row.cols})' spreads the column, ones(${col.rows})*${q(k)} the row`
      );
    });
  if (!rowsDiffer && !colsDiffer) {
    if (!ctx.same(L.rows, R.rows) || !ctx.same(L.cols, R.cols)) throw clash(`${what} needs equal shapes`);
    return { kind: 'same', shape: l };
  }
  // a column and a row: never guessed
  if ((L.cols === '1' && R.rows === '1') || (L.rows === '1' && R.cols === '1')) throw crossed();
  // a column k×1 over the N columns of a k×N matrix, a row 1×N over the k rows
  if (colsDiffer && !rowsDiffer) {
    if (L.cols === '1' && ctx.same(L.rows, R.rows)) return { kind: 'column-left', shape: r };
    if (R.cols === '1' && ctx.same(L.rows, R.rows)) return { kind: 'column-right', shape: l };
  }
  if (rowsDiffer && !colsDiffer) {
    if (L.rows === '1' && ctx.same(L.cols, R.cols)) return { kind: 'row-left', shape: r };
    if (R.rows === '1' && ctx.same(L.cols, R.cols)) return { kind: 'row-right', shape: l };
  }
  const vector = L.cols === '1' || R.cols === '1' ? 'a column vector is spread over the columns of a matrix with as many rows' : L.rows === '1' || R.rows === '1' ? 'a row vector is spread over the rows of a matrix with as many columns' : undefined;
  throw clash(`${what} needs equal shapes${vector ? `; ${vector}` : ''}`);
}
