// The canonical form (src/simplify/canon.ts) on terms typed directly: each row is a term and the
// text its canonical form prints as. Rules are general (any constant vector, any product), so
// the rows vary the context a rule fires in, and say where it must not fire.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, toText } from '../src/index.js';
import { canon } from '../src/simplify/canon.js';
import { applyRules, rules, simplificationEntries } from '../src/simplify/rules.js';
import { load, FAMILIES, CATALOGUE } from '../src/identities/catalogue.js';
import { entryTerms } from '../src/identities/terms.js';
import { OPS } from '../src/ops/index.js';
import { tidy } from '../src/simplify/tidy.js';
import { CANON_RULES } from '../src/simplify/normal.js';
import { readFileSync, readdirSync } from 'node:fs';

const VARS = 'A: m x n; B: n x k; C: n x n; x: n; r: 1 x n; v: n; a: scalar; c: 1 x 1';

const CANON: { input: string; expected: string }[] = [
  // Diag of a constant vector is a multiple of the identity
  { input: 'Diag(ones(n))', expected: 'I(n)' },
  { input: 'Diag(ones(1,n))', expected: 'I(n)' },
  { input: 'Diag(2*ones(n))', expected: '2*I(n)' },
  { input: 'Diag(a*ones(n))', expected: 'a*I(n)' },
  { input: 'Diag(-ones(n)/3)', expected: '-1/3*I(n)' },
  // … and the identity disappears from products, wherever it stands
  { input: 'A*Diag(ones(n))', expected: 'A' },
  { input: 'Diag(ones(m))*A', expected: 'A' },
  { input: 'A*Diag(ones(n))*B', expected: 'A*B' },
  { input: "x'*Diag(ones(n))*x", expected: "x'*x" },
  { input: 'A*Diag(2*ones(n))*B', expected: '2*A*B' },
  { input: 'C*Diag(a*ones(n))', expected: 'a*C' },
  // the identity's diagonal is the ones vector
  { input: 'diag(I(n))', expected: 'ones(n)' },
  { input: 'diag(Diag(ones(n)))', expected: 'ones(n)' },
  // a 1×1 Diag is its entry
  { input: 'Diag(c)', expected: 'c' },
  // not constant: Diag stays
  { input: 'Diag(v)', expected: 'Diag(v)' },
  { input: 'A*Diag(v)*B', expected: 'A*Diag(v)*B' },
  { input: 'Diag(v + ones(n))', expected: 'Diag(ones(n) + v)' },
  { input: 'Diag(r)', expected: 'Diag(r)' },
  // adjacent powers of one square matrix add their exponents
  { input: 'C*C', expected: 'C^2' },
  { input: "C'*C'*C'", expected: "C'^3" },
  { input: 'C^2*C^-1', expected: 'C' },
  { input: 'A*C*C*B', expected: 'A*C^2*B' },
  { input: "C*C' + C*C", expected: "C*C' + C^2" },
  { input: 'inv(C)*C*B', expected: 'B' },
  { input: 'inv(C)*inv(C)', expected: 'inv(C)^2' },
  // the diagonal of an outer product is a Hadamard product (diag.outer)
  { input: "diag(x*v')", expected: 'v .* x' },
  { input: "diag(2*x*r)", expected: "2*(r' .* x)" },
  { input: "diag(C*C')", expected: "diag(C*C')" },
  // the adjugate and det·inverse (adjugate.definition): det(C)·C⁻¹ is adj(C), defined for singular
  // C too; adj(C)/det(C) is C⁻¹, defined exactly where the left side is
  { input: 'det(C)*inv(C)', expected: 'adj(C)' },
  { input: "det(C)*inv(C)'", expected: "adj(C)'" },
  { input: "2*det(C)^2*inv(C)'", expected: "2*det(C)*adj(C)'" },
  { input: "adj(C)'/det(C)", expected: "inv(C)'" },
  { input: 'a*adj(C)/det(C)^2', expected: '(a/det(C))*inv(C)' },
  { input: 'adj(inv(C))', expected: 'det(inv(C))*C' },
  { input: 'adj(I(n))', expected: 'I(n)' },
  { input: 'adj(c)', expected: '1' },
  // … and not elsewhere: another matrix's determinant, a product, the other power
  { input: 'det(C)*adj(C)', expected: 'det(C)*adj(C)' },
  { input: 'inv(C)/det(C)', expected: 'inv(C)/det(C)' },
  { input: "det(C')*inv(C)", expected: "det(C')*inv(C)" },
  { input: 'det(C)*inv(C)*B', expected: 'det(C)*inv(C)*B' },
  // Cᵀ·C⁻ᵀ = I: the transpose of an inverse stays outside, and still cancels
  { input: "C'*inv(C)'", expected: 'I(n)' },
  { input: "inv(C)'*C'*inv(C)'*B", expected: "inv(C)'*B" },
  { input: "inv(C)'*inv(C)'", expected: "inv(C)'^2" },
  // the trace of a literal identity or ones matrix is its size
  { input: 'tr(I(3))', expected: '3' },
  { input: 'tr(ones(2,2))', expected: '2' },
  { input: 'tr(I(n))', expected: 'tr(I(n))' },
];

