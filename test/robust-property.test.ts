// Robust property test: ≥ 1,000 random scalar functions from a generator of this file's own
// (test/helpers/robust-expr.ts; fixed seed), built to reach the hard places — det/inv/logdet of
// well-conditioned and of possibly singular arguments (relu(A), x*y', G*G' of low rank), piecewise
// functions (relu, abs, sign, step, norm1), scalars near saturation (sigmoid(20 + a),
// log(sigmoid(a - 30)), exp(a + 30), tanh(30*E)), products, transposes, Hadamard, `:`, traces,
// softmax/logsumexp, sums, elementwise functions and declared facts (symmetric S, spd P, diagonal D).
//
// Each is derived with the public derive() (which runs the engine's own numeric check), and then
// judged by an ORACLE independent of that check and of matdiff's evaluator: the generator builds
// the text and a float evaluator of its own together, and the oracle takes central differences of
// that evaluator entry by entry at random points of its own; a point where steps h and h/10
// disagree (a kink, a jump, too steep) is not used. Only the gradient term is evaluated with
// matdiff's public evaluate().
//
// Required: no wrong answer reported as checked (derive returns, the oracle finds the gradient
// wrong, or undefined, at a reliable point); false check failures (CheckFailed while the oracle
// finds the gradient right) below 0.5%; no internal error (an exception that is no MatdiffError).
// MatdiffError 'unsupported', 'limit' and 'check' (cannot check) are allowed, counted and printed.
// Not judged, counted: no point where the differences can judge (undecided), and a gradient that
// matdiff's evaluate() cannot evaluate because its exp overflows where the oracle's stable
// evaluation does not (gradient-overflow: softmax/logsumexp of large arguments). The oracle keeps
// away from nearly singular matrices under inv/logdet (as from kinks), so a formula undefined at a
// point where f is differentiable is one that is undefined for another reason (0/0, inv of a
// singular matrix that f itself never inverts: det(relu(A)) through det(X)·inv(X)ᵀ).
// On failure, each failure class is shrunk to a minimal expression and printed as a derive() call.
// ROBUST_COUNT and ROBUST_SEED explore further.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, evaluate, CheckFailed, MatdiffError, type Term } from '../src/index.js';
import { Undefined } from '../src/numeric/field.js';
import { Rand, evalAt } from './helpers/numeric.js';
import { Gen, VARS, DECLS, render, varsOf, tagsOf, nodeCount, varLeaf, type Node, type Env, type Sh } from './helpers/robust-expr.js';
import type { M } from './helpers/robust-doubles.js';
import { drawPoint, fdOracle } from './helpers/robust-oracle.js';

const COUNT = Number(process.env.ROBUST_COUNT ?? 2000);
const SEED = Number(process.env.ROBUST_SEED ?? 0x0b0e57);

interface Case {
  root: Node;
  expr: string;
  wrt: string;
}

function generate(count: number, seed: number): Case[] {
  const R = new Rand(seed);
  const out: Case[] = [];
  while (out.length < count) {
    const root = new Gen(R).gen({ r: '1', c: '1' }, R.int(2, 4));
    const vars = [...varsOf(root)].sort();
    if (vars.length === 0 || nodeCount(root) > 60) continue;
    out.push({ root, expr: render(root), wrt: R.pick(vars) });
  }
  return out;
}

// ---- judging one case --------------------------------------------------------------------------

