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

// ---- a random generator of our own (mulberry32), not the engine's ----------------------------------

export class Rnd {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

// ---- dense matrices in doubles -----------------------------------------------------------------

export type M = number[][];
const build = (r: number, c: number, f: (i: number, j: number) => number): M => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));
const rows = (a: M) => a.length;
const cols = (a: M) => a[0]!.length;
const map = (a: M, f: (x: number) => number): M => a.map((row) => row.map(f));
const zip = (a: M, b: M, f: (x: number, y: number) => number): M => {
  // a 1×1 side is broadcast (matdiff adds a scalar to every entry)
  if (rows(a) === 1 && cols(a) === 1 && (rows(b) !== 1 || cols(b) !== 1)) return map(b, (y) => f(a[0]![0]!, y));
  if (rows(b) === 1 && cols(b) === 1 && (rows(a) !== 1 || cols(a) !== 1)) return map(a, (x) => f(x, b[0]![0]!));
  if (rows(a) !== rows(b) || cols(a) !== cols(b)) throw new Error(`oracle: shapes ${rows(a)}×${cols(a)} and ${rows(b)}×${cols(b)}`);
  return a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!)));
};
const tr = (a: M): M => build(cols(a), rows(a), (i, j) => a[j]![i]!);
const mul = (a: M, b: M): M => {
  if (rows(a) === 1 && cols(a) === 1 && rows(b) !== 1 && cols(a) !== rows(b)) return map(b, (y) => a[0]![0]! * y);
  if (rows(b) === 1 && cols(b) === 1 && cols(a) !== 1) return map(a, (x) => x * b[0]![0]!);
  if (cols(a) !== rows(b)) throw new Error(`oracle: product of ${rows(a)}×${cols(a)} and ${rows(b)}×${cols(b)}`);
  return build(rows(a), cols(b), (i, j) => {
    let s = 0;
    for (let k = 0; k < cols(a); k++) s += a[i]![k]! * b[k]![j]!;
    return s;
  });
};
const sc = (x: number): M => [[x]];
const sumAll = (a: M) => a.reduce((s, row) => s + row.reduce((t, x) => t + x, 0), 0);
const eye = (n: number): M => build(n, n, (i, j) => (i === j ? 1 : 0));

/**
 * LU with partial pivoting: the determinant, whether the matrix is singular to working precision,
 * and the inverse (NaN when singular). "Singular" is deliberately wide, so the oracle keeps away
 * from nearly singular points (as from kinks): a pivot below 1e-13 of the largest entry, or a
 * determinant below 1e-8 of the largest entry to the n-th power (I + 1e9·K for a singular K).
 */
function lu(a: M): { det: number; inv: M; singular: boolean } {
  const n = rows(a);
  const w = a.map((row, i) => [...row, ...eye(n)[i]!]);
  let det = 1;
  const scale = Math.max(...a.flat().map(Math.abs));
  let singular = scale === 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(w[i]![k]!) > Math.abs(w[p]![k]!)) p = i;
    if (p !== k) {
      [w[p], w[k]] = [w[k]!, w[p]!];
      det = -det;
    }
    const piv = w[k]![k]!;
    det *= piv;
    if (Math.abs(piv) <= 1e-13 * scale) singular = true;
    if (piv === 0) continue;
    for (let j = 0; j < 2 * n; j++) w[k]![j]! /= piv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = w[i]![k]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) w[i]![j]! -= f * w[k]![j]!;
    }
  }
  if (!(Math.abs(det) >= 1e-8 * scale ** n)) singular = true;
  return { det, singular, inv: singular ? build(n, n, () => NaN) : w.map((row) => row.slice(n)) };
}

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
const size = (d: Dim, env: Env) => (d === '1' ? 1 : env[d]);
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
export const trans = (x: Node): Node => node(T(x.sh), 'transpose', [x], ([a]) => ({ s: `${wrap(a!, P.post)}'`, p: P.post }), ([a]) => tr(a!));
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
  constructor(private readonly R: Rnd) {}

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

// ---- points ---------------------------------------------------------------------------------------

/** sizes n, m in 1..3 (mostly 2 and 3) and values honouring the facts: symmetric, spd, diagonal */
export function drawPoint(R: Rnd, vars: Iterable<string>): Env {
  const dimOf = () => (R.chance(0.1) ? 1 : R.int(2, 3));
  const env: Env = { vals: {}, n: dimOf(), m: dimOf() };
  for (const name of vars) {
    const v = VARS.find((x) => x.name === name)!;
    const r = size(v.r, env);
    const c = size(v.c, env);
    const G = build(r, c, () => R.normal());
    if (v.fact === 'symmetric') env.vals[name] = build(r, r, (i, j) => (G[i]![j]! + G[j]![i]!) / 2);
    else if (v.fact === 'spd') env.vals[name] = zip(map(mul(G, tr(G)), (t) => t / r), eye(r), (p, q) => p + q);
    else if (v.fact === 'diagonal') env.vals[name] = build(r, r, (i, j) => (i === j ? G[i]![j]! : 0));
    else env.vals[name] = G;
  }
  return env;
}

// ---- the oracle: central differences, entry by entry ------------------------------------------------

export type Oracle =
  | { status: 'ok'; fd: M; tol: M; scale: number; f0: number }
  /** f has no value here (log of a negative, a singular inverse, overflow) */
  | { status: 'undefined' }
  /** steps h and h/10 disagree: a kink within reach, or too steep */
  | { status: 'unreliable' }
  /** the differences agree but their rounding noise is too large, against the gradient, to judge it */
  | { status: 'undecided' };

const EPS = 2.220446049250313e-16;

