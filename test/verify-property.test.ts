// The judge against an oracle of its own: several hundred claims — true rewrites of derived
// gradients and numerically different mutants — each judged by `check`, and each classified by an
// oracle independent of the judge:
//   the oracle evaluates the claim and the gradient through the public evaluate() at random
//   non-integer points, and at points just either side of every kink of relu, abs, sign, step and
//   norm1 it can find (its own secant step on one entry of one variable, through evaluate());
//   it says "different" only with a point where they differ by more than 1e-6 (relative to
//   1 + their size), and "same" when they agree at every one of its points (at least 15; points
//   where both values are nonzero but below 1e-4, as where tanh saturates, are left out: there
//   doubles cannot tell two forms apart, and the oracle makes no claim).
// A claim the oracle calls different must not be judged correct; one it calls the same must not be
// judged wrong; and neither may be left undecided here (these functions are well conditioned, and
// every kink lies where a line search reaches it). Every wrong verdict comes with a counterexample
// whose printed values differ. For a symmetric variable, the oracle compares the claim's symmetric
// part ½(C + Cᵀ) (only that part meets a symmetric dS).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, derive, evaluate, toText, type Term } from '../src/index.js';
import * as b from '../src/core/build.js';
import { mk } from '../src/core/term.js';
import { Rand, variablesOf } from './helpers/numeric.js';

const V = 'a: scalar; b: scalar; x: n; y: n; u: m; W: n x m; A: n x n; S: n x n symmetric; B: m x m';
const V_FREE = V.replace(' symmetric', '');
const SIZES: Record<string, number> = { n: 3, m: 2 };
const SHAPES: Record<string, [number, number]> = { a: [1, 1], b: [1, 1], x: [3, 1], y: [3, 1], u: [2, 1], W: [3, 2], A: [3, 3], S: [3, 3], B: [2, 2] };
const PIECEWISE = new Set(['relu', 'abs', 'sign', 'step', 'norm1']);

// ---- the functions --------------------------------------------------------------------------

const OFFSETS = ['1/3', '1/2', '2/3', '1/4', '-1/3', '-1/2', '3/4', '5/3', '2/5'];

/** [expression, the variables it may be differentiated for] */
function functions(r: Rand): [string, string[]][] {
  const c = () => r.pick(OFFSETS);
  return [
    // rational
    ["x'*A*x", ['x', 'A']],
    ["(W*u - y)'*(W*u - y)", ['W', 'u', 'y']],
    ["x'*S*y", ['S', 'x']],
    ['tr(W*B*W\')', ['W', 'B']],
    ['sum((A*x) .* y)', ['A', 'x']],
    ["x'*S*x", ['S', 'x']],
    ["u'*B*u + a*b^2", ['B', 'u', 'b']],
    // not rational
    ['sum(sigmoid(W*u))', ['W', 'u']],
    ["y'*tanh(W*u)", ['W', 'u']],
    ['logsumexp(W*u)', ['u', 'W']],
    ['sum(log(1 + exp(x)))', ['x']],
    ['1/2*(sigmoid(W*u) - y):(sigmoid(W*u) - y)', ['W', 'u']],
    ["tanh(x'*S*x/4)", ['S', 'x']],
    ['sum(exp(A*x/4) .* y)', ['A', 'x']],
    // saturating: 1 − tanh² is far below the terms 2x and 2·tanh²·x that an expanded claim cancels
    ["tanh(x'*x)", ['x']],
    ['tanh(W:W)', ['W']],
    // piecewise, kinks between the integers
    [`sum(abs(x - ${c()}))`, ['x']],
    [`sum(relu(W*u - ${c()}))`, ['W', 'u']],
    [`1/2*relu(a - ${c()})^2`, ['a']],
    [`abs(a + b - ${c()})`, ['a', 'b']],
    [`sum(relu(x - ${c()}) .* y)`, ['x', 'y']],
    [`norm1(x - ${c()}*y)`, ['x', 'y']],
    [`relu(a - ${c()})*sigmoid(b)`, ['a', 'b']],
    [`sum(step(x - ${c()}) .* x)`, ['x']],
    [`sum(relu(W*u - ${c()}) .* y)`, ['u', 'W']],
    [`sum(abs(S*x - ${c()}))`, ['S', 'x']],
    [`sum(relu(tanh(x) - ${c()}))`, ['x']],
    ((k) => [`(y - relu(a*x - ${k})):(y - relu(a*x - ${k}))`, ['a', 'x']] as [string, string[]])(c()),
  ];
}