type Cat =
  | 'right' // derive returned (checked) and the oracle agrees
  | 'WRONG' // derive returned (checked) and the oracle finds the gradient wrong: a failure
  | 'UNDEFINED-GRADIENT' // derive returned (checked), f is differentiable at a reliable point, the gradient formula has no value there: a failure
  | 'undecided' // derive returned; the oracle found no point where it can judge
  | 'gradient-overflow' // derive returned; at a reliable point matdiff's evaluate() overflows on the gradient (not judged)
  | 'FALSE-CHECK-FAILURE' // CheckFailed, but the oracle finds the gradient right
  | 'check-caught' // CheckFailed and the oracle finds the gradient wrong or undefined: the check did its job (the engine's formula is wrong)
  | 'check-failed-undecided' // CheckFailed; the oracle cannot judge
  | 'unsupported'
  | 'limit'
  | 'cannot-check' // MatdiffError 'check' that is no CheckFailed
  | 'REJECTED' // another MatdiffError for a well-formed input: a failure
  | 'INTERNAL'; // an exception that is no MatdiffError (in derive, or evaluating its gradient): a failure

const FAILING: Cat[] = ['WRONG', 'UNDEFINED-GRADIENT', 'FALSE-CHECK-FAILURE', 'INTERNAL', 'REJECTED'];

interface Verdict {
  cat: Cat;
  detail: string;
}

const fmt = (m: M) => JSON.stringify(m.map((row) => row.map((x) => Number(x.toPrecision(6)))));

/**
 * G at a point with matdiff's public evaluate() (a constant G such as ones(n,m) has no variable to
 * size it: then the engine's evaluator with the sizes). No value: why (matdiff's Undefined, or a
 * non-finite entry).
 */
function evalGradient(t: Term, env: Env): M | { undefined: string } {
  let g: M;
  try {
    g = evaluate(t, env.vals);
  } catch (e) {
    if (e instanceof Undefined) return { undefined: e.message };
    try {
      g = evalAt(t, { sizes: new Map([['n', env.n], ['m', env.m]]), values: env.vals });
    } catch (e2) {
      if (e2 instanceof Undefined) return { undefined: e2.message };
      throw e;
    }
  }
  return g.every((row) => row.every(Number.isFinite)) ? g : { undefined: `non-finite entries ${fmt(g)}` };
}

type GradVerdict = { kind: 'right' | 'wrong' | 'undefined' | 'overflow' | 'none'; detail: string };

/**
 * The oracle's verdict on the gradient term t of case c, at up to `want` decisive points among
 * `draws` random points: wrong or undefined at any of them, else right.
 */
function judgeGradient(c: Case, t: Term, seed: number, tamper?: (G: M) => M, want = 2, draws = 12): GradVerdict {
  const R = new Rand(seed);
  const vars = varsOf(c.root);
  const seen: Record<string, number> = {};
  let decisive = 0;
  for (let k = 0; k < draws && decisive < want; k++) {
    const env = drawPoint(R, vars);
    const o = fdOracle(c.root, c.wrt, env, R);
    seen[o.status] = (seen[o.status] ?? 0) + 1;
    if (o.status !== 'ok') continue;
    decisive++;
    const at = `n = ${env.n}, m = ${env.m}, ${Object.entries(env.vals).map(([k2, v]) => `${k2} = ${fmt(v)}`).join(', ')}`;
    const G0 = evalGradient(t, env);
    const G = !('undefined' in G0) && tamper ? tamper(G0) : G0;
    if ('undefined' in G) {
      // matdiff's evaluator overflows in exp (exp(1e3) in softmax/logsumexp) where the oracle's stable evaluation does not: the formula is not judged
      if (/\bexp\([^)]*\) overflows/.test(G.undefined)) return { kind: 'overflow', detail: `evaluate() of the gradient: ${G.undefined} (${at})` };
      return { kind: 'undefined', detail: `the gradient has no value (${G.undefined}) at a point where f is differentiable (${at}; finite differences ${fmt(o.fd)})` };
    }
    if (G.length !== o.fd.length || G[0]!.length !== o.fd[0]!.length) return { kind: 'wrong', detail: `the gradient is ${G.length}×${G[0]!.length}, the variable ${o.fd.length}×${o.fd[0]!.length}` };
    let worst = 0;
    G.forEach((row, i) => row.forEach((g, j) => (worst = Math.max(worst, Math.abs(g - o.fd[i]![j]!) / o.tol[i]![j]!))));
    if (!(worst <= 1)) return { kind: 'wrong', detail: `at ${at}:\n      G  = ${fmt(G)}\n      FD = ${fmt(o.fd)} (error ${worst.toPrecision(3)}× the tolerance)` };
  }
  if (decisive === 0) return { kind: 'none', detail: JSON.stringify(seen) };
  return { kind: 'right', detail: '' };
}

