// Shapes over symbolic dimensions. A dimension is a string: a positive integer ("1", "3"), a
// symbol ("n"), or a product of those ("m*n", from kron/vec). Scalars are 1×1, column vectors n×1,
// row vectors 1×n. Two dimensions are equal exactly when their canonical strings are equal.

export type Dim = string;

export interface Shape {
  readonly rows: Dim;
  readonly cols: Dim;
}

export const ONE: Dim = '1';
export const SCALAR: Shape = Object.freeze({ rows: ONE, cols: ONE });

export function shape(rows: Dim, cols: Dim): Shape {
  return { rows, cols };
}

export const isScalarShape = (s: Shape): boolean => s.rows === ONE && s.cols === ONE;
export const isSquare = (s: Shape): boolean => s.rows === s.cols;
export const isColumn = (s: Shape): boolean => s.cols === ONE;
export const isRow = (s: Shape): boolean => s.rows === ONE;
export const isVectorShape = (s: Shape): boolean => isColumn(s) || isRow(s);
export const sameShape = (a: Shape, b: Shape): boolean => a.rows === b.rows && a.cols === b.cols;
export const transposeShape = (s: Shape): Shape => ({ rows: s.cols, cols: s.rows });

/** Product of two dimensions in canonical form: numeric factor first, symbols sorted. */
export function dimMul(a: Dim, b: Dim): Dim {
  let num = 1;
  const syms: string[] = [];
  for (const f of [...a.split('*'), ...b.split('*')]) {
    if (/^\d+$/.test(f)) num *= Number(f);
    else syms.push(f);
  }
  syms.sort();
  if (syms.length === 0) return String(num);
  return num === 1 ? syms.join('*') : `${num}*${syms.join('*')}`;
}

/** A dimension as a product: its numeric factor and its symbols (`2*m*n`: 2 and [m, n]). */
export interface DimFactors {
  num: number;
  syms: string[];
}

export function dimFactors(d: Dim): DimFactors {
  let num = 1;
  const syms: string[] = [];
  for (const f of d.split('*')) {
    if (/^\d+$/.test(f)) num *= Number(f);
    else syms.push(f);
  }
  return { num, syms };
}

/** The size a dimension takes when each symbol is given a number. */
export function dimSize(d: Dim, sizes: ReadonlyMap<string, number>): number {
  let n = 1;
  for (const f of d.split('*')) {
    if (/^\d+$/.test(f)) n *= Number(f);
    else {
      const v = sizes.get(f);
      if (v === undefined) throw new Error(`no size for dimension ${f}`);
      n *= v;
    }
  }
  return n;
}

export function dimSymbols(d: Dim): string[] {
  return d.split('*').filter((f) => !/^\d+$/.test(f));
}

export function showShape(s: Shape): string {
  if (isScalarShape(s)) return 'scalar (1×1)';
  return `${s.rows}×${s.cols}`;
}

/**
 * How an operator's shape rule compares dimensions. Term construction uses exact equality;
 * the elaborator uses unification, so undeclared names get their dimensions from use.
 */
export interface ShapeCtx {
  /** true when the two dimensions are (or can be made) equal */
  same(a: Dim, b: Dim): boolean;
}

export const strictShapes: ShapeCtx = { same: (a, b) => a === b };

/**
 * A shape rule failed. `explain` receives the source text of each operand (or a placeholder)
 * and says what clashed, e.g. "W is n×m but x is k×1".
 */
export class ShapeClash extends Error {
  constructor(readonly explain: (operands: readonly string[]) => string) {
    super('shape clash');
  }
}