for (const row of CANON) {
  test(`canon: ${row.input} is ${row.expected}`, () => {
    const got = canon(parse(row.input, VARS));
    assert.is(toText(got), row.expected);
    // the printed form is canonical too: it parses back to a fixed point of canon
    assert.ok(canon(parse(toText(got), VARS)) === got, `${toText(got)} is not a fixed point`);
  });
}

// gradients whose identification produces Diag(1) (the adjoint of diag is Diag), each with the
// printed result and the numeric check passing
const GRADIENTS: { expr: string; wrt: string; vars?: string; expected: string }[] = [
  { expr: 'sum(diag(A*X))', wrt: 'X', expected: "A'" },
  { expr: 'sum(diag(A*X))', wrt: 'X', vars: 'A: n x n; X: n x n', expected: "A'" },
  { expr: 'sum(diag(A*X*B))', wrt: 'X', vars: 'A: n x m; X: m x k; B: k x n', expected: "A'*B'" },
  { expr: '3*sum(diag(X))', wrt: 'X', vars: 'X: n x n', expected: '3*I(n)' },
  { expr: 'ones(n)\'*diag(X*A)', wrt: 'X', vars: 'X: n x m; A: m x n', expected: "A'" },
  // like terms meet once X·X is X²: ∂tr(X³)/∂X = 3(X²)ᵀ
  { expr: 'tr(X^3)', wrt: 'X', expected: "3*X'^2" },
  { expr: 'tr(X*X*X)', wrt: 'X', expected: "3*X'^2" },
  { expr: "x'*Diag(x)*x", wrt: 'x', expected: '3*x.^2' },
  // determinants: the gradient is the adjugate (Matrix Cookbook (41)), log det's reads X⁻ᵀ
  { expr: 'det(X)', wrt: 'X', vars: 'X: n x n', expected: "adj(X)'" },
  { expr: 'det(X)^2', wrt: 'X', vars: 'X: n x n', expected: "2*det(X)*adj(X)'" },
  { expr: 'log(det(X))', wrt: 'X', vars: 'X: n x n', expected: "inv(X)'" },
  { expr: 'det(inv(X))', wrt: 'X', vars: 'X: n x n', expected: "-det(inv(X))*inv(X)'" },
  { expr: 'det(X)*logdet(X)', wrt: 'X', vars: 'X: n x n spd', expected: '(1 + logdet(X))*adj(X)' },
  { expr: 'sum(adj(X))', wrt: 'X', vars: 'X: 2 x 2', expected: '2*I(2) - ones(2,2)' },
];