function judge(c: Case, seed: number, decls = DECLS): Verdict {
  let d;
  try {
    d = derive(c.expr, { wrt: c.wrt, vars: decls });
  } catch (e) {
    if (e instanceof CheckFailed) {
      let v: GradVerdict;
      try {
        // before calling a failed check false, look harder: a formula that has no value on a small
        // set where f is differentiable (relu(M)/norm2(relu(M)) where M < 0) is rightly refused
        v = judgeGradient(c, e.derivation.gradient.term, seed, undefined, 100, 100);
      } catch (e2) {
        return { cat: 'INTERNAL', detail: `evaluate() of the gradient threw ${(e2 as Error).name}: ${(e2 as Error).message}` };
      }
      const said = e.message.replace(/^the numeric check FAILED for /, '');
      if (v.kind === 'right') return { cat: 'FALSE-CHECK-FAILURE', detail: `CheckFailed, but the oracle finds it right: ${said}` };
      if (v.kind === 'none' || v.kind === 'overflow') return { cat: 'check-failed-undecided', detail: said };
      return { cat: 'check-caught', detail: `${said}; oracle: ${v.detail}` };
    }
    if (e instanceof MatdiffError) {
      if (e.kind === 'unsupported' || e.kind === 'limit') return { cat: e.kind, detail: e.message };
      if (e.kind === 'check') return { cat: 'cannot-check', detail: e.message };
      return { cat: 'REJECTED', detail: `MatdiffError '${e.kind}': ${e.message}` };
    }
    return { cat: 'INTERNAL', detail: `${(e as Error)?.name}: ${(e as Error)?.message}\n      ${((e as Error)?.stack ?? '').split('\n').slice(1, 4).join('\n      ')}` };
  }
  const g = d.gradient;
  let v: GradVerdict;
  try {
    v = judgeGradient(c, g.term, seed);
  } catch (e) {
    return { cat: 'INTERNAL', detail: `evaluate() of the gradient ${g.text} threw ${(e as Error).name}: ${(e as Error).message}` };
  }
  const said = `checked (${g.check?.method}) ∂f/∂${c.wrt} = ${g.text}`;
  if (v.kind === 'right') return { cat: 'right', detail: '' };
  if (v.kind === 'none') return { cat: 'undecided', detail: v.detail };
  if (v.kind === 'overflow') return { cat: 'gradient-overflow', detail: `${said}\n      ${v.detail}` };
  return { cat: v.kind === 'wrong' ? 'WRONG' : 'UNDEFINED-GRADIENT', detail: `${said}\n      ${v.detail}` };
}

// ---- shrinking a failure to a minimal expression -------------------------------------------------