// ---- term surgery ---------------------------------------------------------------------------

function nodesOf(t: Term): Term[] {
  const out: Term[] = [];
  const seen = new Set<Term>();
  const walk = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    out.push(u);
    u.args.forEach(walk);
  };
  walk(t);
  return out;
}
function replaceAt(t: Term, at: Term, by: Term): Term {
  const go = (u: Term): Term => (u === at ? by : u.args.length === 0 ? u : mk(u.op, u.args.map(go), u.data));
  return go(t);
}
const isCol = (t: Term) => t.shape.cols === '1' && t.shape.rows !== '1';
const sameShapeAs = (p: Term, q: Term) => p.shape.rows === q.shape.rows && p.shape.cols === q.shape.cols;

interface Claim {
  kind: string;
  /** a true rewrite (by construction); the oracle decides all the same */
  rewrite: boolean;
  text: string;
  term: Term;
}

/** true rewrites of the gradient g */
function rewrites(g: Term, r: Rand, free?: Term): Claim[] {
  const out: Claim[] = [];
  const add = (kind: string, f: () => Term | [string, Term]) => {
    try {
      const x = f();
      const [text, term] = Array.isArray(x) ? x : [toText(x), x];
      out.push({ kind, rewrite: true, text, term });
    } catch {
      /* does not fit */
    }
  };
  const ns = nodesOf(g);
  add('transposed twice', () => [`((${toText(g)})')'`, b.transpose(b.transpose(g))]);
  const sums = ns.filter((u) => u.op === 'add' && u.args.length >= 2);
  if (sums.length) add('reordered sum', () => { const s = r.pick(sums); return replaceAt(g, s, mk('add', [...s.args].reverse(), s.data)); });
  const expandable = ns.filter((u) => (u.op === 'mul' || u.op === 'had' || u.op === 'smul') && u.args.some((a) => a.op === 'add'));
  if (expandable.length) {
    add('expanded product', () => {
      const m = r.pick(expandable);
      const i = m.args.findIndex((a) => a.op === 'add');
      const parts = m.args[i]!.args.map((p) => mk(m.op, [...m.args.slice(0, i), p, ...m.args.slice(i + 1)], m.data));
      return replaceAt(g, m, mk('add', parts));
    });
  }
  const hads = ns.filter((u) => u.op === 'had' && u.args.length === 2 && isCol(u.args[0]!) && sameShapeAs(u.args[0]!, u.args[1]!));
  if (hads.length) add('Diag for Hadamard', () => { const h = r.pick(hads); return replaceAt(g, h, b.mul(b.apply('Diag', [h.args[0]!]), h.args[1]!)); });
  const named = ns.filter((u) => u.args.length > 0 && u.op !== 'num' && u !== g && !u.hasDiff);
  if (named.length) {
    add('with a definition', () => {
      const u = r.pick(named);
      const rest = replaceAt(g, u, b.variable('t1', u.shape));
      return [`t1 = ${toText(u)}; ${toText(rest)}`, rest === g ? g : replaceAt(rest, b.variable('t1', u.shape), u)];
    });
  }
  // piecewise identities that hold away from the kinks
  const pw = ns.filter((u) => ['sign', 'relu', 'abs', 'step'].includes(u.op));
  if (pw.length) {
    add('piecewise identity', () => {
      const p = r.pick(pw);
      const z = p.args[0]!;
      const one = b.isScalar(z) ? b.num(1) : b.ones(z.shape);
      const by =
        p.op === 'sign' ? b.add(b.smul(b.num(2), b.apply('step', [z])), b.neg(one))
        : p.op === 'relu' ? b.had(z, b.apply('step', [z]))
        : p.op === 'abs' ? b.had(z, b.apply('sign', [z]))
        : b.smul(b.num('1/2'), b.add(b.apply('sign', [z]), one));
      return replaceAt(g, p, by);
    });
  }
  if (free) {
    add('symmetric variable: unprojected form', () => free);
    add('symmetric variable: unprojected, transposed', () => b.transpose(free));
  }
  return out;
}