for (const row of GRADIENTS) {
  test(`canon: the gradient of ${row.expr} (wrt ${row.wrt}) is ${row.expected}, checked`, () => {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' }).gradient;
    assert.is(g.text, row.expected);
    assert.ok(g.check?.ok, `check: ${g.check?.failure}`);
  });
}

// ---- the simplification rules compiled from the catalogue (src/simplify/rules.ts) ---------------
const rewritten = (input: string, vars: string) => {
  const log: string[] = [];
  const out = applyRules(canon(parse(input, vars)), (rule) => log.push(rule));
  return { text: toText(out), log };
};

test('rules: every catalogue entry marked simplify compiles, in catalogue order', () => {
  const ids = simplificationEntries().map((e) => e.id);
  assert.ok(ids.length >= 9, ids.join(', '));
  assert.equal([...new Set(rules().map((r) => r.id))], ids);
});

const REWRITES: { input: string; vars: string; expected: string; rules: string[] }[] = [
  { input: 'exp(v) ./ (1 + exp(v))', vars: 'v: n', expected: 'sigmoid(v)', rules: ['simplify.sigmoid-from-exp'] },
  // a pattern variable matches any term whose shape fits; ones(n,m) in the entry matches ones(k)
  { input: 'exp(A*x) ./ (ones(m) + exp(A*x))', vars: VARS, expected: 'sigmoid(A*x)', rules: ['simplify.sigmoid-from-exp'] },
  { input: '1 ./ (1 + exp(-v))', vars: 'v: n', expected: 'sigmoid(v)', rules: ['simplify.sigmoid-from-exp-neg'] },
  // part of a Hadamard product: the other factors stay
  { input: 'x .* relu(v) .* step(v)', vars: 'x: n; v: n', expected: 'relu(v) .* x', rules: ['simplify.relu-step'] },
  // part of a sum: the other summands stay
  { input: 'x + relu(v) .* step(v)', vars: 'x: n; v: n', expected: 'relu(v) + x', rules: ['simplify.relu-step'] },
  { input: 'step(v).^2', vars: 'v: n', expected: 'step(v)', rules: ['simplify.step-square'] },
  // scalars are 1×1 matrices: the same entries apply
  { input: 'exp(a) / (1 + exp(a))', vars: 'a: scalar', expected: 'sigmoid(a)', rules: ['simplify.sigmoid-from-exp'] },
  // the batch logistic loss: σ′ cancels twice, then the cross terms: σ − y, three steps
  {
    input: '(1 - y) .* (sigmoid(v) - sigmoid(v).^2) ./ (1 - sigmoid(v)) - y .* (sigmoid(v) - sigmoid(v).^2) ./ sigmoid(v)',
    vars: 'v: n; y: n',
    expected: 'sigmoid(v) - y',
    rules: ['simplify.sigmoid-prime-over-complement', 'simplify.sigmoid-prime-over-sigmoid', 'simplify.hadamard-cross'],
  },
];
for (const row of REWRITES) {
  test(`rules: ${row.input} is ${row.expected}`, () => {
    const r = rewritten(row.input, row.vars);
    assert.is(r.text, row.expected);
    assert.equal(r.log, row.rules);
  });
}

test('rules: no rewrite where the entry does not describe the term', () => {
  for (const [input, vars] of [
    ['exp(v) ./ (1 + exp(x))', 'v: n; x: n'], // two different arguments
    ['exp(v) ./ (2 + exp(v))', 'v: n'],
    ['relu(v) .* step(x)', 'v: n; x: n'],
    ['step(v).^3', 'v: n'],
    ['(sigmoid(v) - sigmoid(v).^2) ./ sigmoid(x)', 'v: n; x: n'],
  ]) {
    const r = rewritten(input!, vars!);
    assert.equal(r.log, [], `${input} was rewritten to ${r.text}`);
  }
});