const sameClass = (a: Verdict, b: Verdict) => a.cat === b.cat && (a.cat !== 'INTERNAL' || norm(a.detail) === norm(b.detail));
const norm = (s: string) => s.split('\n')[0]!.replace(/`[^`]*`/g, '`…`').replace(/\d+/g, '#').slice(0, 80);

/** every node with the path to it */
function nodesOf(n: Node, path: number[] = [], out: { n: Node; path: number[] }[] = []) {
  out.push({ n, path });
  n.kids.forEach((k, i) => nodesOf(k, [...path, i], out));
  return out;
}
function replaceAt(n: Node, path: number[], by: Node): Node {
  if (path.length === 0) return by;
  const kids = n.kids.map((k, i) => (i === path[0] ? replaceAt(k, path.slice(1), by) : k));
  return { ...n, kids };
}
const sameShape = (a: Sh, b: Sh) => a.r === b.r && a.c === b.c;

/** smaller trees for the one at `root`: a node replaced by a descendant of its shape, or by a variable of its shape */
function* candidates(root: Node, wrt: string): Generator<Node> {
  const leaves = (sh: Sh) => [...VARS.filter((v) => v.r === sh.r && v.c === sh.c)].sort((a, b) => Number(b.name === wrt) - Number(a.name === wrt)).map(varLeaf);
  for (const { n, path } of nodesOf(root)) {
    if (n.def) yield replaceAt(root, path, { ...n, def: false });
    for (const { n: d } of nodesOf(n).slice(1)) if (sameShape(d.sh, n.sh)) yield replaceAt(root, path, d);
    if (n.kids.length > 0) for (const l of leaves(n.sh)) yield replaceAt(root, path, l);
  }
}

function shrink(c: Case, seed: number, v: Verdict, budget: { calls: number; until: number }): { c: Case; v: Verdict } {
  let best = { c, v };
  let improved = true;
  while (improved && budget.calls > 0 && Date.now() < budget.until) {
    improved = false;
    for (const root of candidates(best.c.root, best.c.wrt)) {
      if (budget.calls <= 0 || Date.now() >= budget.until) break;
      if (!varsOf(root).has(best.c.wrt)) continue;
      const expr = render(root);
      if (expr.length > best.c.expr.length || (expr.length === best.c.expr.length && nodeCount(root) >= nodeCount(best.c.root))) continue;
      budget.calls--;
      const cc = { root, expr, wrt: best.c.wrt };
      const vv = judge(cc, seed);
      if (sameClass(vv, v)) {
        best = { c: cc, v: vv };
        improved = true;
        break;
      }
    }
  }
  return best;
}

/** the declarations of the variables in an expression only */
const declsOf = (c: Case) => {
  const used = varsOf(c.root);
  return DECLS.split('; ').filter((d) => used.has(d.split(':')[0]!)).join('; ');
};
const call = (c: Case, decls: string) => `derive(${JSON.stringify(c.expr)}, { wrt: '${c.wrt}', vars: ${decls} })`;

// ---- the tests -----------------------------------------------------------------------------------

const CASES = generate(COUNT, SEED);

test('robust property: the generator is deterministic and reaches the hard places', () => {
  assert.equal(generate(20, SEED).map((c) => c.expr), CASES.slice(0, 20).map((c) => c.expr));
  const all = CASES.map((c) => c.expr).join('\n');
  const want: [string, number][] = [
    ['det(', 40], ['inv(', 40], ['logdet(', 40], ['^-1', 5], ['det(relu(', 5], ['logdet(relu(', 3], ['inv(relu(', 3],
    ['relu(', 40], ['abs(', 40], ['sign(', 20], ['step(', 20], ['norm1(', 20], ['norm2(', 10],
    ['sigmoid(20 + ', 5], ['log(sigmoid(', 10], ['exp(', 40], ['exp(30 + ', 5], ['log(1 + exp(40 + ', 3], ['tanh(30*', 3], ['tanh(100*', 3],
    ['softmax(', 30], ['logsumexp(', 20], ['tr(', 40], ['sum(', 40], [' : ', 40], [' .* ', 40], [' ./ ', 10], ["'", 100],
    ['Diag(', 20], ['diag(', 10], ['^2', 10], ['q1 = ', 20], ['ones(', 10], ['I(', 20],
  ];
  for (const [tok, min] of want) {
    const n = all.split(tok).length - 1;
    assert.ok(n >= min, `the generator produced \`${tok}\` only ${n} times (want ${min})`);
  }
  const wrts = new Map<string, number>();
  for (const c of CASES) wrts.set(c.wrt, (wrts.get(c.wrt) ?? 0) + 1);
  for (const v of VARS) assert.ok((wrts.get(v.name) ?? 0) >= 15, `only ${wrts.get(v.name) ?? 0} cases differentiate with respect to ${v.name}`);
});

