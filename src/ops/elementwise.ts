// Elementwise functions. Each record holds the function's evaluation and printing; its
// differential d f(X) = f′(X) ∘ dX is read from the catalogue entry `d.<name>` in
// identities/differentials.json (σ′ = σ − σ², tanh′ = 1 − tanh², ...), where the numeric test
// checks it; a scalar form listed in `scalarRule` is preferred for a scalar argument. `code` is how
// the code exporter writes it (OpCode in ./types.ts): JavaScript, NumPy and PyTorch, with the stable
// forms of σ and softplus the exported modules define for themselves.
import { Fraction } from '../core/fraction.js';
import type { EntryCode, OpRecord } from './types.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { anyShape } from './shapes.js';
import { map } from '../numeric/matrix.js';
import type { ScalarFn } from '../numeric/field.js';
import { atom, call, PREC, wrap } from '../print/style.js';

interface ElementwiseSpec {
  op: string;
  call: string[];
  doc: string;
  /** a catalogue entry for a scalar argument, tried before `d.<op>` */
  scalarRule?: string;
  /** the derivative in words, for --help */
  derivText: string;
  /** the derivative in words for the judge's messages, where it differs from derivText */
  derivWords?: string;
  fn: Omit<ScalarFn, 'name'>;
  unicode?: string;
  latex?: string;
  /** rational only piece by piece (see OpRecord.piecewise) */
  piecewise?: boolean;
  /** defined at every real number (see OpRecord.total) */
  total?: boolean;
  /** every value > 0 (see OpRecord.positive) */
  positive?: boolean;
  /** a report names its results (see OpRecord.named) */
  named?: boolean;
  /** how the code exporter writes it (see EntryCode) */
  code: Omit<EntryCode, 'kind'>;
}

function elementwise(s: ElementwiseSpec): OpRecord {
  const fn: ScalarFn = { name: s.op, ...s.fn };
  return {
    op: s.op,
    call: s.call,
    arity: 1,
    kind: 'elementwise',
    // f(Xᵀ) = f(X)ᵀ; the transpose stays outside so that σ(Wx) keeps one name
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: false,
    derivative: { name: s.unicode ?? s.op, words: s.derivWords ?? s.derivText },
    doc: `${s.doc}; ${s.derivText}`,
    shape: anyShape,
    rational: fn.exact !== undefined,
    ...(s.piecewise ? { piecewise: true } : {}),
    ...(s.total ? { total: true } : {}),
    ...(s.positive ? { positive: true } : {}),
    ...(s.named ? { named: true } : {}),
    code: { kind: 'entry', ...s.code },
    // d f(X) = f′(X) ∘ dX
    diffRule: `d.${s.op}`,
    diffFrom: [...(s.scalarRule ? [s.scalarRule] : []), `d.${s.op}`],
    evaluate: (_t, a, F) => map(a[0]!, (x) => F.apply(fn, x)),
    print: (_t, a, style) => call({ text: s.op, unicode: s.unicode, latex: s.latex }, a, style),
  };
}

const F = (n: number) => new Fraction(n);

/** f(#) by the function of that name in each language (`Math.tan`, `np.tan`, `torch.tan`) */
const same = (fn: string, name?: string): Omit<EntryCode, 'kind'> => ({ js: `Math.${fn}(#)`, numpy: `np.${fn}(#)`, torch: `torch.${fn}(#)`, ...(name ? { name } : {}) });