test('rules: derive records each application as a step named by its entry id', () => {
  const d = derive('-(y.*log(sigmoid(X*w)) + (1-y).*log(1-sigmoid(X*w))):ones(N)', { wrt: 'w', vars: 'X: N x d; w: d; y: N' });
  assert.is(d.gradient.text, "X'*(sigmoid(X*w) - y)");
  const steps = d.steps.filter((s) => s.rule.startsWith('simplify.'));
  assert.equal(steps.map((s) => s.rule), ['simplify.sigmoid-prime-over-complement', 'simplify.sigmoid-prime-over-sigmoid', 'simplify.hadamard-cross']);
  for (const s of steps) assert.is(s.about, 'w');
});

test('rules: the catalogue accepts simplify and reference only as true, and not together', () => {
  const entry = { id: 'x.y', name: 'n', lhs: 'a', rhs: 'a', vars: 'a: n', explain: 'e', source: 'definition' };
  const file = (e: object) => ({ 'x.json': { title: 't', about: 'a', entries: [e] } });
  assert.ok(load(file({ ...entry, simplify: true }))[0]!.entries[0]!.simplify);
  assert.ok(load(file({ ...entry, reference: true }))[0]!.entries[0]!.reference);
  assert.throws(() => load(file({ ...entry, simplify: false })), /simplify/);
  assert.throws(() => load(file({ ...entry, simplify: true, reference: true })), /reference only/);
  const { lhs: _, ...noLhs } = entry;
  assert.throws(() => load(file({ ...noLhs, fn: 'a', wrt: 'a', simplify: true })), /equality/);
});

// ---- presentation (src/simplify/tidy.ts, share.ts) -----------------------------------------------
const PRESENTED: { expr: string; vars: string; wrt: string; pretty: string }[] = [
  // seed 003 unchanged
  { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n', wrt: 'W', pretty: "s = sigmoid(W*x); ((s - s.^2) .* (s - y))*x'" },
  // 1 − h², not ones(n) − h²
  { expr: '1/2*norm(tanh(W*x) - y)^2', vars: 'W: n x m; x: m; y: n', wrt: 'W', pretty: "h = tanh(W*x); ((1 - h.^2) .* (h - y))*x'" },
  // no name for a transpose alone (u = Xi'), and the transposed difference kept together
  { expr: "a'*inv(X)*b", vars: 'a: n; b: n; X: n x n', wrt: 'X', pretty: "Xi = inv(X); -Xi'*a*b'*Xi'" },
  { expr: "(x - mu)'*inv(S)*(x - mu)", vars: 'x: n; mu: n; S: n x n', wrt: 'S', pretty: "Si = inv(S); z = x - mu; -Si'*z*z'*Si'" },
  // no definition printed that the form does not use (u = N^(-1))
  { expr: '1/(2*N)*norm(X*w - y)^2', vars: 'X: N x d; w: d; y: N; N: scalar positive', wrt: 'w', pretty: "X'*(X*w - y)/N" },
];
for (const row of PRESENTED) {
  test(`presentation: ${row.expr} is ${row.pretty}`, () => {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars }).gradient;
    const p = g.pretty();
    assert.is([...p.defs.map((x) => `${x.name} = ${x.expr}`), p.expr].join('; '), row.pretty);
    // every definition is used, and the printed text parses back to the gradient's value
    for (const x of p.defs) assert.ok([p.expr, ...p.defs.map((y) => y.expr)].some((e) => new RegExp(`\\b${x.name}\\b`).test(e)), `${x.name} unused`);
    assert.ok(canon(parse(g.text, row.vars)) === canon(g.term) || g.check?.ok, g.text);
  });
}

