// No false "correct": random well-shaped functions are derived, their gradients mutated
// (transposed, scaled, a matrix product swapped for a Hadamard product or back, a term of a sum
// dropped), and every mutant that differs numerically from the gradient — by an independent
// oracle: plain float evaluation at random points — must be judged wrong by `check`. Mutants that
// happen to equal the gradient (the transpose of a symmetric gradient) must be judged correct.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, derive, toText, type Term } from '../src/index.js';
import { evaluateTerm } from '../src/numeric/evaluate.js';
import { floatField } from '../src/numeric/field.js';
import { fill, type Mat } from '../src/numeric/matrix.js';
import * as b from '../src/core/build.js';
import { mk } from '../src/core/term.js';
import { nodes } from '../src/verify/diagnose.js';

const VARS = 'A: n x n; W: n x m; B: m x m; x: m; u: n; y: n';
const SHAPES: Record<string, [string, string]> = { A: ['n', 'n'], W: ['n', 'm'], B: ['m', 'm'], x: ['m', '1'], u: ['n', '1'], y: ['n', '1'] };

/** mulberry32: a seeded generator, so a failure can be replayed */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type R = ReturnType<typeof rng>;

function vec(r: R, d: number): string {
  if (d <= 0) return r.pick(['u', 'y', 'W*x', 'A*u']);
  const v = () => vec(r, d - 1);
  return r.pick([
    () => `A*(${v()})`, () => `A'*(${v()})`, () => `(${v()}) + (${v()})`, () => `(${v()}) - (${v()})`, () => `(${v()}) .* (${v()})`,
    () => `sigmoid(${v()})`, () => `tanh(${v()})`, () => `2*(${v()})`, () => `Diag(${v()})*(${v()})`, () => `W*(${mvec(r, d - 1)})`,
  ])();
}
function mvec(r: R, d: number): string {
  if (d <= 0) return r.pick(['x', 'B*x']);
  return r.pick([() => 'x', () => `W'*(${vec(r, d - 1)})`, () => `B*(${mvec(r, d - 1)})`, () => `(${mvec(r, d - 1)}) .* x`])();
}
function scalar(r: R): string {
  const d = r.int(1, 3);
  return r.pick([
    () => `(${vec(r, d)})'*(${vec(r, d - 1)})`, () => `sum(${vec(r, d)})`, () => `(${vec(r, d - 1)})'*A*(${vec(r, d - 1)})`,
    () => `(${vec(r, d)}):(${vec(r, d)})`, () => `sum(sigmoid(${vec(r, d)}))`, () => `(${mvec(r, d)})'*(${mvec(r, d)})`,
  ])();
}

function replaceAt(t: Term, at: Term, by: Term): Term {
  const go = (u: Term): Term => (u === at ? by : u.args.length === 0 ? u : mk(u.op, u.args.map(go), u.data));
  return go(t);
}

/** the mutants of a gradient, each with the name of its mutation */
function mutants(g: Term, r: R): { how: string; term: Term }[] {
  const out: { how: string; term: Term }[] = [];
  const tryAdd = (how: string, f: () => Term) => {
    try {
      out.push({ how, term: f() });
    } catch {
      /* the mutation does not fit the shapes */
    }
  };
  tryAdd('transpose', () => b.transpose(g));
  tryAdd('scale', () => b.smul(b.num(r.pick([2, -1, 3, 0.5])), g));
  const ns = nodes(g);
  const muls = ns.filter((u) => u.op === 'mul' && u.args.length >= 2);
  const hads = ns.filter((u) => u.op === 'had');
  const adds = ns.filter((u) => u.op === 'add');
  for (const m of muls.slice(0, 2)) {
    for (let i = 0; i + 1 < m.args.length; i++) {
      const [p, q] = [m.args[i]!, m.args[i + 1]!];
      tryAdd('product → Hadamard', () => {
        const h = mk('had', [p, q.shape.rows === p.shape.rows && q.shape.cols === p.shape.cols ? q : b.transpose(q)]);
        const rest = [...m.args.slice(0, i), h, ...m.args.slice(i + 2)];
        return replaceAt(g, m, rest.length === 1 ? rest[0]! : mk('mul', rest));
      });
    }
  }
  for (const h of hads.slice(0, 2)) tryAdd('Hadamard → product', () => replaceAt(g, h, b.chain([b.transpose(h.args[0]!), ...h.args.slice(1)])));
  for (const a of adds.slice(0, 2)) tryAdd('drop a term', () => replaceAt(g, a, a.args.length === 2 ? a.args[1]! : mk('add', a.args.slice(1))));
  return out;
}

