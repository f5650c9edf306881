// `npm run bench`: derive() times for the worked examples and for L-layer network losses,
// L = 1, 2, 4, …, 64, with the size of each printed gradient; Jacobians and Hessians beside the
// gradients of the same problems; then the start-up of the installed
// command (bench/startup.ts). Times are medians over several
// runs; each run renames the variables so no cached term from an earlier run is reused.
import { derive, jacobian, hessian } from '../src/index.js';
import { startupTable } from './startup.js';

interface Case {
  name: string;
  expr: (tag: string) => string;
  wrt: (tag: string) => string;
  vars: (tag: string) => string;
}

const examples: Case[] = [
  { name: 'seed 003: ½‖σ(Wx) − y‖²', expr: (t) => `v = W${t}*x${t}; s = sigmoid(v); E = 1/2*(s - y${t}):(s - y${t})`, wrt: (t) => `W${t}`, vars: (t) => `W${t}: n x m; x${t}: m; y${t}: n` },
  { name: "x'Ax", expr: (t) => `x${t}'*A${t}*x${t}`, wrt: (t) => `x${t}`, vars: (t) => `x${t}: n; A${t}: n x n` },
  { name: 'tr(AXB)', expr: (t) => `tr(A${t}*X${t}*B${t})`, wrt: (t) => `X${t}`, vars: (t) => `A${t}: k x n; X${t}: n x m; B${t}: m x k` },
  { name: 'logdet(X)', expr: (t) => `logdet(X${t})`, wrt: (t) => `X${t}`, vars: (t) => `X${t}: n x n spd` },
  { name: 'softmax cross-entropy', expr: (t) => `-y${t}'*log(softmax(z${t}))`, wrt: (t) => `z${t}`, vars: (t) => `y${t}: n onehot; z${t}: n` },
  { name: 'Gaussian log-likelihood', expr: (t) => `1/2*logdet(S${t}) + 1/2*(x${t} - u${t})'*inv(S${t})*(x${t} - u${t})`, wrt: (t) => `S${t}`, vars: (t) => `S${t}: n x n spd; x${t}: n; u${t}: n` },
];

function network(L: number): Case {
  return {
    name: `${L}-layer network`,
    expr: (t) => {
      const lines = [`a0 = x${t}`];
      for (let l = 1; l <= L; l++) lines.push(`a${l} = sigmoid(W${l}${t}*a${l - 1} + b${l}${t})`);
      lines.push(`E = 1/2*(a${L} - y${t}):(a${L} - y${t})`);
      return lines.join('; ');
    },
    wrt: (t) => `W1${t}`,
    vars: (t) => [`x${t}: n`, `y${t}: n`, ...Array.from({ length: L }, (_, i) => `W${i + 1}${t}: n x n; b${i + 1}${t}: n`)].join('; '),
  };
}

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

const rows: string[][] = [['case', 'derive ms', 'with check ms', 'pretty chars', 'full chars']];
for (const c of examples) {
  const a = time(c, false, 7);
  const b = time(c, true, 3);
  rows.push([c.name, a.ms.toFixed(2), b.ms.toFixed(2), String(a.pretty), String(a.full)]);
}
const base = new Map<number, number>();
for (const L of [1, 2, 4, 8, 16, 32, 64]) {
  const c = network(L);
  const a = time(c, false, L >= 32 ? 3 : 7);
  const b = time(c, true, 1);
  base.set(L, a.ms);
  rows.push([c.name, a.ms.toFixed(2), b.ms.toFixed(2), String(a.pretty), String(a.full)]);
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

console.log('\nstart-up (medians of 9 runs, in 3 interleaved rounds):');
const startup = await startupTable();
for (const l of startup.lines) console.log(l);
console.log(`\nthe seed derive takes ${startup.ratio.toFixed(2)}× node -e 0 (at most 3× is required)`);
if (startup.ratio > 3) process.exitCode = 1;
