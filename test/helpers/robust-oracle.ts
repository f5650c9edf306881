// Points and the oracle for the random expressions of test/helpers/robust-expr.ts: values that
// honour the variables' facts, and central differences of the tree's own double evaluator (never
// matdiff's), which decide by themselves where f is defined and differentiable and where they can
// judge a gradient (test/robust-property.test.ts).
import { Rand, transpose } from './numeric.js';
import { build, map, zip, mul, eye, type M } from './robust-doubles.js';
import { VARS, evalNode, size, type Env, type Node } from './robust-expr.js';

// ---- points ---------------------------------------------------------------------------------------

/** sizes n, m in 1..3 (mostly 2 and 3) and values honouring the facts: symmetric, spd, diagonal */
export function drawPoint(R: Rand, vars: Iterable<string>): Env {
  const dimOf = () => (R.chance(0.1) ? 1 : R.int(2, 3));
  const env: Env = { vals: {}, n: dimOf(), m: dimOf() };
  for (const name of vars) {
    const v = VARS.find((x) => x.name === name)!;
    const r = size(v.r, env);
    const c = size(v.c, env);
    const G = build(r, c, () => R.normal());
    if (v.fact === 'symmetric') env.vals[name] = build(r, r, (i, j) => (G[i]![j]! + G[j]![i]!) / 2);
    else if (v.fact === 'spd') env.vals[name] = zip(map(mul(G, transpose(G)), (t) => t / r), eye(r), (p, q) => p + q);
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
function jitter(env: Env, R: Rand): Env {
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
export function fdOracle(root: Node, wrt: string, env: Env, R: Rand = new Rand(1)): Oracle {
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
