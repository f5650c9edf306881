// The judge (`matdiff check`) and the facts onehot and prob: a claim that relies on sums of 1 is
// correct where they are declared and wrong where they are not, with a diagnosis that names the
// condition (sum(p) = 1, each column, each row) and the declaration that states it — found the way
// the symmetric diagnosis is, by judging the claim again at values drawn with the fact. Each verdict
// is confirmed by an oracle of this file: the function in plain JavaScript, differentiated by
// central differences, at probability vectors drawn here (the claim agrees there) and at positive
// vectors that do not sum to 1 (it does not).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, evaluate, type Value } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { Fraction } from '../src/core/fraction.js';
import { Rand, relDiff, type Matrix } from './helpers/numeric.js';

const KL = '(p : log(p)) - (p : log(softmax(z)))';
const CLAIM = 'softmax(z) - p';

// ---- the oracle ----------------------------------------------------------------------------------

const col = (xs: number[]): Matrix => xs.map((x) => [x]);
const softmax = (z: number[]) => {
  const e = z.map(Math.exp);
  const s = e.reduce((a, x) => a + x, 0);
  return e.map((x) => x / s);
};
/** KL(p ‖ softmax(z)) = Σ pᵢ log pᵢ − Σ pᵢ log softmax(z)ᵢ */
const kl = (p: number[], z: number[]) => {
  const s = softmax(z);
  return p.reduce((a, x, i) => a + x * Math.log(x) - x * Math.log(s[i]!), 0);
};
/** ∂KL/∂z by central differences */
const gradZ = (p: number[], z: number[]): Matrix =>
  col(
    z.map((_, i) => {
      const h = 1e-4;
      const at = (t: number) => kl(p, z.map((x, j) => (j === i ? x + t : x)));
      return (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h);
    }),
  );
const claimAt = (p: number[], z: number[]): Matrix => evaluate(CLAIM, { p, z } as Record<string, Value>, 'p: k; z: k');

test('the oracle: softmax(z) − p is ∂KL/∂z where sum(p) = 1, and is not where sum(p) ≠ 1', () => {
  const rand = new Rand(7);
  for (let t = 0; t < 5; t++) {
    const w = Array.from({ length: 4 }, () => 0.2 + rand.next());
    const s = w.reduce((a, x) => a + x, 0);
    const p = w.map((x) => x / s);
    const z = Array.from({ length: 4 }, () => rand.normal());
    assert.ok(relDiff(claimAt(p, z), gradZ(p, z)) < 1e-8, 'on the simplex');
    assert.ok(relDiff(claimAt(w, z), gradZ(w, z)) > 1e-3, 'off the simplex');
  }
});

// ---- the verdicts ----------------------------------------------------------------------------------

test('KL: the claim softmax(z) − p is CORRECT with p declared prob', () => {
  const c = check(KL, { wrt: 'z', vars: 'p: k prob; z: k', claim: CLAIM });
  assert.is(c.verdict, 'correct');
  assert.is(c.diagnosis, undefined);
  assert.is(c.gradient.text, 'softmax(z) - p');
  assert.equal(c.variables.find((v) => v.name === 'p')!.facts, ['prob']);
});

test('KL: WRONG without the fact, diagnosed: holds only when sum(p) = 1, declare `p: k prob`', () => {
  const c = check(KL, { wrt: 'z', vars: 'p: k; z: k', claim: CLAIM });
  assert.is(c.verdict, 'wrong');
  assert.ok(c.counterexample, 'a counterexample');
  const d = c.diagnosis!;
  assert.ok(d, 'a diagnosis');
  assert.is(d.kind, 'sums-to-one');
  assert.equal(d.kinds, ['sums-to-one']);
  assert.is(d.variable, 'p');
  assert.is(d.declaration, 'p: k prob');
  assert.match(d.message, 'holds only when sum(p) = 1');
  assert.match(d.message, 'declare it: `p: k prob`');
  // the gradient matdiff gives keeps the sum
  assert.is(c.gradient.text, 'sum(p)*softmax(z) - p');
  // undeclared p (a vector by the letter convention) is diagnosed the same way
  assert.is(check(KL, { wrt: 'z', claim: CLAIM }).diagnosis?.kind, 'sums-to-one');
});

test('KL from the command line: exit 0 with the fact, exit 1 and the diagnosis without it', () => {
  const ok = runCli(['check', KL, '--wrt', 'z', '--claim', CLAIM, '--vars', 'p: k prob; z: k']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Verdict: CORRECT/);
  const wrong = runCli(['check', KL, '--wrt', 'z', '--claim', CLAIM, '--vars', 'p: k; z: k']);
  assert.is(wrong.code, 1, wrong.stderr);
  assert.match(wrong.stdout, /Verdict: WRONG/);
  assert.match(wrong.stdout, /Diagnosis \(sums-to-one\)/);
  assert.match(wrong.stdout, /holds only when sum\(p\) = 1/);
  assert.match(wrong.stdout, /`p: k prob`/);
  // the JSON report carries the declaration
  const json = JSON.parse(runCli(['check', KL, '--wrt', 'z', '--claim', CLAIM, '--vars', 'p: k; z: k', '--format', 'json']).stdout);
  assert.is(json.diagnosis.kind, 'sums-to-one');
  assert.is(json.diagnosis.declaration, 'p: k prob');
});

