// Random expressions for test/robust-property.test.ts, each built as a TREE that prints as matdiff
// source text AND evaluates in plain doubles with an evaluator of its own (below): the oracle of
// that test never goes through matdiff's parser, elaborator, evaluator or numeric check. Only the
// gradient term matdiff returns is evaluated with matdiff's public evaluate().
//
// Unlike test/property.test.ts, this generator does not keep away from the hard places: it builds
// det/inv/logdet of possibly singular arguments (relu(A), x*y', G*G' of low rank, A - A'),
// piecewise functions anywhere (relu, abs, sign, step, norm1), scalars near saturation
// (sigmoid(20 + a), log(sigmoid(a - 30)), exp(a + 30), tanh(30*E)) and variables with facts
// (symmetric S, spd P, diagonal D). The oracle (fdOracle) decides by itself where f is defined and
// differentiable, and where its finite differences can judge a gradient.
// The double evaluator's matrices are in test/helpers/robust-doubles.ts; random points and the
// finite-difference oracle in test/helpers/robust-oracle.ts.
import { Rand, transpose } from './numeric.js';
import { build, map, zip, mul, sc, sumAll, eye, lu, type M } from './robust-doubles.js';

// ---- shapes, printed text, trees ----------------------------------------------------------------

export type Dim = 'n' | 'm' | '1';
export interface Sh {
  r: Dim;
  c: Dim;
}
/** text and binding strength (higher binds tighter), as in matdiff's grammar */
export interface Ex {
  s: string;
  p: number;
}
export const P = { sum: 1, frob: 2, prod: 3, neg: 4, pow: 5, post: 6, atom: 7 } as const;

export interface Env {
  vals: Record<string, M>;
  n: number;
  m: number;
}

export interface Node {
  sh: Sh;
  /** the operator, for coverage and for the skeleton of a failure class */
  tag: string;
  kids: Node[];
  show: (k: Ex[]) => Ex;
  ev: (k: M[], env: Env) => M;
  /** a variable leaf */
  v?: string;
  /** printed as a definition `qK = …;` and used by name */
  def?: boolean;
}

export interface VarSpec {
  name: string;
  r: Dim;
  c: Dim;
  fact?: 'symmetric' | 'spd' | 'diagonal';
}

export const VARS: VarSpec[] = [
  { name: 'W', r: 'n', c: 'm' },
  { name: 'V', r: 'n', c: 'm' },
  { name: 'x', r: 'm', c: '1' },
  { name: 'u', r: 'm', c: '1' },
  { name: 'y', r: 'n', c: '1' },
  { name: 'z', r: 'n', c: '1' },
  { name: 'A', r: 'n', c: 'n' },
  { name: 'B', r: 'n', c: 'n' },
  { name: 'S', r: 'n', c: 'n', fact: 'symmetric' },
  { name: 'P', r: 'n', c: 'n', fact: 'spd' },
  { name: 'D', r: 'n', c: 'n', fact: 'diagonal' },
  { name: 'M', r: 'm', c: 'm' },
  { name: 'r', r: '1', c: 'n' },
  { name: 'a', r: '1', c: '1' },
  { name: 'b', r: '1', c: '1' },
  { name: 'c', r: '1', c: '1' },
];
export const DECLS = VARS.map((v) => `${v.name}: ${v.r === '1' && v.c === '1' ? 'scalar' : v.c === '1' ? v.r : `${v.r} x ${v.c}`}${v.fact ? ' ' + v.fact : ''}`).join('; ');

const S1: Sh = { r: '1', c: '1' };
const isScalar = (s: Sh) => s.r === '1' && s.c === '1';
const isSquare = (s: Sh) => s.r === s.c && s.r !== '1';
const isVector = (s: Sh) => (s.r === '1') !== (s.c === '1');
const T = (s: Sh): Sh => ({ r: s.c, c: s.r });
const SHAPES: Sh[] = [
  { r: 'n', c: 'm' }, { r: 'm', c: 'n' }, { r: 'n', c: 'n' }, { r: 'm', c: 'm' },
  { r: 'n', c: '1' }, { r: 'm', c: '1' }, { r: '1', c: 'n' }, { r: '1', c: 'm' }, S1,
];
const dimText = (s: Sh) => (s.c === '1' ? s.r : `${s.r},${s.c}`);
export const size = (d: Dim, env: Env) => (d === '1' ? 1 : env[d]);
const wrap = (e: Ex, min: number) => (e.p >= min ? e.s : `(${e.s})`);

// ---- node constructors: text and value together ------------------------------------------------

