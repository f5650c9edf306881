// Every operator in the registry (src/ops/) is covered: its differential rule runs in at least one
// derivation that is checked twice — by derive()'s own check and by an independent entrywise
// finite-difference gradient computed here from evaluate() — and its differential term is compared
// with a directional finite difference; every adjoint runs in a derivation where the differential
// of the variable passes through it, and satisfies ⟨C, L(V)⟩ = ⟨L*(C), V⟩ on random matrices; the
// linear operators without an adjoint (kron, vec) fail with a clear 'unsupported' error (test/ops-unsupported.test.ts).
// The tables are checked against the registry, so an operator added without a case fails here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, MatdiffError, type Derivation } from '../src/index.js';
import { OPS } from '../src/ops/index.js';
import { mk, type Term } from '../src/core/term.js';
import * as b from '../src/core/build.js';
import { type Shape, dimSize } from '../src/core/shape.js';
import { differential } from '../src/engine/differential.js';
import { Rand, randomPoint, fdDirectional, evalAt, relError, randomMatrix, frob, type Matrix } from './helpers/numeric.js';
import { TOL, compareWithFd, type Case } from './helpers/ops-fd.js';

// ---- the tables ---------------------------------------------------------------------------------

/** leaves: variables, differentials and constants have no differential rule of their own */
const LEAVES = new Set(['var', 'dvar', 'num', 'zero', 'ones', 'eye', 'commutation']);

