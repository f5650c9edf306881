// Leaves: named variables, their differentials, exact numbers and the constant matrices.
import type { OpRecord } from './types.js';
import { SCALAR, type Shape } from '../core/shape.js';
import * as b from '../core/build.js';
import { fill, scalarMat } from '../numeric/matrix.js';
import { atom, PREC, type Style } from '../print/style.js';
import { latexName, unicodeName } from '../print/names.js';

const dataShape = (_a: readonly Shape[], _c: unknown, d: { shape?: Shape }): Shape => d.shape!;
const noEval = (what: string) => (): never => {
  throw new Error(`matdiff internal: ${what} is evaluated by the evaluator's environment`);
};

const dims = (s: Shape, style: Style): string => (s.cols === '1' ? s.rows : `${s.rows},${s.cols}`) + (style === 'latex' ? '' : '');

/** 𝟏 for a column of ones, 𝟏ᵀ for a row (a broadcast b𝟏ᵀ shows its axis), 𝟏𝟏ᵀ for a matrix */
const unicodeOnes = (s: Shape): string => (s.cols === '1' ? '𝟏' : s.rows === '1' ? '𝟏ᵀ' : '𝟏𝟏ᵀ');

export const leaves: OpRecord[] = [
  {
    op: 'var',
    total: true,
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'a named matrix, vector or scalar',
    shape: dataShape,
    rational: true,
    evaluate: noEval('a variable'),
    print: (t, _a, style) => atom(style === 'latex' ? latexName(t.name!) : style === 'unicode' ? unicodeName(t.name!) : t.name!),
  },
  {
    op: 'dvar',
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'the differential dX of a variable X',
    shape: dataShape,
    rational: true,
    evaluate: noEval('a differential'),
    print: (t, _a, style) =>
      atom(style === 'latex' ? `\\mathrm{d}${latexName(t.name!)}` : style === 'unicode' ? `d${unicodeName(t.name!)}` : `d(${t.name})`),
  },
  {
    op: 'num',
    total: true,
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'an exact rational number',
    shape: () => SCALAR,
    rational: true,
    evaluate: (t, _a, F) => scalarMat(F.fromFraction(t.value!)),
    print: (t, _a, style) => {
      const v = t.value!;
      const negative = v.compare(0) < 0;
      const a = v.abs();
      let s: string;
      if (a.d === 1n || (a.d as unknown) === 1) s = a.n.toString();
      else if (style === 'latex') s = `\\frac{${a.n}}{${a.d}}`;
      else s = `${a.n}/${a.d}`;
      const isFrac = !(a.d === 1n || (a.d as unknown) === 1) && style !== 'latex';
      if (negative) return { s: `-${s}`, prec: PREC.neg };
      return { s, prec: isFrac ? PREC.product : PREC.atom };
    },
  },
  {
    op: 'zero',
    total: true,
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'the zero matrix',
    make: (_a, _t, shape) => b.zero(shape),
    shape: dataShape,
    rational: true,
    evaluate: (t, _a, F, size) => fill(size(t.shape.rows), size(t.shape.cols), () => F.zero),
    print: (t, _a, style) => atom(style === 'text' && (t.shape.rows !== '1' || t.shape.cols !== '1') ? `zeros(${dims(t.shape, style)})` : '0'),
  },
  {
    op: 'ones',
    total: true,
    positive: true,
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'ones(n) or ones(n,m): the all-ones vector or matrix',
    make: (_a, _t, shape) => b.ones(shape),
    shape: dataShape,
    rational: true,
    evaluate: (t, _a, F, size) => fill(size(t.shape.rows), size(t.shape.cols), () => F.one),
    print: (t, _a, style) =>
      atom(style === 'text' ? `ones(${dims(t.shape, style)})` : style === 'latex' ? `\\mathbf{1}_{${t.shape.rows}${t.shape.cols === '1' ? '' : '\\times ' + t.shape.cols}}` : unicodeOnes(t.shape)),
  },
  {
    op: 'eye',
    total: true,
    arity: 0,
    kind: 'other',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: false,
    doc: 'I(n) or eye(n): the identity matrix',
    // square: the rows of the (mapped) shape are its size
    make: (_a, _t, shape) => b.eye(shape.rows),
    shape: dataShape,
    rational: true,
    evaluate: (t, _a, F, size) => fill(size(t.shape.rows), size(t.shape.rows), (i, j) => (i === j ? F.one : F.zero)),
    print: (t, _a, style) => atom(style === 'text' ? `I(${t.shape.rows})` : 'I'),
  },
];