const node = (sh: Sh, tag: string, kids: Node[], show: Node['show'], ev: Node['ev']): Node => ({ sh, tag, kids, show, ev });
export const varLeaf = (v: VarSpec): Node => ({ sh: { r: v.r, c: v.c }, tag: 'var', kids: [], v: v.name, show: () => ({ s: v.name, p: P.atom }), ev: (_k, env) => env.vals[v.name]! });
const numLeaf = (text: string, value: number, p: number = P.atom): Node => node(S1, 'num', [], () => ({ s: text, p }), () => sc(value));
const onesLeaf = (sh: Sh): Node => node(sh, 'ones', [], () => ({ s: `ones(${dimText(sh)})`, p: P.atom }), (_k, env) => build(size(sh.r, env), size(sh.c, env), () => 1));
const eyeLeaf = (d: Dim): Node => node({ r: d, c: d }, 'I', [], () => ({ s: `I(${d})`, p: P.atom }), (_k, env) => eye(size(d, env)));

export const add = (x: Node, y: Node, minus = false): Node =>
  node(isScalar(x.sh) ? y.sh : x.sh, minus ? 'sub' : 'add', [x, y], ([a, b]) => ({ s: `${wrap(a!, P.sum)} ${minus ? '-' : '+'} ${wrap(b!, P.frob)}`, p: P.sum }), ([a, b]) => zip(a!, b!, minus ? (p, q) => p - q : (p, q) => p + q));
/** the matrix product; a 1×1 side scales the other */
export const prod = (x: Node, y: Node): Node => {
  const sh = isScalar(x.sh) ? y.sh : isScalar(y.sh) ? x.sh : { r: x.sh.r, c: y.sh.c };
  return node(sh, 'mul', [x, y], ([a, b]) => ({ s: `${wrap(a!, P.prod)}*${wrap(b!, P.neg)}`, p: P.prod }), ([a, b]) => mul(a!, b!));
};
const divScalar = (x: Node, y: Node): Node => node(x.sh, 'div', [x, y], ([a, b]) => ({ s: `${wrap(a!, P.prod)}/${wrap(b!, P.neg)}`, p: P.prod }), ([a, b]) => map(a!, (t) => t / b![0]![0]!));
const had = (x: Node, y: Node, op: '.*' | './'): Node =>
  node(x.sh, op === '.*' ? 'hadamard' : 'hdiv', [x, y], ([a, b]) => ({ s: `${wrap(a!, P.prod)} ${op} ${wrap(b!, P.neg)}`, p: P.prod }), ([a, b]) => zip(a!, b!, op === '.*' ? (p, q) => p * q : (p, q) => p / q));
export const trans = (x: Node): Node => node(T(x.sh), 'transpose', [x], ([a]) => ({ s: `${wrap(a!, P.post)}'`, p: P.post }), ([a]) => transpose(a!));
const neg = (x: Node): Node => node(x.sh, 'neg', [x], ([a]) => ({ s: `-${wrap(a!, P.pow)}`, p: P.neg }), ([a]) => map(a!, (t) => -t));
const epow = (x: Node, k: number): Node =>
  node(x.sh, 'epow', [x], ([a]) => ({ s: `${wrap(a!, P.post)}${isScalar(x.sh) ? '^' : '.^'}${k}`, p: P.pow }), ([a]) => map(a!, (t) => t ** k));
const mpow = (x: Node, k: number): Node => node(x.sh, 'mpow', [x], ([a]) => ({ s: `${wrap(a!, P.post)}^${k}`, p: P.pow }), ([a]) => (k === 2 ? mul(a!, a!) : mul(mul(a!, a!), a!)));

const EW: Record<string, (t: number) => number> = {
  exp: Math.exp,
  log: (t) => (t > 0 ? Math.log(t) : NaN),
  sqrt: (t) => (t >= 0 ? Math.sqrt(t) : NaN),
  sigmoid: (t) => 1 / (1 + Math.exp(-t)),
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  relu: (t) => Math.max(t, 0),
  abs: Math.abs,
  sign: Math.sign,
  step: (t) => (t > 0 ? 1 : t <= 0 ? 0 : NaN),
};
export const ew = (f: string, x: Node): Node => node(x.sh, f, [x], ([a]) => ({ s: `${f}(${a!.s})`, p: P.atom }), ([a]) => map(a!, EW[f]!));
const call1 = (f: string, sh: Sh, x: Node, ev: (a: M) => M): Node => node(sh, f, [x], ([a]) => ({ s: `${f}(${a!.s})`, p: P.atom }), ([a]) => ev(a!));
const trace = (x: Node) => call1('tr', S1, x, (a) => sc(a.reduce((s, row, i) => s + row[i]!, 0)));
const sum = (x: Node) => call1('sum', S1, x, (a) => sc(sumAll(a)));
const frob = (x: Node, y: Node): Node =>
  node(S1, 'frob', [x, y], ([a, b]) => ({ s: `${wrap(a!, P.prod)} : ${wrap(b!, P.prod)}`, p: P.frob }), ([a, b]) => sc(sumAll(zip(a!, b!, (p, q) => p * q))));
