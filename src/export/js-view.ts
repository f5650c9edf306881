// The values a JavaScript body works with (src/export/js-lower.ts), shared with its kernels
// (src/export/js-kernels.ts): a scalar expression, or an array read entry by entry — a view — or
// stored in a Float64Array; and what a kernel may ask of the body that writes it.
import type { Term } from '../core/term.js';
import type { Dim, Shape } from '../core/shape.js';
import { type Expr, atom, index, ixAdd, ixMul } from './js-expr.js';

/** where a view is read: the flat row-major index k, and row i and column j (always given for a matrix read in two loops) */
export interface Ix {
  readonly k: Expr;
  readonly i?: Expr;
  readonly j?: Expr;
}

export type Val =
  | { readonly kind: 'sc'; readonly x: Expr }
  | {
      readonly kind: 'ar';
      /** entry ix; a vector's view reads only ix.k */
      readonly at: (ix: Ix) => Expr;
      /** reading it needs i and j (a loop over rows and columns) */
      readonly twoD: boolean;
      /** reading an entry costs no more than an index computation */
      readonly cheap: boolean;
      /** the Float64Array that holds exactly this value, row-major */
      readonly buf?: string;
      /** the entries of a row are not contiguous (a transpose of a stored matrix) */
      readonly colMajor?: boolean;
    };
export type Arr = Extract<Val, { kind: 'ar' }>;

/** what a body needs from its module: names, dimensions, the workspace and the helpers */
export interface ModuleContext {
  claim(base: string): string;
  /** the module-wide name of a node (claimed on first use) */
  nodeName(t: Term): string;
  /** the local name of an input (a variable or the direction) */
  inputName(t: Term): string;
  userNamed(t: Term): boolean;
  dim(d: Dim): Expr;
  /** a workspace array `name` of `size` entries */
  buffer(name: string, size: Expr): void;
  /** the workspace array `base` of node t (scratch of a kernel), the same in every body */
  scratch(t: Term, base: string, size: Expr): string;
  use(helper: string): void;
  readonly loop: { readonly i: string; readonly j: string; readonly k: string; readonly acc: string; readonly aik: string; readonly ws: string };
}

export const scalar = (x: Expr): Val => ({ kind: 'sc', x });
export const constant = (e: string): Arr => ({ kind: 'ar', at: () => atom(e), twoD: false, cheap: true });
export const stored = (name: string): Arr => ({ kind: 'ar', at: (ix) => index(name, ix.k), twoD: false, cheap: true, buf: name });

export function need(x: Expr | undefined): Expr {
  if (!x) throw new Error('matdiff internal: a two-dimensional view read in a flat loop');
  return x;
}
/** the index of entry (i, j) of a matrix with `cols` columns */
export const at2 = (i: Expr, j: Expr, cols: Expr): Ix => ({ i, j, k: ixAdd(ixMul(i, cols), j) });
/** entry k of a vector, as a column or a row */
export const atVec = (k: Expr, s: Shape): Ix => (s.cols === '1' ? { k, i: k, j: atom('0') } : { k, i: atom('0'), j: k });

/** what a kernel may ask of the body it writes into (JsBody) */
export interface Host {
  readonly m: ModuleContext;
  emit(line: string): void;
  value(t: Term): Val;
  /** an array value, stored or a view */
  array(t: Term): Arr;
  /** an array read many times: stored unless cheap to read */
  cheap(t: Term): Arr;
  /** an array stored as it is (a helper reads it) */
  buffer(t: Term): string;
  /** the array t is to be stored in */
  out(t: Term): string;
  sc(t: Term): Expr;
  scalarOperand(t: Term): Expr;
  nameScalar(t: Term, x: Expr): Val;
  reduce(t: Term, shape: Shape, twoD: boolean, term: (ix: Ix) => Expr, finish?: (acc: Expr) => Expr): Val;
}