/** for each operator, functions whose differential passes through the operator's rule */
const DIFF: Record<string, Case[]> = {
  add: [{ expr: 'sum(exp(X + A))', vars: 'X: n x m; A: n x m', wrt: 'X' }],
  bcast: [{ expr: 'sum(exp(x + a))', vars: 'x: n; a: scalar', wrt: 'a' }],
  smul: [
    { expr: 'sum(exp(a*x))', vars: 'x: n; a: scalar', wrt: 'a' },
    { expr: 'sum(exp(a*x))', vars: 'x: n; a: scalar', wrt: 'x' },
  ],
  mul: [{ expr: "sigmoid(u'*W*x)", vars: 'u: n; W: n x m; x: m', wrt: 'W' }],
  had: [
    { expr: 'sum(exp(x .* y))', vars: 'x: n; y: n', wrt: 'x' },
    { expr: 'sum(x ./ exp(y))', vars: 'x: n; y: n', wrt: 'y' },
  ],
  T: [{ expr: "sum(exp(X'*A))", vars: 'X: n x m; A: n x k', wrt: 'X' }],
  frob: [
    { expr: 'tanh(X:A)', vars: 'X: n x m; A: n x m', wrt: 'X' },
    { expr: '(A*X):(X*B)', vars: 'X: n x n; A: n x n; B: n x n', wrt: 'X' },
  ],
  pow: [
    { expr: 'tr(X^3)', vars: 'X: n x n', wrt: 'X' },
    { expr: 'tr(X^-2)', vars: 'X: n x n spd', wrt: 'X' },
    { expr: 'a^3 + 2^a', vars: 'a: scalar', wrt: 'a' },
    { expr: 'a^c', vars: 'a: scalar positive; c: scalar', wrt: 'c' },
  ],
  epow: [
    { expr: 'sum(X.^3)', vars: 'X: n x m', wrt: 'X' },
    { expr: 'sum(P.^(1/2))', vars: 'P: n x m positive', wrt: 'P' },
    { expr: 'sum(P.^a)', vars: 'P: n x m positive; a: scalar', wrt: 'a' },
  ],
  tr: [{ expr: 'exp(tr(A*X)/4)', vars: 'X: n x n; A: n x n', wrt: 'X' }],
  det: [
    { expr: 'det(X)', vars: 'X: n x n', wrt: 'X' },
    { expr: 'det(A*X)', vars: 'X: n x n; A: n x n', wrt: 'X' },
  ],
  adj: [
    // X: n x n takes the rule for invertible X; 2×2 and 3×3 the rules that hold at every X
    { expr: 'sum(adj(X))', vars: 'X: n x n', wrt: 'X' },
    { expr: "u'*adj(X)*v", vars: 'X: 2 x 2; u: 2; v: 2', wrt: 'X' },
    { expr: 'tr(A*adj(X))', vars: 'X: 3 x 3; A: 3 x 3', wrt: 'X' },
  ],
  logdet: [
    { expr: 'logdet(X)', vars: 'X: n x n spd', wrt: 'X' },
    { expr: "logdet(W'*W + I(m))", vars: 'W: n x m', wrt: 'W' },
  ],
  inv: [
    { expr: 'sum(inv(X))', vars: 'X: n x n spd', wrt: 'X' },
    { expr: "x'*inv(S + A*A')*x", vars: 'x: n; S: n x n spd; A: n x n', wrt: 'A' },
  ],
  Diag: [
    { expr: "u'*Diag(x)*v", vars: 'u: n; x: n; v: n', wrt: 'x' },
    { expr: 'sum(exp(Diag(r)*A))', vars: 'r: 1 x n; A: n x m', wrt: 'r' },
  ],
  diag: [{ expr: 'sum(exp(diag(X)))', vars: 'X: n x n', wrt: 'X' }],
  sum: [{ expr: 'exp(sum(X)/4)', vars: 'X: n x m', wrt: 'X' }],
  norm2: [{ expr: 'norm2(A*x - y)', vars: 'A: n x m; x: m; y: n', wrt: 'x' }],
  norm1: [{ expr: 'norm1(A*x)', vars: 'A: n x m; x: m', wrt: 'x' }],
  kron: [
    { expr: 'sum(kron(A, B))', vars: 'A: n x m; B: k x l', wrt: 'A' },
    { expr: 'sum(kron(A, B))', vars: 'A: n x m; B: k x l', wrt: 'B' },
  ],
  vec: [{ expr: 'sum(exp(vec(A)))', vars: 'A: n x m', wrt: 'A' }],
  unvec: [{ expr: 'sum(exp(unvec(v, 2)))', vars: 'v: 6', wrt: 'v' }],
  blocksum: [
    { expr: 'sum(exp(blocksum(C, A)))', vars: 'C: 6 x 4; A: 2 x 2', wrt: 'C' },
    { expr: 'sum(exp(blocksum(C, A)))', vars: 'C: 6 x 4; A: 2 x 2', wrt: 'A' },
  ],
  blockfrob: [
    { expr: 'sum(exp(blockfrob(C, B)))', vars: 'C: 6 x 4; B: 3 x 2', wrt: 'C' },
    { expr: 'sum(exp(blockfrob(C, B)))', vars: 'C: 6 x 4; B: 3 x 2', wrt: 'B' },
  ],
  exp: [{ expr: 'sum(exp(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  log: [
    { expr: 'sum(log(P))', vars: 'P: n x m positive', wrt: 'P' },
    { expr: 'sum(log(1 + x.^2))', vars: 'x: n', wrt: 'x' },
  ],
  sigmoid: [{ expr: 'sum(sigmoid(A*x))', vars: 'A: n x m; x: m', wrt: 'A' }, { expr: 'sigmoid(a)', vars: 'a: scalar', wrt: 'a' }],
  tanh: [{ expr: 'sum(tanh(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  relu: [{ expr: 'sum(relu(A*x))', vars: 'A: n x m; x: m', wrt: 'A' }],
  sqrt: [{ expr: 'sum(sqrt(1 + X.^2))', vars: 'X: n x m', wrt: 'X' }],
  abs: [{ expr: 'sum(abs(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  sin: [{ expr: 'sum(sin(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  cos: [{ expr: 'sum(cos(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  sign: [{ expr: 'sum(sign(x) .* x.^2)', vars: 'x: n', wrt: 'x' }],
  step: [{ expr: 'sum(step(x) .* x.^2)', vars: 'x: n', wrt: 'x' }],
  softplus: [
    { expr: 'sum(softplus(A*x))', vars: 'A: n x m; x: m', wrt: 'A' },
    { expr: 'softplus(a)', vars: 'a: scalar', wrt: 'a' },
  ],
  // inside their domains: tanh keeps arcsin, arccos and tan away from ±1 and from the poles
  tan: [
    { expr: 'sum(tan(tanh(A*x)))', vars: 'A: n x m; x: m', wrt: 'x' },
    { expr: 'tan(a/4)', vars: 'a: scalar', wrt: 'a' },
  ],
  arcsin: [{ expr: 'sum(arcsin(tanh(A*x)))', vars: 'A: n x m; x: m', wrt: 'A' }],
  arccos: [{ expr: 'sum(arccos(tanh(A*x)))', vars: 'A: n x m; x: m', wrt: 'x' }],
  arctan: [
    { expr: 'sum(arctan(A*x))', vars: 'A: n x m; x: m', wrt: 'x' },
    { expr: 'arctan(a)', vars: 'a: scalar', wrt: 'a' },
  ],
  log1p: [
    { expr: 'sum(log1p(X.^2))', vars: 'X: n x m', wrt: 'X' },
    { expr: 'sum(log1p(exp(A*x)))', vars: 'A: n x m; x: m', wrt: 'A' },
  ],
  expm1: [{ expr: 'sum(expm1(A*x))', vars: 'A: n x m; x: m', wrt: 'x' }],
  mean: [
    { expr: 'exp(mean(X))', vars: 'X: n x m', wrt: 'X' },
    { expr: 'mean(exp(A*x))', vars: 'A: n x m; x: m', wrt: 'x' },
  ],
  tril: [
    { expr: 'sum(exp(tril(X)))', vars: 'X: n x m', wrt: 'X' },
    { expr: 'tr(tril(S)*A)', vars: 'S: n x n symmetric; A: n x n', wrt: 'S' },
  ],
  softmax: [
    { expr: "-y'*log(softmax(z))", vars: 'y: n onehot; z: n', wrt: 'z' },
    { expr: 'softmax(r)*u', vars: 'r: 1 x n; u: n', wrt: 'r' },
    { expr: "u'*softmax(W*X)*v", vars: 'W: k x d; X: d x N; u: k; v: N', wrt: 'W' },
  ],
  logsumexp: [
    { expr: 'logsumexp(W*x)', vars: 'W: n x m; x: m', wrt: 'W' },
    { expr: 'logsumexp(r*A)', vars: 'r: 1 x n; A: n x m', wrt: 'r' },
    { expr: 'logsumexp(W*X)*u', vars: 'W: k x d; X: d x N; u: N', wrt: 'W' },
  ],
  log_softmax: [
    { expr: "-y'*log_softmax(W*x)", vars: 'W: n x m; x: m; y: n onehot', wrt: 'W' },
    { expr: 'log_softmax(r)*u', vars: 'r: 1 x n; u: n', wrt: 'r' },
    { expr: 'sum(Y .* log_softmax(Z))', vars: 'Y: k x N; Z: k x N', wrt: 'Z' },
  ],
};

/** for each operator with an adjoint, functions whose differential dX passes through that adjoint */
const ADJ: Record<string, Case[]> = {
  add: [{ expr: 'C:(X + A*X)', vars: 'X: n x m; A: n x n; C: n x m', wrt: 'X' }],
  bcast: [{ expr: 'sum(exp(x + a))', vars: 'x: n; a: scalar', wrt: 'a' }],
  smul: [
    { expr: 'C:(a*X)', vars: 'X: n x m; C: n x m; a: scalar', wrt: 'a' },
    { expr: 'C:(a*X)', vars: 'X: n x m; C: n x m; a: scalar', wrt: 'X' },
  ],
  mul: [{ expr: 'C:(A*X*B)', vars: 'X: n x m; A: k x n; B: m x l; C: k x l', wrt: 'X' }],
  had: [{ expr: 'C:(A.*X)', vars: 'X: n x m; A: n x m; C: n x m', wrt: 'X' }],
  T: [{ expr: "C:X'", vars: 'X: n x m; C: m x n', wrt: 'X' }],
  frob: [{ expr: 'C:X', vars: 'X: n x m; C: n x m', wrt: 'X' }],
  tr: [{ expr: 'tr(A*X)', vars: 'X: n x m; A: m x n', wrt: 'X' }],
  Diag: [
    { expr: 'C:Diag(x)', vars: 'x: n; C: n x n', wrt: 'x' },
    { expr: 'C:Diag(r)', vars: 'r: 1 x n; C: n x n', wrt: 'r' },
  ],
  diag: [{ expr: "u'*diag(X)", vars: 'X: n x n; u: n', wrt: 'X' }],
  sum: [{ expr: 'sum(A.*X)', vars: 'X: n x m; A: n x m', wrt: 'X' }],
  mean: [
    { expr: 'mean(A.*X)', vars: 'X: n x m; A: n x m', wrt: 'X' },
    { expr: 'mean(W*x)^2', vars: 'W: n x m; x: m', wrt: 'W' },
  ],
  kron: [
    { expr: 'C:kron(A, X)', vars: 'A: 2 x 3; X: 2 x 2; C: 4 x 6', wrt: 'X' },
    { expr: 'C:kron(X, B)', vars: 'X: 2 x 3; B: 2 x 2; C: 4 x 6', wrt: 'X' },
  ],
  vec: [{ expr: "v'*vec(X)", vars: 'X: 2 x 3; v: 6', wrt: 'X' }],
  tril: [
    { expr: 'C:tril(X)', vars: 'X: n x m; C: n x m', wrt: 'X' },
    { expr: "u'*tril(A*X)*v", vars: 'X: n x n; A: n x n; u: n; v: n', wrt: 'X' },
  ],
  unvec: [{ expr: 'C:unvec(v, 2)', vars: 'v: 6; C: 2 x 3', wrt: 'v' }],
  blocksum: [
    { expr: 'G:blocksum(C, A)', vars: 'C: 6 x 4; A: 2 x 2; G: 3 x 2', wrt: 'C' },
    { expr: 'G:blocksum(C, A)', vars: 'C: 6 x 4; A: 2 x 2; G: 3 x 2', wrt: 'A' },
  ],
  blockfrob: [
    { expr: 'G:blockfrob(C, B)', vars: 'C: 6 x 4; B: 3 x 2; G: 2 x 2', wrt: 'C' },
    { expr: 'G:blockfrob(C, B)', vars: 'C: 6 x 4; B: 3 x 2; G: 2 x 2', wrt: 'B' },
  ],
};

/**
 * Linear operators that may lack an adjoint (kron and vec had none at first): while one does, a
 * differential that reaches it cannot be identified and derive() must say so, naming it.
 */
const UNSUPPORTED: Record<string, { name: string }> = { kron: { name: 'kron' }, vec: { name: 'vec' } };

// ---- the registry is covered --------------------------------------------------------------------

test('ops: every operator in the registry has differential cases (leaves have none)', () => {
  for (const [op, rec] of OPS) {
    // a leaf: no argument that is an expression (commutation(m, n) has only dimensions)
    if (rec.arity === 0 || rec.arity === rec.dimArgs?.count) {
      assert.ok(LEAVES.has(op), `leaf operator '${op}' is not listed as a leaf in test/ops.test.ts`);
      assert.not.ok(rec.diff || rec.diffFrom, `leaf '${op}' has a differential rule`);
      continue;
    }
    const byKind = rec.kind === 'linear' || rec.kind === 'bilinear';
    assert.ok(rec.diff || rec.diffFrom?.length || byKind, `operator '${op}' has no differential rule (diff, diffFrom, or a linear/bilinear kind)`);
    assert.ok(rec.diffRule, `operator '${op}' has no diffRule id`);
    assert.ok(DIFF[op]?.length, `operator '${op}' has no differential case in test/ops.test.ts`);
  }
  for (const op of [...Object.keys(DIFF), ...Object.keys(ADJ), ...LEAVES]) assert.ok(OPS.has(op), `the tables name '${op}', which is not in the registry`);
});

test('ops: every operator with an adjoint has an adjoint case and an adjoint-identity instance; the others are unsupported or nonlinear', () => {
  for (const [op, rec] of OPS) {
    if (rec.adjoint) {
      assert.ok(rec.adjointRule, `operator '${op}' has an adjoint but no adjointRule id`);
      assert.ok(ADJ[op]?.length, `operator '${op}' has an adjoint but no adjoint case in test/ops.test.ts`);
      assert.ok(INSTANCES[op]?.length, `operator '${op}' has an adjoint but no adjoint-identity instance in test/ops.test.ts`);
    } else {
      assert.not.ok(ADJ[op], `ADJ lists '${op}', which has no adjoint`);
    }
  }
});

// ---- each differential rule ------------------------------------------------------------------

const ruleIds = (d: Derivation): Set<string> => new Set(d.steps.map((s) => s.rule));

/** The differential term dF at a point, along a random direction V, against a directional FD. */
function checkDifferential(c: Case, seed: number): void {
  const f = parse(c.expr, c.vars);
  const dF = differential(f, new Set([c.wrt]));
  const rand = new Rand(seed);
  const p = randomPoint(f, rand, { hi: 3 });
  const X = p.values[c.wrt]!;
  const V = randomMatrix(X.length, X[0]!.length, rand);
  const got = evalAt(dF, p, { [c.wrt]: V });
  const want = fdDirectional(f, c.wrt, V, p);
  assert.ok(relError(got, want) < TOL, `d(${c.expr}) along V: ${JSON.stringify(got)} vs finite differences ${JSON.stringify(want)}`);
}

/** the differential nodes of dF that identification has to move dX out of */
function linearNodes(c: Case): Set<string> {
  const dF = differential(parse(c.expr, c.vars), new Set([c.wrt]));
  const ops = new Set<string>();
  const seen = new Set<Term>();
  const walk = (t: Term): void => {
    if (seen.has(t) || !t.hasDiff) return;
    seen.add(t);
    if (t.op !== 'dvar') ops.add(t.op);
    t.args.forEach(walk);
  };
  walk(dF);
  return ops;
}

for (const [op, cases] of Object.entries(DIFF)) {
  cases.forEach((c, k) => {
    test(`ops: d.${op} — ${c.expr} wrt ${c.wrt}`, () => {
      const rec = OPS.get(op)!;
      // the rule itself, numerically, whatever happens in identification
      checkDifferential(c, 100 + k);
      const through = linearNodes(c);
      const blocked = [...through].filter((o) => !OPS.get(o)!.adjoint);
      if (blocked.length) {
        // only the documented linear operators without an adjoint may block identification
        for (const o of blocked) assert.ok(UNSUPPORTED[o], `the differential of ${c.expr} passes through '${o}', which has no adjoint and is not a documented unsupported operator`);
        const name = UNSUPPORTED[blocked[0]!]!.name;
        try {
          derive(c.expr, { wrt: c.wrt, vars: c.vars });
          assert.unreachable(`${c.expr}: expected an 'unsupported' error naming ${name}`);
        } catch (e) {
          if (!(e instanceof MatdiffError)) throw e;
          assert.is(e.kind, 'unsupported', `${c.expr}: ${e.message}`);
          assert.ok(e.message.includes(`${name}(`), `the error does not name ${name}: ${e.message}`);
        }
        return;
      }
      const d = derive(c.expr, { wrt: c.wrt, vars: c.vars });
      // the step carries the rule's id: diffRule for a rule in code, a catalogue id for diffFrom
      const ids = [rec.diffRule!, ...(rec.diffFrom ?? [])];
      assert.ok(ids.some((id) => ruleIds(d).has(id)), `${c.expr}: the derivation never applied ${ids.join(' or ')}`);
      assert.ok(d.gradient.check?.ok, `${c.expr}: derive's check did not pass`);
      compareWithFd(c, d, [1 + k, 11 + k]);
    });
  });
}

// ---- each adjoint -----------------------------------------------------------------------------

for (const [op, cases] of Object.entries(ADJ)) {
  cases.forEach((c, k) => {
    test(`ops: adjoint of ${op} — ${c.expr} wrt ${c.wrt}`, () => {
      const rec = OPS.get(op)!;
      assert.ok(linearNodes(c).has(op), `the differential of ${c.expr} does not pass through ${op}`);
      const d = derive(c.expr, { wrt: c.wrt, vars: c.vars });
      const ids = [rec.adjointRule!, ...(rec.adjointFrom ?? [])];
      assert.ok(ids.some((id) => ruleIds(d).has(id)), `${c.expr}: the derivation never applied ${ids.join(' or ')}`);
      assert.ok(d.gradient.check?.ok, `${c.expr}: derive's check did not pass`);
      compareWithFd(c, d, [21 + k, 31 + k]);
    });
  });
}

// ---- the adjoint identity ⟨C, L(V)⟩ = ⟨L*(C), V⟩ --------------------------------------------------

const SIZES = new Map([['n', 3], ['m', 2], ['k', 4]]);
const sh = (rows: string, cols: string): Shape => ({ rows, cols });
const v = (name: string, rows: string, cols: string): Term => b.variable(name, sh(rows, cols));

/** an operator applied to variables; the adjoint is taken in argument i (a variable) */
interface Instance {
  t: Term;
  i: number;
}

const INSTANCES: Record<string, Instance[]> = {
  add: [0, 1, 2].map((i) => ({ t: mk('add', [v('P', 'n', 'm'), v('Q', 'n', 'm'), v('R', 'n', 'm')]), i })),
  bcast: [{ t: mk('bcast', [v('a', '1', '1')], { shape: sh('n', 'm') }), i: 0 }],
  smul: [0, 1].map((i) => ({ t: mk('smul', [v('a', '1', '1'), v('P', 'n', 'm')]), i })),
  mul: [
    ...[0, 1, 2].map((i) => ({ t: mk('mul', [v('P', 'k', 'n'), v('Q', 'n', 'm'), v('R', 'm', 'n')]), i })),
    ...[0, 1].map((i) => ({ t: mk('mul', [v('a', '1', '1'), v('c', '1', '1')]), i })),
  ],
  had: [0, 1, 2].map((i) => ({ t: mk('had', [v('P', 'n', 'm'), v('Q', 'n', 'm'), v('R', 'n', 'm')]), i })),
  T: [{ t: mk('T', [v('P', 'n', 'm')]), i: 0 }],
  frob: [0, 1].map((i) => ({ t: mk('frob', [v('P', 'n', 'm'), v('Q', 'n', 'm')]), i })),
  tr: [{ t: mk('tr', [v('P', 'n', 'n')]), i: 0 }],
  Diag: [
    { t: mk('Diag', [v('p', 'n', '1')]), i: 0 },
    { t: mk('Diag', [v('p', '1', 'n')]), i: 0 },
  ],
  diag: [{ t: mk('diag', [v('P', 'n', 'n')]), i: 0 }],
  sum: [{ t: mk('sum', [v('P', 'n', 'm')]), i: 0 }],
  mean: [
    { t: mk('mean', [v('P', 'n', 'm')]), i: 0 },
    { t: mk('mean', [v('p', 'k', '1')]), i: 0 },
  ],
  kron: [0, 1].map((i) => ({ t: mk('kron', [v('P', 'n', 'm'), v('Q', 'k', 'n')]), i })),
  vec: [{ t: mk('vec', [v('P', 'n', 'm')]), i: 0 }],
  tril: [
    { t: mk('tril', [v('P', 'n', 'm')]), i: 0 },
    { t: mk('tril', [v('P', 'm', 'n')]), i: 0 },
  ],
  unvec: [{ t: mk('unvec', [v('p', 'm*n', '1')], { shape: sh('n', 'm') }), i: 0 }],
  // C is (k·n)×(m·n), in blocks n×n (blocksum with a k×m matrix) or k×m blocks of the shape of n×n B
  blocksum: [0, 1].map((i) => ({ t: mk('blocksum', [v('C', 'k*n', 'm*n'), v('A', 'k', 'm')]), i })),
  blockfrob: [0, 1].map((i) => ({ t: mk('blockfrob', [v('C', 'k*n', 'm*n'), v('B', 'n', 'n')]), i })),
};

for (const [op, instances] of Object.entries(INSTANCES)) {
  instances.forEach(({ t, i }, k) => {
    test(`ops: adjoint identity of ${op} in argument ${i} (${t.args.map((a) => `${a.shape.rows}×${a.shape.cols}`).join(', ')})`, () => {
      assert.is(t.op, op);
      const rec = OPS.get(op)!;
      const x = t.args[i]!;
      assert.is(x.op, 'var');
      const rand = new Rand(500 + 17 * k + i);
      for (let trial = 0; trial < 3; trial++) {
        const values: Record<string, Matrix> = {};
        for (const a of t.args) values[a.name!] = randomMatrix(dimSize(a.shape.rows, SIZES), dimSize(a.shape.cols, SIZES), rand);
        const C = v('Ccot', t.shape.rows, t.shape.cols);
        values.Ccot = randomMatrix(dimSize(t.shape.rows, SIZES), dimSize(t.shape.cols, SIZES), rand);
        const V = randomMatrix(values[x.name!]!.length, values[x.name!]![0]!.length, rand);
        const zero = V.map((row) => row.map(() => 0));
        const at = (xv: Matrix) => evalAt(t, { sizes: SIZES, values: { ...values, [x.name!]: xv } });
        // L(V) = t(…, V, …) − t(…, 0, …): the part of t that is linear in argument i
        const tv = at(V);
        const t0 = at(zero);
        const LV = tv.map((row, r) => row.map((y, c) => y - t0[r]![c]!));
        const adj = rec.adjoint!(t, C, i);
        assert.equal([adj.shape.rows, adj.shape.cols], [x.shape.rows, x.shape.cols], `the adjoint of ${op} has the wrong shape`);
        const lhs = frob(values.Ccot, LV);
        const rhs = frob(evalAt(adj, { sizes: SIZES, values }), V);
        assert.ok(Math.abs(lhs - rhs) <= 1e-10 * Math.max(1, Math.abs(lhs)), `${op}, argument ${i}: ⟨C, L(V)⟩ = ${lhs} but ⟨L*(C), V⟩ = ${rhs}`);
      }
    });
  });
}

test.run();