// the stable forms the exported modules define for themselves (torch has its own σ)
const sigmoidCode: Omit<EntryCode, 'kind'> = {
  name: 's', stable: true, js: 'sigmoid(#)', numpy: '_sigmoid(#)', torch: 'torch.sigmoid(#)',
  helpers: {
    js: {
      sigmoid: (t) => `/** σ(x) = 1/(1 + e^(−x)), written so that no exponential overflows */
function sigmoid(x${t('number')})${t('number')} {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}`,
    },
    numpy: {
      _sigmoid: `def _sigmoid(x):
    """σ(x) = 1/(1 + e^(−x)) = exp(−log(1 + e^(−x))): no exponential overflows"""
    return np.exp(-np.logaddexp(0.0, -x))`,
    },
  },
};
const softplusCode: Omit<EntryCode, 'kind'> = {
  name: 'sp', stable: true, js: 'softplus(#)', numpy: 'np.logaddexp(0.0, #)', torch: '_softplus(#)',
  helpers: {
    js: {
      softplus: (t) => `/** log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)): no overflow for large x, no lost digits for small */
function softplus(x${t('number')})${t('number')} {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}`,
    },
    torch: {
      _softplus: `def _softplus(x):
    """log(1 + e^x), exactly (torch's softplus is linear past its threshold)"""
    return torch.logaddexp(x, torch.zeros_like(x))`,
    },
  },
};
const stepCode: Omit<EntryCode, 'kind'> = {
  name: 'st', js: '# > 0 ? 1 : 0', numpy: 'np.heaviside(#, 0.0)', torch: '_step(#)',
  helpers: {
    torch: {
      _step: `def _step(x):
    """1 where x > 0, else 0"""
    return torch.heaviside(x, torch.zeros_like(x))`,
    },
  },
};

const one = () => b.num(1);

