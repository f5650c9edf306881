// matdiff's evaluation of a derived gradient against TensorFlow.js autodiff (tfjs-core's tf.grad
// on its CPU backend) and against loops written by hand over Float64Arrays, on two problems:
//   seed 003   ½‖σ(Wx) − y‖² with respect to W, n = m = 256
//   2-layer MLP  ½‖W2 tanh(W1 X + b1) + b2 − Y‖² with respect to W1, d = 64, hidden 64, N = 128
// matdiff appears three ways: evaluate() of the derived gradient term, evaluateTerm on flat values,
// and the exported JavaScript module (matdiff export --lang js), called as a training loop would,
// with its previous result as `out`. One row is one engine on one problem (an object in `rows`): the time of one gradient (median of
// RUNS after WARM-UP runs), its ratio to the hand-written loops, and how far its values are from
// theirs (max |Δ| / max |G|: tfjs computes in float32, the others in float64). The gradient term
// is derived (and checked) once, outside the timings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { derive, evaluate, exportCode } from '../src/index.js';
import { evaluateTerm } from '../src/numeric/evaluate.js';
import { floatField } from '../src/numeric/field.js';
import { mat, type Mat } from '../src/numeric/matrix.js';
import { mlpGradient, seedGradient, type Mlp } from './loops.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from './tfjs.js';

const WARM_UP = 5;
const RUNS = 21;

/** an exported JS module (matdiff export --lang js): its fAndG */
interface Exported {
  fAndG(vars: Record<string, Float64Array | number>, dims: Record<string, number>, out?: unknown): { value: number; gradient: Record<string, Float64Array> };
}

/** the derivation exported as JavaScript, written under node_modules/.cache and imported */
async function exported(name: string, expr: string, wrt: string, vars: string): Promise<Exported> {
  const dir = join(process.cwd(), 'node_modules', '.cache', 'matdiff-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, exportCode(derive(expr, { wrt, vars }), 'js'));
  return (await import(pathToFileURL(file).href)) as Exported;
}

/** one engine on one problem: `run` computes the gradient, row-major */
export interface Row {
  readonly problem: string;
  readonly engine: string;
  readonly run: () => ArrayLike<number> | number[][];
}

/** a seeded stream of values in (−scale, scale) */
function values(seed: number, scale: number): (count: number) => Float64Array {
  let s = seed;
  return (count) => {
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      s = (s * 16807) % 2147483647;
      out[k] = (2 * (s / 2147483647) - 1) * scale;
    }
    return out;
  };
}

const nested = (a: Float64Array, r: number, c: number): number[][] => Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
const column = (a: Float64Array): Mat<number> => mat(a.length, 1, Array.from(a));
/** tfjs's CPU backend computes in float32 */
const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);
const flat = (a: Float64Array, r: number, c: number): Mat<number> => mat(r, c, Array.from(a));

const SEED = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', wrt: 'W', vars: 'W: n x m; x: m; y: n' };
const MLP = { expr: 'H = tanh(W1*X + b1); L = 1/2*norm2(W2*H + b2 - Y)^2', wrt: 'W1', vars: 'W1: h x d; X: d x N; b1: h; W2: d x h; b2: d; Y: d x N' };

function seedRows(tf: Tf, js: Exported): Row[] {
  const n = 256;
  const m = 256;
  const draw = values(3, 1);
  const [W, x, y] = [draw(n * m), draw(m), draw(n)];
  const g = derive(SEED.expr, { wrt: SEED.wrt, vars: SEED.vars }).gradient.term;
  const given = { W: nested(W, n, m), x: Array.from(x), y: Array.from(y) };
  const env = { vars: new Map([['W', flat(W, n, m)], ['x', column(x)], ['y', column(y)]]), sizes: new Map([['n', n], ['m', m]]) };
  const [tW, tx, ty] = [tf.tensor2d(f32(W), [n, m]), tf.tensor2d(f32(x), [m, 1]), tf.tensor2d(f32(y), [n, 1])];
  const grad = tf.grad((w: Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.sigmoid(tf.matMul(w, tx)), ty)))));
  const problem = 'seed 003, n = m = 256';
  return [
    { problem, engine: 'hand-written Float64Array loops', run: () => seedGradient(W, x, y, n, m) },
    { problem, engine: 'tfjs-core tf.grad, CPU backend', run: () => tf.tidy(() => grad(tW).dataSync()) },
    { problem, engine: 'matdiff evaluate() (nested arrays in and out)', run: () => evaluate(g, given) },
    { problem, engine: 'matdiff evaluateTerm (flat values)', run: () => evaluateTerm(g, env, floatField).data },
    { problem, engine: 'matdiff exported JS fAndG (value and gradient)', run: () => js.fAndG({ W, x, y }, { n, m }).gradient.W! },
    { problem, engine: 'matdiff exported JS fAndG, into `out`', run: reuse((out) => js.fAndG({ W, x, y }, { n, m }, out), 'W') },
  ];
}

/** fAndG run with the previous result as `out`, as a training loop calls it: nothing allocated */
function reuse(call: (out?: unknown) => { gradient: Record<string, Float64Array> }, name: string): () => Float64Array {
  let last: { gradient: Record<string, Float64Array> } | undefined;
  return () => (last = call(last)).gradient[name]!;
}