/** mutants of the gradient g */
function mutants(g: Term, r: Rand): Claim[] {
  const out: Claim[] = [];
  const add = (kind: string, f: () => Term) => {
    try {
      const term = f();
      out.push({ kind, rewrite: false, text: toText(term), term });
    } catch {
      /* does not fit */
    }
  };
  const ns = nodesOf(g);
  add('transpose', () => b.transpose(g));
  add('scale', () => b.smul(b.num(r.pick([2, 3, -2])), g));
  add('sign', () => b.neg(g));
  const sums = ns.filter((u) => u.op === 'add' && u.args.length >= 2);
  if (sums.length) add('dropped term', () => { const s = r.pick(sums); return replaceAt(g, s, s.args.length === 2 ? s.args[r.int(0, 1)]! : mk('add', s.args.slice(1), s.data)); });
  const muls = ns.filter((u) => u.op === 'mul' && u.args.length >= 2);
  if (muls.length) {
    add('product → Hadamard', () => {
      const m = r.pick(muls);
      const [p, q] = [m.args[0]!, m.args[1]!];
      const h = mk('had', [p, sameShapeAs(p, q) ? q : b.transpose(q)]);
      const rest = [h, ...m.args.slice(2)];
      return replaceAt(g, m, rest.length === 1 ? rest[0]! : mk('mul', rest));
    });
  }
  const hads = ns.filter((u) => u.op === 'had');
  if (hads.length) add('Hadamard → product', () => { const h = r.pick(hads); return replaceAt(g, h, b.chain([b.transpose(h.args[0]!), ...h.args.slice(1)])); });
  // piecewise: the kink moved by a fraction, or its offset dropped
  const pw = ns.filter((u) => PIECEWISE.has(u.op));
  if (pw.length) {
    add('piecewise: kink moved', () => {
      const p = r.pick(pw);
      const z = p.args[0]!;
      const c = b.num(r.pick([1, -1, 1, 2]) / r.pick([3, 4, 5, 2]));
      return replaceAt(g, p, mk(p.op, [b.add(z, b.isScalar(z) ? c : b.smul(c, b.ones(z.shape)))], p.data));
    });
    const withOffset = pw.filter((p) => p.args[0]!.op === 'add');
    if (withOffset.length) {
      add('piecewise: offset dropped', () => {
        const p = r.pick(withOffset);
        const kept = p.args[0]!.args.filter((a) => !(a.op === 'num' || (a.op === 'smul' && a.args.some((x) => x.op === 'ones')) || nodesOf(a).every((x) => x.op !== 'var')));
        if (kept.length === 0 || kept.length === p.args[0]!.args.length) throw new Error('no offset');
        return replaceAt(g, p, mk(p.op, [kept.length === 1 ? kept[0]! : mk('add', kept)], p.data));
      });
    }
    add('piecewise: sign for step', () => {
      const s = pw.filter((p) => p.op === 'step' || p.op === 'sign');
      if (!s.length) throw new Error('none');
      const p = r.pick(s);
      return replaceAt(g, p, mk(p.op === 'step' ? 'sign' : 'step', p.args, p.data));
    });
  }
  return out;
}

