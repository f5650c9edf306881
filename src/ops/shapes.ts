// Shape rules shared by several operators. Each throws ShapeClash with a sentence naming the
// operands' shapes; the elaborator adds the operator and the place in the input.
import { type Shape, type ShapeCtx, ShapeClash, showShape, SCALAR, isScalarShape } from '../core/shape.js';

export function sameShapes(what: string) {
  return (args: readonly Shape[], ctx: ShapeCtx): Shape => {
    const first = args[0]!;
    args.forEach((s, i) => {
      if (!ctx.same(s.rows, first.rows) || !ctx.same(s.cols, first.cols)) {
        throw new ShapeClash((o) => `${o[0]} is ${showShape(first)} but ${o[i]} is ${showShape(s)} (${what} needs equal shapes)`);
      }
    });
    return first;
  };
}

export const scalarArg =
  (what: string) =>
  (args: readonly Shape[], ctx: ShapeCtx): Shape => {
    const s = args[0]!;
    if (!ctx.same(s.rows, '1') || !ctx.same(s.cols, '1')) throw new ShapeClash((o) => `${o[0]} is ${showShape(s)}, but ${what} needs a scalar`);
    return SCALAR;
  };

export const squareArg =
  (what: string, result: 'scalar' | 'same') =>
  (args: readonly Shape[], ctx: ShapeCtx): Shape => {
    const s = args[0]!;
    if (!ctx.same(s.rows, s.cols)) throw new ShapeClash((o) => `${o[0]} is ${showShape(s)}, but ${what} needs a square matrix`);
    return result === 'scalar' ? SCALAR : s;
  };

export const vectorArg = (what: string) => (args: readonly Shape[]): Shape => {
  const s = args[0]!;
  if (s.rows !== '1' && s.cols !== '1') throw new ShapeClash((o) => `${o[0]} is ${showShape(s)}, but ${what} needs a vector (n×1 or 1×n)`);
  return s;
};

export const anyShape = (args: readonly Shape[]): Shape => args[0]!;
export const toScalar = (): Shape => SCALAR;
export { isScalarShape };