const norm2 = (x: Node) => call1('norm2', S1, x, (a) => sc(Math.sqrt(sumAll(map(a, (t) => t * t)))));
const norm1 = (x: Node) => call1('norm1', S1, x, (a) => sc(sumAll(map(a, Math.abs))));
const det = (x: Node) => call1('det', S1, x, (a) => sc(lu(a).det));
// log det X: undefined where det X ≤ 0, and where X is singular to working precision (det(V*V') of rank m < n is rounding)
const logdet = (x: Node) => call1('logdet', S1, x, (a) => {
  const { det: d, singular } = lu(a);
  return sc(d > 0 && !singular ? Math.log(d) : NaN);
});
const inv = (x: Node, pow = false): Node =>
  node(x.sh, 'inv', [x], ([a]) => (pow ? { s: `${wrap(a!, P.post)}^-1`, p: P.pow } : { s: `inv(${a!.s})`, p: P.atom }), ([a]) => lu(a!).inv);
const DiagM = (v: Node, d: Dim) => call1('Diag', { r: d, c: d }, v, (a) => {
  const xs = a.flat();
  return build(xs.length, xs.length, (i, j) => (i === j ? xs[i]! : 0));
});
const diagV = (x: Node, d: Dim) => call1('diag', { r: d, c: '1' }, x, (a) => a.map((row, i) => [row[i]!]));
const softmaxOf = (a: M): M => {
  const mx = Math.max(...a.flat());
  const e = map(a, (t) => Math.exp(t - mx));
  const s = sumAll(e);
  return map(e, (t) => t / s);
};
const softmax = (x: Node) => call1('softmax', x.sh, x, softmaxOf);
const logsumexp = (x: Node) => call1('logsumexp', S1, x, (a) => {
  const mx = Math.max(...a.flat());
  return sc(mx + Math.log(sumAll(map(a, (t) => Math.exp(t - mx)))));
});
/** `K + E` (or `E - K`) with a literal K: a saturation shift */
const shift = (x: Node, k: number): Node =>
  node(x.sh, 'shift', [x], ([a]) => (k >= 0 ? { s: `${k} + ${wrap(a!, P.frob)}`, p: P.sum } : { s: `${wrap(a!, P.sum)} - ${-k}`, p: P.sum }), ([a]) => map(a!, (t) => t + k));
const scaleBy = (k: number, x: Node): Node => node(x.sh, 'scale', [x], ([a]) => ({ s: `${k}*${wrap(a!, P.neg)}`, p: P.prod }), ([a]) => map(a!, (t) => k * t));
/** a node printed as a definition and used by name */
const named = (x: Node): Node => ({ ...x, def: true });

// ---- the generator -------------------------------------------------------------------------------

export class Gen {
  constructor(private readonly R: Rand) {}

  leaf(sh: Sh): Node {
    const R = this.R;
    const opts: (() => Node)[] = [];
    for (const v of VARS) {
      if (v.r === sh.r && v.c === sh.c) opts.push(() => varLeaf(v), () => varLeaf(v), () => varLeaf(v));
      else if (v.c === sh.r && v.r === sh.c) opts.push(() => trans(varLeaf(v)));
    }
    if (isScalar(sh)) opts.push(() => R.pick([numLeaf('2', 2), numLeaf('3', 3), numLeaf('0.5', 0.5), numLeaf('1/2', 0.5, P.prod)]));
    else if (R.chance(0.15)) return isSquare(sh) && R.chance(0.5) ? eyeLeaf(sh.r) : onesLeaf(sh);
    return R.pick(opts)();
  }

  /** bounded values: the argument of exp, sin, cos */
  bounded(sh: Sh, d: number): Node {
    if (d <= 0 || this.R.chance(0.35)) return this.leaf(sh);
    return ew(this.R.pick(['tanh', 'sigmoid', 'sin']), this.gen(sh, d - 1));
  }