/** the oracle: do the two terms differ anywhere? (float evaluation at random points) */
function differs(a: Term, g: Term, r: R): boolean {
  if (a.shape.rows !== g.shape.rows || a.shape.cols !== g.shape.cols) return true;
  for (let k = 0; k < 3; k++) {
    const n = r.int(2, 4);
    const m = r.int(2, 4);
    const size = (d: string) => (d === 'n' ? n : d === 'm' ? m : 1);
    const vars = new Map<string, Mat<number>>();
    for (const [name, [rows, cols]] of Object.entries(SHAPES)) vars.set(name, fill(size(rows), size(cols), () => r.next() * 2 - 1));
    const env = { vars, sizes: new Map([['n', n], ['m', m]]) };
    const x = evaluateTerm(a, env, floatField).data;
    const y = evaluateTerm(g, env, floatField).data;
    const scale = Math.max(1, ...y.map(Math.abs));
    if (x.some((v, i) => Math.abs(v - y[i]!) > 1e-7 * scale)) return true;
  }
  return false;
}

test('mutants of random derived gradients: every one that differs is judged wrong', () => {
  const r = rng(20241123);
  const t0 = Date.now();
  let total = 0;
  let different = 0;
  const how = new Map<string, number>();
  for (let e = 0; e < 400 && total < 240; e++) {
    const expr = scalar(r);
    const present = Object.keys(SHAPES).filter((v) => new RegExp(`\\b${v}\\b`).test(expr));
    const wrt = r.pick(present);
    const g = derive(expr, { wrt, vars: VARS }).gradient.term;
    for (const mu of mutants(g, r)) {
      total++;
      const isDifferent = differs(mu.term, g, r);
      const c = check(expr, { wrt, vars: VARS, claim: toText(mu.term) });
      if (isDifferent) {
        different++;
        how.set(mu.how, (how.get(mu.how) ?? 0) + 1);
        assert.is(c.verdict, 'wrong', `${mu.how} of ∂/∂${wrt} ${expr}: ${toText(mu.term)}`);
        assert.ok(c.counterexample, `a counterexample for ${toText(mu.term)}`);
      } else assert.is(c.verdict, 'correct', `${mu.how} that equals the gradient of ∂/∂${wrt} ${expr}: ${toText(mu.term)}`);
    }
  }
  const ms = Date.now() - t0;
  console.log(`  ${total} mutants, ${different} differ (${[...how].map(([k, v]) => `${k}: ${v}`).join(', ')}), ${ms} ms`);
  assert.ok(total >= 200, `${total} mutants`);
  assert.ok(different >= 150, `${different} differing mutants`);
  for (const k of ['transpose', 'scale', 'product → Hadamard', 'Hadamard → product', 'drop a term']) assert.ok((how.get(k) ?? 0) > 0, `no differing ${k} mutant`);
});

test('a mutant that equals the gradient (the transpose of a symmetric gradient) is judged correct', () => {
  for (const [expr, wrt] of [["u'*A*u", 'A'], ["x'*B*x", 'B'], ['tr(A)', 'A']] as const) {
    const g = derive(expr, { wrt, vars: VARS }).gradient.term;
    const c = check(expr, { wrt, vars: VARS, claim: toText(b.transpose(g)) });
    assert.is(c.verdict, 'correct', `${expr}: ${toText(b.transpose(g))}`);
  }
});

test.run();