// ---- every catalogue entry: applied by the engine, or marked reference only ---------------------
// An entry is applied when (a) an operator record names it (its differential or adjoint), (b) it is
// a simplification rule (`"simplify": true`), (c) the canonical form decides it (both sides reach
// one term: transpose.product, diag.of-Diag, …), or (d) engine, check, report or verify code names
// it by id (a step's rule). Every other entry carries `"reference": true`, and no applied entry
// does: the marks say exactly which entries the engine uses.
function sourcesOf(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((d) => (d.isDirectory() ? sourcesOf(`${dir}/${d.name}`) : d.name.endsWith('.ts') ? readFileSync(`${dir}/${d.name}`, 'utf8') : ''))
    .join('\n');
}

function howApplied(): Map<string, string> {
  const byOp = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof v === 'string') {
      if (CATALOGUE.has(v)) byOp.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  for (const op of OPS.values()) visit(op, 0);
  const code = ['src/engine', 'src/ops', 'src/simplify', 'src/check', 'src/report', 'src/verify'].map((d) => sourcesOf(new URL(`../${d}`, import.meta.url).pathname)).join('\n');
  const how = new Map<string, string>();
  for (const f of FAMILIES) {
    for (const e of f.entries) {
      if (e.simplify) how.set(e.id, 'simplification rule');
      else if (byOp.has(e.id)) how.set(e.id, 'operator record');
      else if (new RegExp(`['"\`]${e.id.replace(/\./g, '\\.')}['"\`]`).test(code)) how.set(e.id, 'named in code');
      else {
        const t = entryTerms(e);
        if (t.lhs && tidy(canon(t.lhs)) === tidy(canon(t.rhs))) how.set(e.id, 'canonical form');
      }
    }
  }
  return how;
}

test('catalogue: every entry is applied by the engine or marked reference only, never both', () => {
  const how = howApplied();
  const neither: string[] = [];
  const both: string[] = [];
  const counts = new Map<string, number>();
  for (const f of FAMILIES) {
    for (const e of f.entries) {
      const h = how.get(e.id);
      if (!h && !e.reference) neither.push(e.id);
      if (h && e.reference) both.push(`${e.id} (${h})`);
      const k = h ?? 'reference only';
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  console.log(`\ncatalogue: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  assert.equal(neither, [], `applied by nothing and not marked "reference": true: ${neither.join(', ')}`);
  assert.equal(both, [], `marked "reference": true but applied: ${both.join(', ')}`);
});

// ---- the canonical form's rewrites are steps with rule ids ----------------------------------------
// Each rewrite of the canonical form records the id of the catalogue entry it implements, or a
// `canon.*` id listed in CANON_RULES (src/simplify/normal.ts) where it implements none.
test('canonical form: derive records its rewrites by rule id, each id an entry or in CANON_RULES', () => {
  const ids = new Set<string>();
  for (const [expr, wrt, vars] of [
    ['v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', 'W', 'W: n x m; x: m; y: n'],
    ["x'*A*x", 'x', ''],
  ] as const) {
    const rules = derive(expr, { wrt, vars }).steps.map((s) => s.rule);
    for (const r of rules) assert.ok(CATALOGUE.has(r) || r in CANON_RULES, `step ${r}: no catalogue entry and not in CANON_RULES`);
    // the ids the canonical form itself records (not the derivation's d.*, adj.* or `simplify`)
    for (const r of rules) if (r in CANON_RULES || /^(transpose|trace|frob|diag|inv|adjugate|softmax)\./.test(r)) ids.add(r);
  }
  assert.ok(ids.size >= 2, `canonical-form rule ids recorded: ${[...ids].join(', ')}`);
  assert.ok([...ids].some((r) => CATALOGUE.has(r)), 'at least one is a catalogue entry');
  // recording changes nothing: the same term, with or without a recorder
  const t = parse("(A*x)' + 2*(x' - x')", 'A: n x n; x: n');
  const seen: string[] = [];
  assert.is(canon(t, (r) => seen.push(r)), canon(t));
  assert.ok(seen.includes('transpose.product'), seen.join(', '));
});

test.run();