test('robust property: the oracle finds a gradient 1% off (or 1e-4 off zero) wrong', () => {
  let right = 0;
  const missed: string[] = [];
  CASES.slice(0, 300).forEach((c, i) => {
    let t: Term;
    try {
      t = derive(c.expr, { wrt: c.wrt, vars: DECLS }).gradient.term;
    } catch {
      return;
    }
    const seed = 7919 * i + 1;
    if (judgeGradient(c, t, seed).kind !== 'right') return;
    right++;
    // 1% of the largest entry (at least 1e-4) added to it
    const tamper = (G: M): M => {
      let [bi, bj] = [0, 0];
      G.forEach((row, i2) => row.forEach((x, j) => Math.abs(x) > Math.abs(G[bi]![bj]!) && ([bi, bj] = [i2, j])));
      return G.map((row, i2) => row.map((x, j) => (i2 === bi && j === bj ? x + 0.01 * Math.max(Math.abs(x), 1e-2) : x)));
    };
    const v = judgeGradient(c, t, seed, tamper);
    if (v.kind !== 'wrong') missed.push(`#${i} ${call(c, 'DECLS')}: ${v.kind}`);
  });
  assert.ok(right >= 200, `only ${right} of 300 judged right`);
  assert.ok(missed.length === 0, `the oracle took ${missed.length} tampered gradients for right:\n${missed.slice(0, 8).join('\n')}`);
});