  /** positive values: the argument of log and sqrt, a divisor */
  pos(sh: Sh, d: number): Node {
    const R = this.R;
    const k = R.int(0, 3);
    if (k === 0) return ew('exp', this.bounded(sh, d));
    if (k === 1) return add(numLeaf('1', 1), ew('sigmoid', this.gen(sh, d)));
    if (k === 2) return add(numLeaf('1', 1), epow(this.gen(sh, d), 2));
    return ew('sigmoid', this.gen(sh, d));
  }

  /** a well-conditioned k×k matrix */
  wellConditioned(k: Dim, d: number): Node {
    const R = this.R;
    const c = R.int(0, 4);
    const j = R.pick<Dim>(['n', 'm', '1']);
    const G = () => this.gen({ r: k, c: j }, d);
    if (c === 0 && k === 'n') return varLeaf(VARS.find((v) => v.name === 'P')!);
    if (c === 1 && k === 'n') {
      const g = G();
      return add(varLeaf(VARS.find((v) => v.name === 'P')!), prod(g, trans(g)));
    }
    if (c === 2) return DiagM(ew('exp', this.bounded({ r: k, c: '1' }, d)), k);
    if (c === 3) return add(eyeLeaf(k), prod(scaleBy(2, this.gen({ r: k, c: k }, d)), trans(this.gen({ r: k, c: k }, d))));
    const g = G();
    return add(prod(g, trans(g)), eyeLeaf(k));
  }

  /** a k×k matrix that may be singular (or is singular everywhere) */
  possiblySingular(k: Dim, d: number): Node {
    const R = this.R;
    const c = R.int(0, 6);
    if (c === 0) return ew('relu', this.gen({ r: k, c: k }, d));
    if (c === 1) return prod(this.gen({ r: k, c: '1' }, d), this.gen({ r: '1', c: k }, d)); // x*y': rank one
    if (c === 2) {
      const g = this.gen({ r: k, c: R.pick<Dim>(['n', 'm']) }, d); // rank min(k, j)
      return prod(g, trans(g));
    }
    if (c === 3) {
      const g = this.gen({ r: k, c: k }, d);
      return add(g, trans(g), true); // skew: singular for an odd size
    }
    if (c === 4) return DiagM(ew('relu', this.gen({ r: k, c: '1' }, d)), k);
    if (c === 5 && k === 'n') return varLeaf(R.pick(VARS.filter((v) => v.r === 'n' && v.c === 'n')));
    return ew('relu', varLeaf(R.pick(VARS.filter((v) => v.r === k && v.c === k))));
  }

  /** a saturating scalar function of E: sigmoid(20 + E), log(sigmoid(E - 30)), exp(E + 30), tanh(30*E), ... */
  saturated(sh: Sh, d: number): Node {
    const R = this.R;
    const e = R.chance(0.5) ? this.leaf(sh) : this.bounded(sh, d);
    switch (R.int(0, 5)) {
      case 0:
        return ew('sigmoid', shift(e, R.pick([15, 20, 25, 30])));
      case 1:
        return ew('log', ew('sigmoid', shift(e, -R.pick([20, 30, 35]))));
      case 2:
        return ew('exp', shift(e, R.pick([10, 20, 30])));
      case 3:
        return ew('tanh', scaleBy(R.pick([5, 10, 30, 100]), e));
      case 4:
        return ew('log', add(numLeaf('1', 1), ew('exp', shift(e, R.pick([20, 40])))));
      default:
        return ew('sigmoid', shift(e, -R.pick([20, 30])));
    }
  }