// ---- the oracle -----------------------------------------------------------------------------

type Values = Record<string, number[][]>;
const mat = (rows: number, cols: number, f: (i: number, j: number) => number) => Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
const clone = (v: Values): Values => Object.fromEntries(Object.entries(v).map(([k, m]) => [k, m.map((row) => [...row])]));

function randomValues(r: Rand, names: readonly string[]): Values {
  const v: Values = {};
  for (const name of names) {
    const [rows, cols] = SHAPES[name]!;
    v[name] = mat(rows, cols, () => (r.next() * 2 - 1) * r.pick([0.25, 0.5, 1, 2, 3]));
  }
  if (v.S) v.S = mat(3, 3, (i, j) => (i <= j ? v.S![i]![j]! : v.S![j]![i]!));
  return v;
}
function setEntry(v: Values, name: string, i: number, j: number, value: number) {
  v[name]![i]![j] = value;
  if (name === 'S') v[name]![j]![i] = value;
}
const valueOf = (t: Term, v: Values): number[][] | undefined => {
  try {
    const m = evaluate(t, v);
    return m.flat().every(Number.isFinite) ? m : undefined;
  } catch {
    return undefined;
  }
};

/** points just either side of a kink: one entry of one variable moved to where an entry of a piecewise argument is ±ε */
function nearKink(args: Term[], all: readonly string[], r: Rand): Values[] {
  const z = r.pick(args);
  const names = [...variablesOf(z).keys()];
  for (let attempt = 0; attempt < 6; attempt++) {
    const v = randomValues(r, all);
    const u0 = valueOf(z, v);
    if (!u0) continue;
    const k = r.int(0, u0.flat().length - 1);
    const name = r.pick(names);
    if (!SHAPES[name]) throw new Error(`no shape for ${name} in ${toText(z)}`);
    const [rows, cols] = SHAPES[name]!;
    const i = r.int(0, rows - 1);
    const j = r.int(0, cols - 1);
    const t0 = v[name]![i]![j]!;
    const w = clone(v);
    setEntry(w, name, i, j, t0 + 1);
    const u1 = valueOf(z, w);
    if (!u1) continue;
    const [g0, g1] = [u0.flat()[k]!, u1.flat()[k]!];
    if (g1 === g0) continue;
    const root = t0 - g0 / (g1 - g0);
    const eps = 10 ** -r.int(1, 4) * (0.5 + r.next());
    const sides = [-eps, eps].map((e) => {
      const p = clone(v);
      setEntry(p, name, i, j, root + e);
      return p;
    });
    const s = sides.map((p) => valueOf(z, p)?.flat()[k]);
    if (s[0] !== undefined && s[1] !== undefined && Math.sign(s[0]) * Math.sign(s[1]) < 0) return sides;
  }
  return [];
}

type Oracle = { same: true } | { same: false; witness: string };

function oracle(claim: Term, truth: Term, symmetric: boolean, r: Rand): Oracle {
  const kinkArgs = [...nodesOf(claim), ...nodesOf(truth)].filter((u) => PIECEWISE.has(u.op)).map((u) => u.args[0]!).filter((z) => variablesOf(z).size > 0);
  const names = [...variablesOf(claim, truth).keys()];
  const points: Values[] = [];
  for (let k = 0; k < 40; k++) points.push(randomValues(r, names));
  if (kinkArgs.length) for (let k = 0; k < 20; k++) points.push(...nearKink(kinkArgs, names, r));
  let compared = 0;
  for (const p of points) {
    const t = valueOf(truth, p);
    if (!t) continue;
    let c = valueOf(claim, p);
    if (!c) return { same: false, witness: 'the claim has no value where the gradient has one' };
    if (c.length !== t.length || c[0]!.length !== t[0]!.length) return { same: false, witness: `sizes ${c.length}×${c[0]!.length} and ${t.length}×${t[0]!.length}` };
    if (symmetric) c = c.map((row, i) => row.map((x, j) => (x + c![j]![i]!) / 2));
    const size = Math.max(...c.flat().map(Math.abs), ...t.flat().map(Math.abs));
    // a point where both are tiny (a saturated tanh) is left out: doubles cannot tell them apart there
    if (size > 0 && size < 1e-4) continue;
    compared++;
    const scale = 1 + size;
    const bad = c.flat().findIndex((x, i) => Math.abs(x - t.flat()[i]!) > 1e-6 * scale);
    if (bad >= 0) return { same: false, witness: `${c.flat()[bad]} vs ${t.flat()[bad]}` };
  }
  assert.ok(compared >= 15, `the oracle compared only ${compared} points`);
  return { same: true };
}