/** the same point with every value multiplied entrywise by 1 + 1e-12·N(0, 1) (symmetrically for a symmetric variable; zeros stay zero) */
function jitter(env: Env, R: Rnd): Env {
  const vals: Record<string, M> = {};
  for (const [name, X] of Object.entries(env.vals)) {
    const J = X.map((row) => row.map(() => 1e-12 * R.normal()));
    const sym = VARS.find((v) => v.name === name)?.fact;
    vals[name] = X.map((row, i) => row.map((x, j) => x * (1 + (sym && j < i ? J[j]![i]! : J[i]![j]!))));
  }
  return { ...env, vals };
}

/** the differences along each free coordinate of wrt at env: the estimate at h/10 and its slack (rounding noise and the gap to step h), or why none */
function differences(f: (e: Env) => number, wrt: string, env: Env, f0: number): { fd: M; slack: M } | 'unreliable' {
  const X = env.vals[wrt]!;
  const spec = VARS.find((v) => v.name === wrt)!;
  const sym = spec.fact === 'symmetric' || spec.fact === 'spd';
  const fd = build(X.length, X[0]!.length, () => 0);
  const slack = build(X.length, X[0]!.length, () => 0);
  for (let i = 0; i < X.length; i++)
    for (let j = 0; j < X[0]!.length; j++) {
      if (spec.fact === 'diagonal' && i !== j) continue;
      if (sym && j < i) continue;
      const h = 1e-3 * Math.max(1, Math.abs(X[i]![j]!));
      let F = Math.abs(f0);
      const g = (t: number) => {
        const Y = X.map((row) => [...row]);
        Y[i]![j]! += t;
        if (i !== j && sym) Y[j]![i]! += t;
        const y = f({ ...env, vals: { ...env.vals, [wrt]: Y } });
        F = Math.max(F, Math.abs(y));
        return y;
      };
      const stencil = (hh: number) => {
        const dd = (k: number) => g(k * hh) - g(-k * hh);
        return (dd(3) - 9 * dd(2) + 45 * dd(1)) / (60 * hh);
      };
      const d1 = stencil(h);
      const d2 = stencil(h / 10);
      if (!Number.isFinite(d1) || !Number.isFinite(d2)) return 'unreliable';
      const noise = (8 * EPS * F) / (h / 10);
      const gap = Math.abs(d1 - d2);
      if (gap > 1e-6 * Math.max(Math.abs(d1), Math.abs(d2)) + 2 * noise) return 'unreliable';
      // a symmetric coordinate moves two entries: its derivative is 2·G_ij of the projected G
      const w = i !== j && sym ? 0.5 : 1;
      fd[i]![j] = w * d2;
      slack[i]![j] = w * (4 * noise + 2 * gap);
      if (w === 0.5) {
        fd[j]![i] = fd[i]![j]!;
        slack[j]![i] = slack[i]![j]!;
      }
    }
  return { fd, slack };
}

/**
 * ∂f/∂X at `env` by the 6-point central difference (error O(h⁶)) along each free coordinate of X
 * (every entry; i ≤ j for a symmetric or spd X, moved as E_ij + E_ji; the diagonal of a diagonal X),
 * at steps h = 1e-3·max(1, |x|) and h/10. Where the two disagree beyond their rounding noise the
 * point is not used (a kink of relu/abs/sign/step or a jump is within reach). The same is done at
 * the point moved by a relative 1e-12 (jitter): where f's value is mostly rounding (det of a
 * singular matrix in doubles), the two estimates differ and that difference joins the slack. The
 * tolerance of each entry is 1e-5 of the gradient's largest entry plus its slack; a point whose
 * slack exceeds 1e-3 of the gradient's scale cannot judge it (undecided). Where every difference
 * is exactly 0 (f constant in doubles around the point), the gradient must be 0 to within the
 * rounding noise and 1e-9; where that noise exceeds 1e-6, the point cannot judge (undecided).
 */
export function fdOracle(root: Node, wrt: string, env: Env, R: Rnd = new Rnd(1)): Oracle {
  const f = (e: Env) => {
    const v = evalNode(root, e);
    if (v.length !== 1 || v[0]!.length !== 1) throw new Error('oracle: f is not a scalar');
    return v[0]![0]!;
  };
  const f0 = f(env);
  if (!Number.isFinite(f0)) return { status: 'undefined' };
  const a = differences(f, wrt, env, f0);
  if (a === 'unreliable') return { status: 'unreliable' };
  const env2 = jitter(env, R);
  const f1 = f(env2);
  if (!Number.isFinite(f1)) return { status: 'unreliable' };
  const b = differences(f, wrt, env2, f1);
  if (b === 'unreliable') return { status: 'unreliable' };
  const { fd } = a;
  const slack = a.slack.map((row, i) => row.map((s, j) => Math.max(s, b.slack[i]![j]!) + 2 * Math.abs(fd[i]![j]! - b.fd[i]![j]!)));
  const scale = Math.max(0, ...fd.flat().map(Math.abs));
  const worst = Math.max(0, ...slack.flat());
  // f constant in doubles around the point: the gradient is zero to within the rounding noise, if that
  // noise is small (where f is 1e13 its steps cannot see a gradient of 1: undecided) — and 1e-9
  if (scale === 0) return worst <= 1e-6 ? { status: 'ok', fd, tol: map(slack, (s) => s + 1e-9), scale, f0 } : { status: 'undecided' };
  if (worst > 1e-3 * scale) return { status: 'undecided' };
  return { status: 'ok', fd, tol: map(slack, (s) => 1e-5 * scale + s), scale, f0 };
}