function mlpRows(tf: Tf, js: Exported): Row[] {
  const [d, h, N] = [64, 64, 128];
  const draw = values(7, 1);
  const p: Mlp = { d, h, N, W1: draw(h * d).map((v) => v / 8), X: draw(d * N), b1: draw(h), W2: draw(d * h).map((v) => v / 8), b2: draw(d), Y: draw(d * N) };
  const g = derive(MLP.expr, { wrt: MLP.wrt, vars: MLP.vars }).gradient.term;
  const given = { W1: nested(p.W1, h, d), X: nested(p.X, d, N), b1: Array.from(p.b1), W2: nested(p.W2, d, h), b2: Array.from(p.b2), Y: nested(p.Y, d, N) };
  const env = {
    vars: new Map([['W1', flat(p.W1, h, d)], ['X', flat(p.X, d, N)], ['b1', column(p.b1)], ['W2', flat(p.W2, d, h)], ['b2', column(p.b2)], ['Y', flat(p.Y, d, N)]]),
    sizes: new Map([['d', d], ['h', h], ['N', N]]),
  };
  const t = { W1: tf.tensor2d(f32(p.W1), [h, d]), X: tf.tensor2d(f32(p.X), [d, N]), b1: tf.tensor2d(f32(p.b1), [h, 1]), W2: tf.tensor2d(f32(p.W2), [d, h]), b2: tf.tensor2d(f32(p.b2), [d, 1]), Y: tf.tensor2d(f32(p.Y), [d, N]) };
  const grad = tf.grad((w1: Tensor) => {
    const H = tf.tanh(tf.add(tf.matMul(w1, t.X), t.b1));
    return tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.add(tf.matMul(t.W2, H), t.b2), t.Y))));
  });
  const problem = '2-layer MLP, d = 64, hidden 64, N = 128';
  return [
    { problem, engine: 'hand-written Float64Array loops', run: () => mlpGradient(p) },
    { problem, engine: 'tfjs-core tf.grad, CPU backend', run: () => tf.tidy(() => grad(t.W1).dataSync()) },
    { problem, engine: 'matdiff evaluate() (nested arrays in and out)', run: () => evaluate(g, given) },
    { problem, engine: 'matdiff evaluateTerm (flat values)', run: () => evaluateTerm(g, env, floatField).data },
    { problem, engine: 'matdiff exported JS fAndG (value and gradient)', run: () => js.fAndG({ W1: p.W1, X: p.X, b1: p.b1, W2: p.W2, b2: p.b2, Y: p.Y }, { d, h, N }).gradient.W1! },
    { problem, engine: 'matdiff exported JS fAndG, into `out`', run: reuse((out) => js.fAndG({ W1: p.W1, X: p.X, b1: p.b1, W2: p.W2, b2: p.b2, Y: p.Y }, { d, h, N }, out), 'W1') },
  ];
}

function median(run: () => unknown): number {
  for (let r = 0; r < WARM_UP; r++) run();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1]!;
}

const flatten = (g: ArrayLike<number> | number[][]): ArrayLike<number> => (Array.isArray(g) && Array.isArray(g[0]) ? (g as number[][]).flat() : (g as ArrayLike<number>));

/** max |a − b| / max |b| */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    diff = Math.max(diff, Math.abs(a[k]! - b[k]!));
    scale = Math.max(scale, Math.abs(b[k]!));
  }
  return diff / scale;
}

/**
 * The table, as lines; throws where an engine's gradient is not the loops' (beyond float32 rounding).
 * `verdicts` says, per problem, whether the exported JS is at least as fast as tfjs's autodiff and
 * within 2× of the loops (the targets the export is held to).
 */
export async function compareTable(tf: Tf): Promise<{ lines: string[]; verdicts: string[]; ok: boolean }> {
  const table: string[][] = [['problem', 'engine', 'ms', '× loops', 'max rel. diff']];
  const verdicts: string[] = [];
  let ok = true;
  const [seedJs, mlpJs] = [await exported('seed003', SEED.expr, SEED.wrt, SEED.vars), await exported('mlp', MLP.expr, MLP.wrt, MLP.vars)];
  for (const rows of [seedRows(tf, seedJs), mlpRows(tf, mlpJs)]) {
    const times = new Map<string, number>();
    const base = rows[0]!;
    const reference = flatten(base.run());
    const baseMs = median(base.run);
    for (const row of rows) {
      const ms = row === base ? baseMs : median(row.run);
      const diff = distance(flatten(row.run()), reference);
      if (!(diff < 1e-4)) throw new Error(`${row.engine} on ${row.problem}: its gradient differs from the loops' by ${diff}`);
      table.push([row.problem, row.engine, ms.toFixed(2), (ms / baseMs).toFixed(2), diff.toExponential(1)]);
      times.set(row.engine, ms);
    }
    const js = times.get('matdiff exported JS fAndG, into `out`')!;
    const tfjs = times.get('tfjs-core tf.grad, CPU backend')!;
    const fast = js <= tfjs && js <= 2 * baseMs;
    ok &&= fast;
    verdicts.push(`${base.problem}: exported JS ${js.toFixed(2)} ms = ${(js / tfjs).toFixed(2)}× tfjs-core's autodiff (at most 1 required), ${(js / baseMs).toFixed(2)}× the hand-written loops (at most 2 required)${fast ? '' : '  ← MISSED'}`);
  }
  const w = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.flatMap((r, k) => {
    const line = r.map((c, i) => (i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
    return k === 0 ? [line, w.map((n) => '-'.repeat(n)).join('  ')] : [line];
  });
  return { lines, verdicts, ok };
}
