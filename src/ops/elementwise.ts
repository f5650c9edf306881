// Elementwise functions. Each declares only its scalar derivative, written as a term in the
// argument x and the value y = f(x) (σ′ = σ − σ², tanh′ = 1 − tanh²); `elementwise` lifts it to
// the differential d f(X) = f′(X) ∘ dX, the same rule for every entry of the table.
import Fraction from 'fraction.js';
import type { OpRecord } from './types.ts';
import type { Term } from '../core/term.ts';
import * as b from '../core/build.ts';
import { anyShape } from './shapes.ts';
import { map } from '../numeric/matrix.ts';
import type { ScalarFn } from '../numeric/field.ts';
import { atom, call, PREC, wrap } from '../print/style.ts';

interface ElementwiseSpec {
  op: string;
  call: string[];
  doc: string;
  /** f′ as a term, from the argument x and the value y = f(x) */
  deriv: (x: Term, y: Term) => Term;
  /** the derivative in words, for the steps */
  derivText: string;
  fn: Omit<ScalarFn, 'name'>;
  unicode?: string;
  latex?: string;
}

function elementwise(s: ElementwiseSpec): OpRecord {
  const fn: ScalarFn = { name: s.op, ...s.fn };
  return {
    op: s.op,
    call: s.call,
    arity: 1,
    doc: `${s.doc}; ${s.derivText}`,
    shape: anyShape,
    rational: fn.exact !== undefined,
    // d f(X) = f′(X) ∘ dX
    diff: (t, d) => b.had(s.deriv(t.args[0]!, t), d[0]!),
    diffRule: `d.${s.op}`,
    evaluate: (_t, a, F) => map(a[0]!, (x) => F.apply(fn, x)),
    print: (_t, a, style) => call({ text: s.op, unicode: s.unicode, latex: s.latex }, a, style),
  };
}

const F = (n: number) => new Fraction(n);
const one = () => b.num(1);

export const elementwiseFns: OpRecord[] = [
  elementwise({
    op: 'exp', call: ['exp'], doc: 'exp(X), elementwise', derivText: "exp′ = exp",
    deriv: (_x, y) => y, fn: { float: Math.exp }, latex: '\\exp',
  }),
  elementwise({
    op: 'log', call: ['log', 'ln'], doc: 'log(X), the natural logarithm, elementwise', derivText: "log′(x) = 1/x",
    deriv: (x) => b.ediv(one(), x), fn: { float: (x) => (x > 0 ? Math.log(x) : NaN) }, latex: '\\log',
  }),
  elementwise({
    op: 'sigmoid', call: ['sigmoid', 'σ', 'logistic'], doc: 'sigmoid(X) = 1/(1 + exp(−X)), elementwise', derivText: "σ′ = σ − σ²",
    // for a vector σ − σ∘σ (the form of seed 003); for a scalar σ(1 − σ), which cancels against
    // the 1/σ and 1/(1 − σ) of a log-loss
    deriv: (_x, y) => (b.isScalar(y) ? b.mul(y, b.sub(one(), y)) : b.sub(y, b.epow(y, b.num(2)))),
    fn: { float: (x) => 1 / (1 + Math.exp(-x)) }, unicode: 'σ', latex: '\\sigma',
  }),
  elementwise({
    op: 'tanh', call: ['tanh'], doc: 'tanh(X), elementwise', derivText: "tanh′ = 1 − tanh²",
    deriv: (_x, y) => b.sub(one(), b.epow(y, b.num(2))), fn: { float: Math.tanh }, latex: '\\tanh',
  }),
  elementwise({
    op: 'relu', call: ['relu'], doc: 'relu(X) = max(X, 0), elementwise', derivText: "relu′ = step",
    deriv: (x) => b.apply('step', [x]),
    fn: { float: (x) => Math.max(x, 0), exact: (x) => (x.compare(0) > 0 ? x : F(0)), exactDeriv: (x) => F(x.compare(0) > 0 ? 1 : 0) },
    latex: '\\operatorname{relu}',
  }),
  elementwise({
    op: 'sqrt', call: ['sqrt'], doc: 'sqrt(X), elementwise', derivText: "sqrt′(x) = 1/(2 sqrt(x))",
    deriv: (_x, y) => b.smul(b.num(F(1).div(2)), b.ediv(one(), y)), fn: { float: (x) => (x >= 0 ? Math.sqrt(x) : NaN) },
  }),
  elementwise({
    op: 'abs', call: ['abs'], doc: 'abs(X), elementwise', derivText: "abs′ = sign",
    deriv: (x) => b.apply('sign', [x]),
    fn: { float: Math.abs, exact: (x) => x.abs(), exactDeriv: (x) => F(x.compare(0)) },
  }),
  elementwise({
    op: 'sin', call: ['sin'], doc: 'sin(X), elementwise', derivText: "sin′ = cos",
    deriv: (x) => b.apply('cos', [x]), fn: { float: Math.sin }, latex: '\\sin',
  }),
  elementwise({
    op: 'cos', call: ['cos'], doc: 'cos(X), elementwise', derivText: "cos′ = −sin",
    deriv: (x) => b.neg(b.apply('sin', [x])), fn: { float: Math.cos }, latex: '\\cos',
  }),
  elementwise({
    op: 'sign', call: ['sign'], doc: 'sign(X), elementwise', derivText: "sign′ = 0 (away from 0)",
    deriv: (x) => b.zero(x.shape), fn: { float: Math.sign, exact: (x) => F(x.compare(0)), exactDeriv: () => F(0) },
    latex: '\\operatorname{sign}',
  }),
  elementwise({
    op: 'step', call: ['step'], doc: 'step(X), the unit step (1 where X > 0), elementwise', derivText: "step′ = 0 (away from 0)",
    deriv: (x) => b.zero(x.shape), fn: { float: (x) => (x > 0 ? 1 : 0), exact: (x) => F(x.compare(0) > 0 ? 1 : 0), exactDeriv: () => F(0) },
    latex: '\\operatorname{step}',
  }),
];
void atom;
void PREC;
void wrap;
