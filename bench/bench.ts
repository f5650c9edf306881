// `npm run bench`: derive() times for the worked examples and for L-layer network losses,
// L = 1, 2, 4, …, 64, with and without the numeric check, the check alone, and the size of each
// printed gradient; Jacobians and Hessians beside the gradients of the same problems; matdiff's
// evaluation of a derived gradient against TensorFlow.js autodiff and hand-written loops
// (bench/compare.ts); the float kernels over number[] and Float64Array (bench/kernels.ts); then
// the start-up of the installed command (bench/startup.ts). Times are medians over several runs;
// each run renames the variables so no cached term from an earlier run is reused. The numbers
// before the float kernels of issue 14, and what they mean, are in docs/performance.md.
import { derive, jacobian, hessian } from '../src/index.js';
import { checkGradient } from '../src/check/check.js';
import { startupTable } from './startup.js';
import { examples, network, type Case } from './cases.js';
import { compareTable } from './compare.js';
import { kernelTable } from './kernels.js';
import { loadTfjs } from './tfjs.js';

let tag = 0;
function time(c: Case, check: boolean, runs: number): { ms: number; pretty: number; full: number } {
  const times: number[] = [];
  let pretty = 0;
  let full = 0;
  for (let r = 0; r < runs; r++) {
    const t = `_${++tag}`;
    const start = performance.now();
    const d = derive(c.expr(t), { wrt: c.wrt(t), vars: c.vars(t), check });
    times.push(performance.now() - start);
    const p = d.gradient.pretty('text');
    pretty = p.expr.length + p.defs.reduce((s, x) => s + x.name.length + 3 + x.expr.length, 0);
    full = d.gradient.text.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, pretty, full };
}

/** the numeric check alone (checkGradient on the derived gradient, each run on new terms): median ms */
function checkTime(c: Case, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = `_${++tag}`;
    const d = derive(c.expr(t), { wrt: c.wrt(t), vars: c.vars(t), check: false });
    const start = performance.now();
    checkGradient(d.fn, c.wrt(t), d.gradient.term, d.elaborated.vars);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: string[][] = [['case', 'derive ms', 'with check ms', 'check alone ms', 'pretty chars', 'full chars']];
for (const c of examples) {
  const a = time(c, false, 7);
  const b = time(c, true, 5);
  rows.push([c.name, a.ms.toFixed(2), b.ms.toFixed(2), checkTime(c, 7).toFixed(2), String(a.pretty), String(a.full)]);
}
const base = new Map<number, number>();
for (const L of [1, 2, 4, 8, 16, 32, 64]) {
  const c = network(L);
  const a = time(c, false, L >= 32 ? 3 : 7);
  const b = time(c, true, 3);
  base.set(L, a.ms);
  rows.push([c.name, a.ms.toFixed(2), b.ms.toFixed(2), checkTime(c, L >= 32 ? 3 : 5).toFixed(2), String(a.pretty), String(a.full)]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [k, r] of rows.entries()) {
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
const ratio = base.get(64)! / 8 / base.get(8)!;
console.log(`\nlinearity: time(64 layers) / (8 × time(8 layers)) = ${ratio.toFixed(2)} (at most 2 is required; 1 is exactly linear)`);

// Jacobians and Hessians beside the gradient of the same problem, each with its numeric check
interface Higher {
  name: string;
  vars: (t: string) => string;
  wrt: (t: string) => string;
  /** the scalar function (gradient and Hessian) and the vector or matrix function (Jacobian) */
  scalar: (t: string) => string;
  vector: (t: string) => string;
}
const higher: Higher[] = [
  { name: 'σ(Wx) layer, wrt x', vars: (t) => `W${t}: n x m; x${t}: m; y${t}: n`, wrt: (t) => `x${t}`, scalar: (t) => `1/2*norm2(sigmoid(W${t}*x${t}) - y${t})^2`, vector: (t) => `sigmoid(W${t}*x${t})` },
  { name: 'softmax / log-sum-exp', vars: (t) => `z${t}: n`, wrt: (t) => `z${t}`, scalar: (t) => `logsumexp(z${t})`, vector: (t) => `softmax(z${t})` },
  { name: 'logistic regression, wrt w', vars: (t) => `X${t}: N x d; w${t}: d; y${t}: N`, wrt: (t) => `w${t}`, scalar: (t) => `-(y${t}.*log(sigmoid(X${t}*w${t})) + (1-y${t}).*log(1-sigmoid(X${t}*w${t}))):ones(N)`, vector: (t) => `sigmoid(X${t}*w${t})` },
  { name: "tr(X'AX) / AX, wrt X", vars: (t) => `X${t}: n x q; A${t}: n x n`, wrt: (t) => `X${t}`, scalar: (t) => `tr(X${t}'*A${t}*X${t})`, vector: (t) => `A${t}*X${t}` },
  { name: 'logdet(X) / inv(X), wrt X', vars: (t) => `X${t}: n x n`, wrt: (t) => `X${t}`, scalar: (t) => `logdet(X${t})`, vector: (t) => `inv(X${t})` },
];
function median(runs: number, f: (t: string) => void): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = `_${++tag}`;
    const start = performance.now();
    f(t);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
const hrows: string[][] = [['case (each with its check)', 'gradient ms', 'Jacobian ms', 'Hessian ms']];
for (const h of higher) {
  const g = median(5, (t) => derive(h.scalar(t), { wrt: h.wrt(t), vars: h.vars(t) }));
  const j = median(5, (t) => jacobian(h.vector(t), { wrt: h.wrt(t), vars: h.vars(t) }));
  const H = median(5, (t) => hessian(h.scalar(t), { wrt: h.wrt(t), vars: h.vars(t) }));
  hrows.push([h.name, g.toFixed(2), j.toFixed(2), H.toFixed(2)]);
}
console.log('');
const hw = hrows[0]!.map((_, i) => Math.max(...hrows.map((r) => r[i]!.length)));
for (const [k, r] of hrows.entries()) {
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(hw[i]!) : c.padStart(hw[i]!))).join('  '));
  if (k === 0) console.log(hw.map((w) => '-'.repeat(w)).join('  '));
}

console.log('\nevaluating a derived gradient (median ms of 21 runs): matdiff, TensorFlow.js autodiff (float32) and hand-written loops');
const compared = await compareTable(await loadTfjs());
for (const l of compared.lines) console.log(l);
console.log('');
for (const l of compared.verdicts) console.log(l);
if (!compared.ok) process.exitCode = 1;
console.log('\nthe float kernels over plain arrays of doubles and over Float64Arrays (why number[]: docs/performance.md)');
for (const l of kernelTable()) console.log(l);

console.log('\nstart-up (medians of 9 runs, in 3 interleaved rounds):');
const startup = await startupTable();
for (const l of startup.lines) console.log(l);
console.log(`\nthe seed derive takes ${startup.ratio.toFixed(2)}× node -e 0 (at most 3× is required)`);
if (startup.ratio > 3) process.exitCode = 1;
