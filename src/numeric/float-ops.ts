// The common operators in doubles: what their records compute over a float field (floatField,
// the check's checkFloat), on the loops of src/numeric/kernels.ts, without a call of F.add or F.mul
// per entry and without the intermediate matrices of an n-ary sum or Hadamard product. Each does
// the record's double operations in the same order (the values are the same to the bit) and
// calls the field only where a value leaves the domain (F.pow, which throws the Undefined the
// record would). test/kernels-evaluate.test.ts checks each against its record. The other operators run
// through their records: products, inverses and determinants reach the kernels through
// src/numeric/matrix.ts, and an elementwise function costs its own evaluation.
import type { Term } from '../core/term.js';
import type { Field } from './field.js';
import { mat, type Mat } from './matrix.js';
import { dotKernel, doubles, hadamardKernel, scaleKernel, sumKernel, totalKernel } from './kernels.js';

/** an operator's evaluation in doubles (the contract of OpRecord.evaluate, for numbers) */
export type FloatStep = (t: Term, args: readonly Mat<number>[], F: Field<number>, size: (d: string) => number) => Mat<number>;

const like = (m: Mat<number>, data: number[]): Mat<number> => mat(m.rows, m.cols, data);

/** the data of arguments of one size (as the records' zip requires) */
function same(a: readonly Mat<number>[]): (readonly number[])[] {
  const { rows, cols } = a[0]!;
  for (const m of a) if (m.rows !== rows || m.cols !== cols) throw new Error(`matdiff internal: size mismatch ${rows}x${cols} vs ${m.rows}x${m.cols}`);
  return a.map((m) => m.data);
}

/** each entry to the power p: Math.pow where its value is finite, else the field's pow (which throws) */
function epow(x: Mat<number>, p: number, F: Field<number>): Mat<number> {
  const d = x.data;
  const out = doubles(d.length);
  for (let k = 0; k < d.length; k++) {
    const y = Math.pow(d[k]!, p);
    out[k] = Number.isFinite(y) ? y : F.pow(d[k]!, p);
  }
  return like(x, out);
}

const FLOAT_OPS: ReadonlyMap<string, FloatStep> = new Map<string, FloatStep>([
  ['add', (_t, a) => like(a[0]!, sumKernel(same(a)))],
  ['had', (_t, a) => like(a[0]!, hadamardKernel(same(a)))],
  ['smul', (_t, a) => like(a[1]!, scaleKernel(a[0]!.data[0]!, a[1]!.data))],
  ['frob', (_t, a) => mat(1, 1, [dotKernel(a[0]!.data, a[1]!.data)])],
  ['sum', (_t, a) => mat(1, 1, [totalKernel(a[0]!.data)])],
  ['epow', (_t, a, F) => epow(a[0]!, a[1]!.data[0]!, F)],
]);

/** the float evaluation of an operator, where it has one of its own */
export const floatKernel = (op: string): FloatStep | undefined => FLOAT_OPS.get(op);