  gen(sh: Sh, d: number): Node {
    const R = this.R;
    if (d <= 0 || R.chance(0.18)) return this.leaf(sh);
    const sub = (s: Sh = sh) => this.gen(s, d - 1);
    const prods: (() => Node)[] = [];
    const at = (w: number, f: () => Node) => {
      for (let i = 0; i < w; i++) prods.push(f);
    };
    const anyShape = () => R.pick(SHAPES);
    const sq = () => R.pick<Dim>(['n', 'm']);
    at(3, () => add(sub(), sub(), R.chance(0.4)));
    at(4, () => {
      const k = R.pick<Dim>(['n', 'm', '1']);
      return prod(sub({ r: sh.r, c: k }), sub({ r: k, c: sh.c }));
    });
    at(2, () => trans(sub(T(sh))));
    at(3, () => {
      const f = R.pick(['sigmoid', 'tanh', 'exp', 'sin', 'cos', 'log', 'sqrt']);
      if (f === 'log' || f === 'sqrt') return ew(f, this.pos(sh, d - 1));
      return ew(f, f === 'exp' || f === 'sin' || f === 'cos' ? this.bounded(sh, d - 1) : sub());
    });
    at(3, () => {
      const f = R.pick(['relu', 'abs', 'sign', 'step', 'relu', 'abs']);
      const e = ew(f, sub());
      if (f === 'sign' || f === 'step') return isScalar(sh) ? prod(e, sub()) : had(e, sub(), '.*');
      return e;
    });
    at(2, () => this.saturated(sh, d - 1));
    at(1, () => neg(sub()));
    at(1, () => epow(sub(), R.pick([2, 2, 3])));
    at(1, () => (isScalar(sh) ? divScalar(sub(), this.pos(S1, d - 1)) : had(sub(), this.pos(sh, d - 1), './')));
    if (!isScalar(sh)) {
      at(2, () => had(sub(), sub(), '.*'));
      at(1, () => prod(sub(S1), sub()));
      at(1, () => divScalar(sub(), this.pos(S1, d - 1)));
      at(1, () => add(sub(), sub(S1)));
    }
    if (isSquare(sh)) {
      at(2, () => inv(this.wellConditioned(sh.r, d - 1), R.chance(0.2)));
      at(1, () => inv(this.possiblySingular(sh.r, d - 1)));
      at(1, () => mpow(sub(), 2));
      at(1, () => DiagM(sub(R.chance(0.7) ? { r: sh.r, c: '1' } : { r: '1', c: sh.r }), sh.r));
    }
    if (isVector(sh)) {
      at(2, () => softmax(sub()));
      if (sh.c === '1') at(1, () => diagV(sub({ r: sh.r, c: sh.r }), sh.r));
    }
    if (isScalar(sh)) {
      at(3, () => {
        const k = sq();
        return trace(sub({ r: k, c: k }));
      });
      at(3, () => sum(sub(anyShape())));
      at(4, () => {
        const s = anyShape();
        return frob(sub(s), sub(s));
      });
      at(1, () => norm2(sub(anyShape())));
      at(2, () => (R.chance(0.5) ? norm1(sub(anyShape())) : sum(ew(R.pick(['abs', 'relu']), sub(anyShape())))));
      at(2, () => det(this.wellConditioned(sq(), d - 1)));
      at(2, () => det(this.possiblySingular(sq(), d - 1)));
      at(2, () => logdet(this.wellConditioned(sq(), d - 1)));
      at(1, () => logdet(this.possiblySingular(sq(), d - 1)));
      at(2, () => logsumexp(sub(R.pick<Sh>([{ r: 'n', c: '1' }, { r: 'm', c: '1' }, { r: '1', c: 'n' }]))));
      at(2, () => {
        const k = sq();
        return R.chance(0.5) ? prod(sub({ r: '1', c: k }), softmax(sub({ r: k, c: '1' }))) : prod(trans(softmax(sub({ r: k, c: '1' }))), sub({ r: k, c: '1' }));
      });
      at(2, () => this.saturated(S1, d - 1));
      // an inverse inside a scalar: tr(inv(X)*E), v'*inv(X)*w, of a well-conditioned or possibly singular X
      at(2, () => {
        const k = sq();
        const X = inv(R.chance(0.6) ? this.wellConditioned(k, d - 1) : this.possiblySingular(k, d - 1), R.chance(0.2));
        return R.chance(0.5) ? trace(prod(X, sub({ r: k, c: k }))) : prod(prod(sub({ r: '1', c: k }), X), sub({ r: k, c: '1' }));
      });
    }
    const e = R.pick(prods)();
    return d >= 2 && R.chance(0.1) ? named(e) : e;
  }
}

// ---- printing, evaluation, variables -------------------------------------------------------------

/** matdiff source text: the definitions, then the function */
export function render(root: Node): string {
  const defs: string[] = [];
  const go = (n: Node): Ex => {
    const e = n.show(n.kids.map(go));
    if (!n.def) return e;
    const name = `q${defs.length + 1}`;
    defs.push(`${name} = ${e.s}`);
    return { s: name, p: P.atom };
  };
  const e = go(root);
  return [...defs, e.s].join('; ');
}

export function evalNode(n: Node, env: Env): M {
  return n.ev(n.kids.map((k) => evalNode(k, env)), env);
}

export function varsOf(n: Node, out = new Set<string>()): Set<string> {
  if (n.v) out.add(n.v);
  n.kids.forEach((k) => varsOf(k, out));
  return out;
}

export function tagsOf(n: Node, out = new Set<string>()): Set<string> {
  out.add(n.tag);
  n.kids.forEach((k) => tagsOf(k, out));
  return out;
}

export const nodeCount = (n: Node): number => 1 + n.kids.reduce((s, k) => s + nodeCount(k), 0);