// ---- the test -------------------------------------------------------------------------------

test('the judge against an independent oracle: no false correct, no false wrong', () => {
  const r = new Rand(20250301);
  const counts = new Map<string, { n: number; different: number; correct: number; wrong: number; undecided: number }>();
  const falses: string[] = [];
  let total = 0;
  const t0 = Date.now();
  {
    for (const [expr, wrts] of functions(r)) {
      for (const wrt of wrts) {
        const g = derive(expr, { wrt, vars: V }).gradient.term;
        const symmetric = wrt === 'S';
        const free = symmetric ? derive(expr, { wrt, vars: V_FREE }).gradient.term : undefined;
        const claims = [...rewrites(g, r, free), ...mutants(g, r)];
        for (const cl of claims) {
          const o = oracle(cl.term, g, symmetric, r);
          const c = check(expr, { wrt, vars: V, claim: cl.text });
          total++;
          const key = `${cl.rewrite ? 'rewrite' : 'mutant'}: ${cl.kind}`;
          const row = counts.get(key) ?? { n: 0, different: 0, correct: 0, wrong: 0, undecided: 0 };
          row.n++;
          if (!o.same) row.different++;
          row[c.verdict]++;
          counts.set(key, row);
          const what = `${key} of ∂/∂${wrt} ${expr}: ${cl.text} (oracle: ${o.same ? 'same' : `different, ${o.witness}`}; judge: ${c.verdict}${c.undecided ? `, ${c.undecided}` : ''})`;
          if (o.same ? c.verdict !== 'correct' : c.verdict !== 'wrong') falses.push(what);
          if (c.verdict === 'wrong') {
            // a counterexample whose printed values differ
            const cx = c.counterexample;
            if (!cx) falses.push(`no counterexample: ${what}`);
            else if (JSON.stringify(cx.claimed) === JSON.stringify(cx.truth)) falses.push(`the counterexample's values print the same: ${what}`);
          }
        }
      }
    }
  }
  const ms = Date.now() - t0;
  console.log(`  ${total} claims in ${ms} ms`);
  for (const [k, v] of [...counts].sort()) console.log(`    ${k.padEnd(52)} ${String(v.n).padStart(4)} (oracle: ${v.n - v.different} same, ${v.different} different) judged ${v.correct} correct, ${v.wrong} wrong, ${v.undecided} undecided`);
  assert.equal(falses, [], falses.slice(0, 5).join('\n'));
  assert.ok(total >= 300, `${total} claims`);
  for (const k of ['rewrite: transposed twice', 'rewrite: reordered sum', 'rewrite: expanded product', 'rewrite: Diag for Hadamard', 'rewrite: with a definition', 'rewrite: piecewise identity', 'rewrite: symmetric variable: unprojected form', 'mutant: transpose', 'mutant: scale', 'mutant: sign', 'mutant: dropped term', 'mutant: product → Hadamard', 'mutant: Hadamard → product', 'mutant: piecewise: kink moved', 'mutant: piecewise: offset dropped']) {
    assert.ok((counts.get(k)?.n ?? 0) > 0, `no claim of kind ${k}`);
  }
});

test.run();
