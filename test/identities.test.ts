// The identity catalogue: every entry checked numerically by one generic test (exactly where
// both sides are rational), every rule id the engine and the reports record has an entry, and
// docs/identities.md is what `npm run identities` makes now.
import { test, suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { derive } from '../src/index.js';
import { OPS } from '../src/ops/index.js';
import { CATALOGUE, FAMILIES, identity, load } from '../src/identities/catalogue.js';
import { CATALOGUE_FILES } from '../src/identities/files.js';
import { CANON_RULES } from '../src/simplify/normal.js';
import { entryClaim, entryTerms } from '../src/identities/terms.js';
import { catalogueAdjoint, catalogueDifferential } from '../src/identities/rules.js';
import type { Term } from '../src/core/term.js';
import type { OpRecord } from '../src/ops/types.js';
import { differential } from '../src/engine/differential.js';
import { replaceLeaves } from '../src/ops/substitute.js';
import * as b from '../src/core/build.js';
import { entryEquation } from '../src/identities/equation.js';
import { verify } from '../src/identities/verify.js';
import { identitiesMarkdown, IDENTITIES_DOC } from '../src/identities/docs.js';
import { latexWords } from '../src/report/render-tex.js';

// ---- every entry holds ------------------------------------------------------------------------

const entries = suite('identities: every entry holds');
for (const f of FAMILIES) {
  for (const e of f.entries) {
    entries(`${e.id} (${f.family})`, () => {
      const v = verify(entryClaim(e), { trials: 4 });
      assert.ok(v.ok, `${e.id}: ${e.fn ? `d(${e.fn})` : e.lhs} = ${e.rhs} failed: ${v.failure}`);
      assert.ok(v.trials >= 2, `${e.id}: only ${v.trials} trial(s) found a point where both sides are defined`);
    });
  }
}
entries.run();

// ---- a wrong entry is caught -------------------------------------------------------------------

test('identities: the check catches a wrong identity and a wrong differential', () => {
  const base = identity('d.product');
  const wrongDiff = { ...base, id: 'x.wrong-diff', rhs: 'dA*B + dB*A' , vars: 'A: n x n; B: n x n' };
  assert.not.ok(verify(entryClaim(wrongDiff)).ok);
  const wrongEq = { ...identity('transpose.product'), id: 'x.wrong-eq', rhs: "A'*B'", vars: 'A: n x n; B: n x n' };
  assert.not.ok(verify(entryClaim(wrongEq)).ok);
  const wrongFloat = { ...identity('d.sigmoid'), id: 'x.wrong-float', rhs: 'sigmoid(X) .* dX' };
  const v = verify(entryClaim(wrongFloat));
  assert.is(v.method, 'float');
  assert.not.ok(v.ok);
});

// ---- every rule the engine records has an entry ------------------------------------------------

test('identities: the build carries every file of identities/ (src/identities/files.ts lists them all)', () => {
  const onDisk = readdirSync(new URL('../identities/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
  assert.equal(Object.keys(CATALOGUE_FILES).sort(), onDisk);
  for (const f of onDisk) assert.equal(CATALOGUE_FILES[f], JSON.parse(readFileSync(new URL(`../identities/${f}`, import.meta.url), 'utf8')), f);
});

test('identities: a malformed file is refused with its name', () => {
  assert.throws(() => load({ 'x.json': { title: 't' } }), /identities\/x\.json: expected/);
  assert.throws(() => load({ 'x.json': { title: 't', about: 'a', entries: [{ id: 'a.b' }] } }), /identities\/x\.json: entry a\.b/);
});

test('identities: at least 60 entries, each with a source', () => {
  assert.ok(CATALOGUE.size >= 60, `only ${CATALOGUE.size} entries`);
  for (const e of CATALOGUE.values()) assert.match(e.source, /^(Matrix Cookbook \(\d+\)(, \(\d+\))*|Magnus–Neudecker ch\. \d+|definition)$/);
});

test('identities: every operator rule (diffRule, adjointRule) has an entry', () => {
  const missing: string[] = [];
  for (const r of OPS.values()) {
    for (const id of [r.diffRule, r.adjointRule, ...(r.adjointFrom ?? [])]) if (id && !CATALOGUE.has(id)) missing.push(`${id} (operator ${r.op})`);
    // an operator that can be differentiated must name its rule, so the catalogue can cover it
    if (r.diff && !r.diffRule) missing.push(`operator ${r.op} has a differential but no diffRule id`);
    if (r.adjoint && !r.adjointRule) missing.push(`operator ${r.op} has an adjoint but no adjointRule id`);
  }
  assert.equal(missing, [], `rules without a catalogue entry: ${missing.join(', ')}`);
});

test('identities: the rules the engine and the reports record all have entries', () => {
  const rows: [string, string, string][] = [
    ['v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', 'W', 'W: n x m; x: m; y: n'],
    ['logdet(X) + tr(inv(X)*A) + det(X)', 'X', 'X: n x n spd'],
    ["norm2(A*x - y) + norm1(x) + sum(exp(x)) + logsumexp(A*x) + x'*Diag(tanh(x))*x", 'x', ''],
    ["-y'*log(softmax(z))", 'z', 'y: n onehot; z: n'],
  ];
  for (const [expr, wrt, vars] of rows) {
    const d = derive(expr, { wrt, vars });
    // a canonical-form rewrite that implements no entry is listed in CANON_RULES (src/simplify/normal.ts)
    for (const s of d.steps) assert.ok(CATALOGUE.has(s.rule) || s.rule in CANON_RULES, `engine step ${s.rule} has no entry`);
    const json = JSON.parse(d.report('json')) as { gradients: { steps: { rules: { id: string }[] }[] }[] };
    for (const g of json.gradients) for (const st of g.steps) for (const r of st.rules) assert.ok(CATALOGUE.has(r.id), `report rule ${r.id} has no entry`);
  }
  assert.ok(CATALOGUE.has('simplify'));
  assert.ok(CATALOGUE.has('identify'));
});

// ---- one source of truth: the engine's differentials are the catalogue's ---------------------

test('identities: operators with diffFrom have no coded differential, and each entry is a usable rule', () => {
  let n = 0;
  for (const r of OPS.values()) {
    if (!r.diffFrom) continue;
    assert.not.ok(r.diff, `operator ${r.op} has both a coded differential and diffFrom`);
    for (const id of r.diffFrom) {
      const t = entryTerms(identity(id));
      // the entry applied to its own fn gives back its own right side, dX standing for d(X)
      const fn = t.fn!;
      const ds = fn.args.map((a) => b.variable(t.along.get(a.name!)!, a.shape));
      const got = catalogueDifferential([id], fn, ds);
      assert.is(got.rule, id);
      assert.ok(got.result === t.rhs, `${id}: the rule applied to ${identity(id).fn} is not its own right side`);
      n++;
    }
  }
  assert.ok(n >= 20, `only ${n} operator rules come from the catalogue`);
});

test('identities: operators whose differential is in code or comes from their kind agree with their catalogue entry', () => {
  // d(A + B), d tr X, d vec X (linear) and d(A*B), d(A .* B), d kron(A, B) (bilinear) come from the
  // operator's kind, d(A^k), d(A.^p) are in code; each is checked here against the entry it cites:
  // the engine's differential of the entry's fn, with the leaf dX read as the variable dX, equals
  // the entry's right side at random points.
  const byKind = (r: OpRecord) => !r.diffFrom && (r.kind === 'linear' || r.kind === 'bilinear');
  const coded = [...OPS.values()].filter((r) => (r.diff || byKind(r)) && r.diffRule);
  let checked = 0;
  for (const r of coded) {
    const e = identity(r.diffRule!);
    if (!e.fn) continue;
    checked++;
    const t = entryTerms(e);
    const engine = differential(t.fn!, new Set(e.wrt));
    // the leaf dX of the engine becomes the entry's variable dX
    const asVars = replaceLeaves(engine, (u) => (u.op === 'dvar' ? t.vars.get(t.along.get(u.name!)!) : undefined));
    const v = verify({ vars: t.vars, along: t.along, left: { term: asVars }, right: { term: t.rhs } }, { trials: 3 });
    assert.ok(v.ok, `${r.op}: the coded differential disagrees with ${e.id}: ${v.failure}`);
  }
  assert.ok(checked >= 15, `only ${checked} coded differentials checked`);
});

// ---- documents ---------------------------------------------------------------------------------

test('identities: an adjoint template applied to its own operator gives back the entry\'s right side', () => {
  // the closure src/ops/index.ts makes from adjointFrom and the entry are one text: C : op(…dX…)
  // with the entry's own variables gives exactly the G of its `G : dX`; a bilinear operator's
  // entry C : (op(dA, B) + op(A, dB)) = G₁ : dA + G₂ : dB does so for each argument
  let n = 0;
  let sums = 0;
  for (const r of OPS.values()) {
    for (const id of r.adjointFrom ?? []) {
      const t = entryTerms(identity(id));
      const [C, body] = t.lhs!.args as [Term, Term];
      const apps = body.op === 'add' ? body.args : [body];
      const summands = t.rhs.op === 'add' ? t.rhs.args : [t.rhs];
      assert.is(apps.length, summands.length, `${id}: one summand G : dX per application of ${r.op}`);
      const seen = new Set<number>();
      for (const app of apps) {
        assert.is(app.op, r.op, id);
        const s = summands.find((u) => app.args.includes(u.args[1]!));
        assert.ok(s, `${id}: no summand of the right side has a differential of ${String(app)}`);
        const i = app.args.indexOf(s.args[1]!);
        seen.add(i);
        const got = catalogueAdjoint([id], app, C, i);
        assert.is(got.rule, id);
        assert.ok(got.result === s.args[0], `${id}: the template applied to ${String(app)} (argument ${i}) is not its own right side`);
        assert.ok(r.adjoint!(app, C, i) === s.args[0], `${id}: the record's adjoint differs from the entry in argument ${i}`);
        n++;
      }
      assert.is(seen.size, apps.length, `${id}: each application moves the differential out of its own argument`);
      if (apps.length > 1) sums++;
    }
  }
  assert.ok(n >= 15, `only ${n} adjoint templates`);
  assert.ok(sums >= 3, `only ${sums} sum-form (bilinear) adjoint entries`);
});

test('identities: docs/identities.md is up to date (npm run identities)', () => {
  const onDisk = readFileSync(IDENTITIES_DOC, 'utf8');
  assert.ok(onDisk === identitiesMarkdown(), 'docs/identities.md is stale: run `npm run identities`');
});

test('identities: every entry prints, and its words can be typeset by pdflatex', () => {
  for (const e of CATALOGUE.values()) {
    const eq = entryEquation(e, 'unicode');
    assert.ok(eq.lhs.length > 0 && eq.rhs.length > 0, e.id);
    for (const words of [e.name, e.explain, e.when ?? '']) {
      const tex = latexWords(words);
      assert.not.match(tex, /[^\x00-\x7e]/, `${e.id}: a character in "${words}" has no LaTeX form`);
      assert.not.ok(tex.includes('?') && !words.includes('?'), `${e.id}: a character in "${words}" has no LaTeX form`);
    }
  }
});

test.run();