test(`robust property: ${COUNT} random functions, judged by finite differences of an evaluator of their own`, () => {
  const t0 = Date.now();
  const counts = new Map<Cat, number>();
  const byCat = new Map<Cat, { i: number; c: Case; v: Verdict }[]>();
  CASES.forEach((c, i) => {
    const v = judge(c, 7919 * i + 1);
    counts.set(v.cat, (counts.get(v.cat) ?? 0) + 1);
    if (!byCat.has(v.cat)) byCat.set(v.cat, []);
    byCat.get(v.cat)!.push({ i, c, v });
  });
  const tJudge = (Date.now() - t0) / 1000;
  const order: Cat[] = ['right', 'undecided', 'gradient-overflow', 'WRONG', 'UNDEFINED-GRADIENT', 'FALSE-CHECK-FAILURE', 'check-caught', 'check-failed-undecided', 'cannot-check', 'unsupported', 'limit', 'REJECTED', 'INTERNAL'];
  console.log(`  robust property: ${COUNT} functions in ${tJudge.toFixed(1)} s: ${order.map((k) => `${k} ${counts.get(k) ?? 0}`).join(', ')}`);
  const perVar = VARS.map((v) => `${v.name} ${(byCat.get('right') ?? []).filter((x) => x.c.wrt === v.name).length}`).join(', ');
  console.log(`  judged right, by variable: ${perVar}`);
  for (const k of ['cannot-check', 'unsupported', 'limit', 'check-caught', 'check-failed-undecided', 'gradient-overflow'] as Cat[]) {
    const xs = byCat.get(k) ?? [];
    if (xs.length) console.log(`  ${k} (${xs.length}), e.g.:\n${xs.slice(0, 3).map((x) => `    #${x.i} ${call(x.c, 'DECLS')}\n      ${x.v.detail.split('\n')[0]!.slice(0, 300)}`).join('\n')}`);
  }

  // failure classes: shrink the first few failures of each category, then group by the shrunk operators
  const problems: string[] = [];
  const budget = { calls: 1500, until: Date.now() + 25_000 };
  for (const cat of FAILING) {
    const xs = byCat.get(cat) ?? [];
    if (!xs.length) continue;
    const classes = new Map<string, { c: Case; v: Verdict; n: number; from: number[] }>();
    // INTERNAL: one per message; others: up to 6 shrunk, the rest counted against the classes found
    const reps: typeof xs = [];
    const seenMsg = new Set<string>();
    for (const x of xs) {
      const key = cat === 'INTERNAL' || cat === 'REJECTED' ? norm(x.v.detail) : String(reps.length);
      if (seenMsg.has(key) || (cat !== 'INTERNAL' && cat !== 'REJECTED' && reps.length >= 6)) continue;
      seenMsg.add(key);
      reps.push(x);
    }
    for (const x of reps) {
      const s = shrink(x.c, 7919 * x.i + 1, x.v, budget);
      const tags = [...tagsOf(s.c.root)].filter((t) => t !== 'var' && t !== 'num').sort().join(',');
      const key = cat === 'INTERNAL' || cat === 'REJECTED' ? norm(x.v.detail) : tags;
      const prev = classes.get(key);
      if (!prev || s.c.expr.length < prev.c.expr.length) classes.set(key, { ...s, n: prev?.n ?? 0, from: prev?.from ?? [] });
      classes.get(key)!.from.push(x.i);
    }
    for (const x of xs) {
      // attribute every failure to the first class whose operators its expression contains
      const tags = tagsOf(x.c.root);
      const cls = [...classes.entries()].find(([k, v]) => (cat === 'INTERNAL' || cat === 'REJECTED' ? norm(x.v.detail) === k : [...tagsOf(v.c.root)].every((t) => tags.has(t))));
      if (cls) cls[1].n++;
    }
    const lines = [...classes.values()].sort((a, b) => b.n - a.n).map((k) => {
      // the repro with only the declarations it needs, when it still fails the same way
      const small = declsOf(k.c);
      const repro = sameClass(judge(k.c, 7919 * k.from[0]! + 1, small), k.v) ? call(k.c, `'${small}'`) : call(k.c, 'DECLS');
      return `  [${cat}] ~${k.n} of the ${xs.length} (first #${k.from[0]}): ${repro}\n      ${k.v.detail.split('\n').join('\n    ')}`;
    });
    problems.push(`${cat}: ${xs.length} case(s), ${classes.size} class(es) found by shrinking:\n${lines.join('\n')}`);
    // and the first raw failures, unshrunk
    problems.push(`  first ${cat} inputs as generated:\n${xs.slice(0, 3).map((x) => `    #${x.i} ${call(x.c, 'DECLS')}`).join('\n')}`);
  }
  const secs = (Date.now() - t0) / 1000;
  if (problems.length) problems.unshift(`(DECLS = '${DECLS}')`);
  if (problems.length) console.log(`\n  robust property: failure classes (shrunk; ${secs.toFixed(1)} s in all):\n${problems.join('\n')}\n`);

  const n = (k: Cat) => counts.get(k) ?? 0;
  const judged = n('right') + n('WRONG') + n('UNDEFINED-GRADIENT') + n('FALSE-CHECK-FAILURE') + n('check-caught');
  const summary = `${COUNT} functions: ${order.map((k) => `${k} ${n(k)}`).join(', ')}\n${problems.join('\n')}`;
  assert.ok(judged >= COUNT * 0.7, `the oracle judged only ${judged} of ${COUNT} functions\n${summary}`);
  assert.ok(n('INTERNAL') === 0, `${n('INTERNAL')} internal errors\n${summary}`);
  assert.ok(n('REJECTED') === 0, `${n('REJECTED')} well-formed inputs rejected\n${summary}`);
  assert.ok(n('WRONG') + n('UNDEFINED-GRADIENT') === 0, `${n('WRONG')} wrong answers and ${n('UNDEFINED-GRADIENT')} gradients undefined where f is differentiable, reported as checked\n${summary}`);
  assert.ok(n('FALSE-CHECK-FAILURE') < COUNT * 0.005, `${n('FALSE-CHECK-FAILURE')} false check failures (${((100 * n('FALSE-CHECK-FAILURE')) / COUNT).toFixed(2)}%, limit 0.5%)\n${summary}`);
});

test.run();