export const elementwiseFns: OpRecord[] = [
  elementwise({
    op: 'exp', named: true, total: true, positive: true, call: ['exp'], doc: 'exp(X), elementwise', derivText: "exp′ = exp",
    fn: { float: Math.exp }, latex: '\\exp',
    code: same('exp', 'e'),
  }),
  elementwise({
    op: 'log', named: true, call: ['log', 'ln'], doc: 'log(X), the natural logarithm, elementwise', derivText: "log′(x) = 1/x",
    fn: { float: (x) => (x > 0 ? Math.log(x) : NaN) }, latex: '\\log',
    code: same('log', 'lg'),
  }),
  elementwise({
    op: 'sigmoid', named: true, total: true, positive: true, call: ['sigmoid', 'σ', 'logistic'], doc: 'sigmoid(X) = 1/(1 + exp(−X)), elementwise', derivText: "σ′ = σ − σ²",
    // for a vector σ − σ∘σ (the form of seed 003); for a scalar σ(1 − σ), which cancels against
    // the 1/σ and 1/(1 − σ) of a log-loss
    scalarRule: 'sigmoid.derivative',
    derivWords: 'σ′ = σ(1 − σ)',
    fn: { float: (x) => 1 / (1 + Math.exp(-x)) }, unicode: 'σ', latex: '\\sigma',
    code: sigmoidCode,
  }),
  elementwise({
    op: 'tanh', named: true, total: true, call: ['tanh'], doc: 'tanh(X), elementwise', derivText: "tanh′ = 1 − tanh²",
    fn: { float: Math.tanh }, latex: '\\tanh',
    code: same('tanh', 'th'),
  }),
  elementwise({
    op: 'relu', total: true, call: ['relu'], doc: 'relu(X) = max(X, 0), elementwise', derivText: "relu′ = step", piecewise: true,
    fn: { float: (x) => Math.max(x, 0), exact: (x) => (x.compare(0) > 0 ? x : F(0)), exactDeriv: (x) => F(x.compare(0) > 0 ? 1 : 0) },
    latex: '\\operatorname{relu}',
    code: { name: 'r', js: 'Math.max(#, 0)', numpy: 'np.maximum(#, 0.0)', torch: 'torch.relu(#)' },
  }),
  elementwise({
    op: 'sqrt', call: ['sqrt'], doc: 'sqrt(X), elementwise', derivText: "sqrt′(x) = 1/(2 sqrt(x))",
    fn: { float: (x) => (x >= 0 ? Math.sqrt(x) : NaN) },
    code: same('sqrt', 'rt'),
  }),
  elementwise({
    op: 'abs', total: true, call: ['abs'], doc: 'abs(X), elementwise', derivText: "abs′ = sign", piecewise: true,
    fn: { float: Math.abs, exact: (x) => x.abs(), exactDeriv: (x) => F(x.compare(0)) },
    code: same('abs', 'ab'),
  }),
  elementwise({
    op: 'sin', total: true, call: ['sin'], doc: 'sin(X), elementwise', derivText: "sin′ = cos",
    fn: { float: Math.sin }, latex: '\\sin',
    code: same('sin'),
  }),
  elementwise({
    op: 'cos', total: true, call: ['cos'], doc: 'cos(X), elementwise', derivText: "cos′ = −sin",
    fn: { float: Math.cos }, latex: '\\cos',
    code: same('cos'),
  }),
  elementwise({
    op: 'sign', total: true, call: ['sign'], doc: 'sign(X), elementwise', derivText: "sign′ = 0 (away from 0)", piecewise: true,
    fn: { float: Math.sign, exact: (x) => F(x.compare(0)), exactDeriv: () => F(0) },
    latex: '\\operatorname{sign}',
    code: same('sign', 'sg'),
  }),
  elementwise({
    op: 'step', total: true, call: ['step'], doc: 'step(X), the unit step (1 where X > 0), elementwise', derivText: "step′ = 0 (away from 0)", piecewise: true,
    fn: { float: (x) => (x > 0 ? 1 : 0), exact: (x) => F(x.compare(0) > 0 ? 1 : 0), exactDeriv: () => F(0) },
    latex: '\\operatorname{step}',
    code: stepCode,
  }),
  elementwise({
    op: 'softplus', total: true, positive: true, call: ['softplus'], doc: 'softplus(X) = log(1 + exp(X)), elementwise', derivText: 'softplus′ = σ',
    // log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|): no overflow for large x, no lost digits for small
    fn: { float: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) },
    latex: '\\operatorname{softplus}',
    code: softplusCode,
  }),
  // the inverse trigonometric functions, tan, log1p and expm1: no rational value, so no exact
  // form; outside the domain the float value is NaN, which the fields report as undefined (as
  // for log and sqrt)
  elementwise({
    op: 'tan', call: ['tan'], doc: 'tan(X), elementwise (poles at π/2 + kπ)', derivText: "tan′ = 1 + tan²",
    fn: { float: Math.tan }, latex: '\\tan',
    code: same('tan'),
  }),
  elementwise({
    op: 'arcsin', call: ['arcsin', 'asin'], doc: 'arcsin(X), elementwise, for entries in [−1, 1]', derivText: "arcsin′(x) = 1/sqrt(1 − x²)",
    fn: { float: (x) => (x >= -1 && x <= 1 ? Math.asin(x) : NaN) }, latex: '\\arcsin',
    code: { js: 'Math.asin(#)', numpy: 'np.arcsin(#)', torch: 'torch.asin(#)' },
  }),
  elementwise({
    op: 'arccos', call: ['arccos', 'acos'], doc: 'arccos(X), elementwise, for entries in [−1, 1]', derivText: "arccos′(x) = −1/sqrt(1 − x²)",
    fn: { float: (x) => (x >= -1 && x <= 1 ? Math.acos(x) : NaN) }, latex: '\\arccos',
    code: { js: 'Math.acos(#)', numpy: 'np.arccos(#)', torch: 'torch.acos(#)' },
  }),
  elementwise({
    op: 'arctan', total: true, call: ['arctan', 'atan'], doc: 'arctan(X), elementwise', derivText: "arctan′(x) = 1/(1 + x²)",
    fn: { float: Math.atan }, latex: '\\arctan',
    code: { js: 'Math.atan(#)', numpy: 'np.arctan(#)', torch: 'torch.atan(#)' },
  }),
  elementwise({
    op: 'log1p', call: ['log1p'], doc: 'log1p(X) = log(1 + X), elementwise, for entries > −1 (accurate near 0)', derivText: "log1p′(x) = 1/(1 + x)",
    // log1p(−1) = −∞ is a pole, like log(0): NaN, so it is reported as undefined, not as an overflow
    fn: { float: (x) => (x > -1 ? Math.log1p(x) : NaN) }, latex: '\\operatorname{log1p}',
    code: same('log1p'),
  }),
  elementwise({
    op: 'expm1', total: true, call: ['expm1'], doc: 'expm1(X) = exp(X) − 1, elementwise (accurate near 0)', derivText: "expm1′ = exp",
    fn: { float: Math.expm1 }, latex: '\\operatorname{expm1}',
    code: same('expm1'),
  }),
];
void atom;
void PREC;
void wrap;