test('cross-entropy with a one-hot y: the same claim is correct with onehot or prob, and diagnosed without', () => {
  const f = "-y'*log(softmax(z))";
  for (const fact of ['onehot', 'prob']) assert.is(check(f, { wrt: 'z', vars: `y: n ${fact}; z: n`, claim: 'softmax(z) - y' }).verdict, 'correct', fact);
  const d = check(f, { wrt: 'z', vars: 'y: n; z: n', claim: 'softmax(z) - y' }).diagnosis!;
  assert.is(d.kind, 'sums-to-one');
  assert.match(d.message, '`y: n prob`');
  assert.match(d.message, '`y: n onehot`'); // the one-hot alternative, for labels
});

test('a batch, labels as columns: (softmax(W*X) − Y)Xᵀ needs 1ᵀY = 1ᵀ — each column of Y sums to 1', () => {
  const f = '-sum(Y .* log(softmax(W*X)))';
  const claim = "(softmax(W*X) - Y)*X'";
  for (const fact of ['onehot', 'prob']) assert.is(check(f, { wrt: 'W', vars: `Y: k x N ${fact}; X: d x N; W: k x d`, claim }).verdict, 'correct', fact);
  const c = check(f, { wrt: 'W', vars: 'Y: k x N; X: d x N; W: k x d', claim });
  assert.is(c.verdict, 'wrong');
  assert.is(c.diagnosis?.kind, 'sums-to-one');
  assert.is(c.diagnosis?.declaration, 'Y: k x N prob');
  assert.match(c.diagnosis!.message, 'each column of Y sums to 1');
  // labels as rows declared instead: the columns still do not sum to 1, so the claim stays wrong
  assert.is(check(f, { wrt: 'W', vars: 'Y: k x N prob rows; X: d x N; W: k x d', claim }).verdict, 'wrong');
});

test('a batch, labels as rows (row-wise data): X\'(softmax(W\'X\')\' − Y) needs Y𝟏 = 𝟏 — declare `onehot rows`', () => {
  const f = "-sum(Y .* log(softmax((X*W)')'))";
  const claim = "X'*(softmax(W'*X')' - Y)";
  for (const fact of ['onehot rows', 'prob rows']) assert.is(check(f, { wrt: 'W', vars: `Y: N x k ${fact}; X: N x d; W: d x k`, claim }).verdict, 'correct', fact);
  const c = check(f, { wrt: 'W', vars: 'Y: N x k; X: N x d; W: d x k', claim });
  assert.is(c.verdict, 'wrong');
  assert.is(c.diagnosis?.kind, 'sums-to-one');
  assert.is(c.diagnosis?.declaration, 'Y: N x k prob rows');
  assert.match(c.diagnosis!.message, 'each row of Y sums to 1');
  assert.match(c.diagnosis!.message, '`Y: N x k onehot rows`');
  // one-hot columns declared instead: rows are what the claim needs, so it stays wrong
  assert.is(check(f, { wrt: 'W', vars: 'Y: N x k onehot; X: N x d; W: d x k', claim }).verdict, 'wrong');
});

// ---- the diagnosis is not given where it does not explain the claim ---------------------------------

test('no sums-to-one diagnosis for a claim that sums of 1 do not make right', () => {
  for (const claim of ['softmax(z) + p', 'softmax(z)', '2*(softmax(z) - p)', "(softmax(z) - p)'"]) {
    const c = check(KL, { wrt: 'z', vars: 'p: k; z: k', claim });
    assert.is(c.verdict, 'wrong', claim);
    assert.is.not(c.diagnosis?.kind, 'sums-to-one', claim);
  }
  // a claim right for every positive p (abs(p) = p there) is not put down to sums of 1
  const c = check('sum(abs(p) .* z)', { wrt: 'z', vars: 'p: k; z: k', claim: 'p' });
  assert.is(c.verdict, 'wrong');
  assert.is.not(c.diagnosis?.kind, 'sums-to-one');
  // nor is a claim wrong for another reason (the symmetric mistake keeps its own words)
  assert.is(check("x'*A*x", { wrt: 'x', claim: '2*A*x' }).diagnosis?.kind, 'symmetric');
  assert.is(check("x'*A*x", { wrt: 'x', claim: '2*A*x' }).diagnosis?.declaration, 'A: n x n symmetric');
});

test('a declared fact is honoured by the judge: a claim wrong where the fact holds is still wrong', () => {
  // with p prob the gradient is softmax(z) − p; sum(p)·softmax(z) − p equals it there, a sign does not
  assert.is(check(KL, { wrt: 'z', vars: 'p: k prob; z: k', claim: 'sum(p)*softmax(z) - p' }).verdict, 'correct');
  const c = check(KL, { wrt: 'z', vars: 'p: k prob; z: k', claim: 'p - softmax(z)' });
  assert.is(c.verdict, 'wrong');
  assert.is(c.diagnosis?.kind, 'sign');
  // its counterexample honours the fact: p's entries are positive and sum to 1
  const p = c.counterexample!.values.find((v) => v.name === 'p')!;
  const xs = p.value.entries.flat().map((x) => new Fraction(x).valueOf()); // exact fractions or rounded decimals
  assert.ok(xs.every((x) => x > 0) && Math.abs(xs.reduce((a, x) => a + x, 0) - 1) < 1e-5, JSON.stringify(p.value));
});

test.run();
