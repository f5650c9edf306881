// The claim corpus: hand-written gradients judged by `check`. Correct claims are written in forms
// different from matdiff's own (expanded, factored, transposed twice, Diag instead of Hadamard,
// the seeds' own notation); wrong claims cover every diagnosis. Each row says where it comes from
// and why it is right or wrong; the expected verdicts are worked out by hand, not by matdiff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, type DiagnosisKind } from '../src/index.js';

interface Row {
  source: string;
  why: string;
  expr: string;
  vars?: string;
  wrt: string;
  claim: string;
  verdict: 'correct' | 'wrong';
  diagnosis?: DiagnosisKind;
  /** every mistake, for a claim with two (or three) at once */
  kinds?: DiagnosisKind[];
}

const S3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n' };
const S0 = { expr: 'yhat = sigmoid(w\'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))', vars: 'w: n; x: n; y: scalar' };
const S1 = { expr: "L = -y*log(softmax(z))'", vars: 'y: 1 x N onehot; z: 1 x N' };
const S2 = { expr: "z = w'*x + b; u = relu(z); C = (y - u)^2", vars: 'w: n; x: n; b: scalar; y: scalar' };
const S4 = { expr: "sigmoid(w'*x)", vars: 'w: 3; x: 3' };
const SQ = 'A: n x n; X: n x n; B: n x n';
// seed 004 as the questioner writes it, one scalar per weight and input
const S4S = 'w0: scalar; w1: scalar; w2: scalar; x0: scalar; x1: scalar';

const ok = (source: string, why: string, expr: string, vars: string, wrt: string, claim: string): Row => ({ source, why, expr, vars, wrt, claim, verdict: 'correct' });
const bad = (source: string, why: string, expr: string, vars: string, wrt: string, claim: string, diagnosis?: DiagnosisKind): Row => ({ source, why, expr, vars, wrt, claim, verdict: 'wrong', diagnosis });
/** a claim with two mistakes (or three): the diagnosis names each, the first as its kind */
const bad2 = (source: string, why: string, expr: string, vars: string, wrt: string, claim: string, kinds: DiagnosisKind[]): Row => ({ source, why, expr, vars, wrt, claim, verdict: 'wrong', diagnosis: kinds[0], kinds });

const CORPUS: Row[] = [
  // ---- correct claims, in forms other than matdiff's ----
  ok('seed 003', 'the answer as the seed writes it, Diag form (S − S²)(s − y)xᵀ', S3.expr, S3.vars, 'W', "S = Diag(s); (S - S^2)*(s - y)*x'"),
  ok('seed 003', 'the seed\'s last line (S − S²)(sxᵀ − yxᵀ), expanded', S3.expr, S3.vars, 'W', "S = Diag(s); (S - S^2)*(s*x' - y*x')"),
  ok('seed 003', 'transposed twice', S3.expr, S3.vars, 'W', "(x*((s - s.^2) .* (s - y))')'"),
  ok('seed 003', 'σ′ factored as s ∘ (1 − s)', S3.expr, S3.vars, 'W', "((s - y) .* s .* (1 - s))*x'"),
  ok('seed 003', 'Diag of the σ′ vector instead of a Hadamard product', S3.expr, S3.vars, 'W', "Diag(s .* (1 - s))*(s - y)*x'"),
  ok('seed 003', 'the gradient for x, Diag form', S3.expr, S3.vars, 'x', "W'*Diag(s - s.^2)*(s - y)"),
  ok('seed 003', 'no names at all', S3.expr, S3.vars, 'W', "((sigmoid(W*x) - y) .* sigmoid(W*x) .* (1 - sigmoid(W*x)))*x'"),
  ok('seed 000', 'the final line, left side: (ŷ − y)x', S0.expr, S0.vars, 'w', '(yhat - y)*x'),
  ok('seed 000', 'the final line, right side: −(y − ŷ)x', S0.expr, S0.vars, 'w', '-(y - yhat)*x'),
  ok('seed 000', 'the scalar written after the vector', S0.expr, S0.vars, 'w', 'x*(yhat - y)'),
  ok('seed 001', 'softmax cross-entropy with row vectors: p − y', S1.expr, S1.vars, 'z', 'softmax(z) - y'),
  ok('seed 001', 'the same, negated twice', S1.expr, S1.vars, 'z', '-(y - softmax(z))'),
  ok('seed 002', 'relu chain: −2(y − u) step(z) x', S2.expr, S2.vars, 'w', '-2*(y - u)*step(z)*x'),
  ok('seed 002', 'the bias gradient 2(u − y) step(z)', S2.expr, S2.vars, 'b', '2*(u - y)*step(z)'),
  ok('seed 004', 'the answer: σ(1 − σ)·x', S4.expr, S4.vars, 'w', "(1 - sigmoid(w'*x))*sigmoid(w'*x)*x"),
  ok('seed 004', 'the answer for x: σ(1 − σ)·w', S4.expr, S4.vars, 'x', "sigmoid(w'*x)*(1 - sigmoid(w'*x))*w"),
  ok('Matrix Cookbook (81)', 'xᵀAx, expanded: Ax + Aᵀx', "x'*A*x", '', 'x', "A*x + A'*x"),
  ok('Matrix Cookbook (81)', 'transposed twice', "x'*A*x", '', 'x', "(x'*(A + A'))'"),
  ok('Matrix Cookbook (81)', 'symmetric A: 2Ax', "x'*A*x", 'A: n x n symmetric', 'x', '2*A*x'),
  ok('Matrix Cookbook (81)', 'symmetric A, written Ax + Aᵀx', "x'*A*x", 'A: n x n symmetric', 'x', "A*x + A'*x"),
  ok('Matrix Cookbook (81)', 'the ½ cancels the 2', "1/2*x'*A*x", 'A: n x n symmetric', 'x', 'A*x'),
  ok('least squares', '2Aᵀ(Ax − b)', "(A*x - r)'*(A*x - r)", '', 'x', "2*A'*(A*x - r)"),
  ok('least squares', 'expanded: 2(AᵀAx − Aᵀb)', "(A*x - r)'*(A*x - r)", '', 'x', "2*(A'*A*x - A'*r)"),
  ok('least squares', 'with the ½: AᵀAx − Aᵀb', "1/2*(A*x - r)'*(A*x - r)", '', 'x', "A'*A*x - A'*r"),
  ok('Matrix Cookbook (103)', 'tr(AXB): (BA)ᵀ instead of AᵀBᵀ', 'tr(A*X*B)', '', 'X', "(B*A)'"),
  ok('Matrix Cookbook (108)', 'tr(XᵀAX): AX + AᵀX', "tr(X'*A*X)", '', 'X', "A*X + A'*X"),
  ok('Matrix Cookbook (57)', 'log det of an SPD matrix: X⁻¹', 'logdet(X)', 'X: n x n spd', 'X', 'inv(X)'),
  ok('Matrix Cookbook (57)', 'log det, general X: (Xᵀ)⁻¹', 'logdet(X)', 'X: n x n', 'X', "inv(X')"),
  ok('Matrix Cookbook (49)', 'det: det(X) X⁻ᵀ', 'det(X)', 'X: n x n', 'X', "det(X)*inv(X)'"),
  ok('Matrix Cookbook (63)', 'tr(X⁻¹A): −(X⁻¹AX⁻¹)ᵀ', 'tr(inv(X)*A)', 'X: n x n; A: n x n', 'X', "-(inv(X)*A*inv(X))'"),
  ok('elementwise', 'Σ exp(x): exp(x)', 'sum(exp(x))', '', 'x', 'exp(x)'),
  ok('linear', 'uᵀx: u', "u'*x", '', 'x', 'u'),
  ok('Hadamard', 'Σ u∘x∘x: Diag form 2 Diag(u) x', 'sum(u .* x .* x)', '', 'x', '2*Diag(u)*x'),
  ok('Hadamard', 'xᵀ Diag(u) x: Hadamard form 2 u∘x', "x'*Diag(u)*x", '', 'x', '2*u .* x'),
  ok('elementwise', 'Σ tanh(Wx): (1 − tanh²) xᵀ', 'sum(tanh(W*x))', '', 'W', "(1 - tanh(W*x).^2)*x'"),
  ok('softmax', 'cross-entropy with a one-hot column y', "-y'*log(softmax(z))", 'y: n onehot; z: n', 'z', 'softmax(z) - y'),
  ok('softmax', 'log-sum-exp: softmax', 'logsumexp(z)', '', 'z', 'softmax(z)'),
  ok('norm', 'xᵀx: x + x', "x'*x", '', 'x', 'x + x'),
  ok('norm', '‖Wx‖²: 2Wxxᵀ', "(W*x)'*(W*x)", '', 'W', "2*W*x*x'"),
  ok('Frobenius', 'tr(WᵀW): 2W', "tr(W'*W)", '', 'W', 'W + W'),

  // ---- wrong claims, one or more of each diagnosis ----
  bad('seed 003', 'the layout mix-up: x((s − s∘²) ∘ (s − y))ᵀ is m×n', S3.expr, S3.vars, 'W', "x*((s - s.^2) .* (s - y))'", 'transpose'),
  bad('Matrix Cookbook (103)', 'tr(AXB): BA is the transpose of AᵀBᵀ', 'tr(A*X*B)', '', 'X', 'B*A', 'transpose'),
  bad('linear', 'uᵀx: a row uᵀ where the gradient is the column u', "u'*x", '', 'x', "u'", 'transpose'),
  bad('seed 000', 'the final line as a row', S0.expr, S0.vars, 'w', "(yhat - y)*x'", 'transpose'),
  bad('least squares', 'the lost 2 of a quadratic form', "(A*x - r)'*(A*x - r)", '', 'x', "A'*(A*x - r)", 'factor'),
  bad('seed 003', 'the ½ dropped: twice the gradient', S3.expr, S3.vars, 'W', "2*((s - s.^2) .* (s - y))*x'", 'factor'),
  bad('norm', 'xᵀx: x is half the gradient', "x'*x", '', 'x', 'x', 'factor'),
  bad('norm', '½xᵀx: 2x is twice the gradient', "1/2*x'*x", '', 'x', '2*x', 'factor'),
  bad('seed 000', 'the wrong sign: (y − ŷ)x', S0.expr, S0.vars, 'w', '(y - yhat)*x', 'sign'),
  bad('Matrix Cookbook (57)', 'log det with a minus sign', 'logdet(X)', 'X: n x n spd', 'X', '-inv(X)', 'sign'),
  bad('Matrix Cookbook (63)', 'd X⁻¹ = −X⁻¹ dX X⁻¹: the minus lost', 'tr(inv(X)*A)', 'X: n x n; A: n x n', 'X', "inv(X)'*A'*inv(X)'", 'sign'),
  bad('Matrix Cookbook (81)', '2Ax for a general A', "x'*A*x", '', 'x', '2*A*x', 'symmetric'),
  bad('Matrix Cookbook (81)', '2Ax + u for a general A', "x'*A*x + u'*x", '', 'x', '2*A*x + u', 'symmetric'),
  bad('Matrix Cookbook (108)', 'tr(XᵀAX): 2AX for a general A', "tr(X'*A*X)", '', 'X', '2*A*X', 'symmetric'),
  bad('Hadamard vs product', 'Σ (AX)∘B: the gradient is AᵀB, a matrix product', 'sum((A*X) .* B)', SQ, 'X', "A' .* B", 'hadamard-for-product'),
  bad('Hadamard vs product', 'tr(AXB): AᵀBᵀ is a matrix product', 'tr(A*X*B)', SQ, 'X', "A' .* B'", 'hadamard-for-product'),
  bad('Hadamard vs product', 'Σ A∘X∘B: the gradient is A∘B, not AB', 'sum(A .* X .* B)', SQ, 'X', 'A*B', 'product-for-hadamard'),
  bad('seed 003', 'σ′ ∘ (s − y) written as an inner product (and the shape is wrong too)', S3.expr, S3.vars, 'W', "(s - s.^2)'*(s - y)*x'", 'product-for-hadamard'),
  bad('seed 004', 'the questioner uses the activation σ where σ′ belongs', S4.expr, S4.vars, 'w', "sigmoid(w'*x)*x", 'missing-derivative'),
  bad('seed 003', 's where s − s∘² belongs', S3.expr, S3.vars, 'W', "(s .* (s - y))*x'", 'missing-derivative'),
  bad('elementwise', 'tanh where tanh′ = 1 − tanh² belongs', 'sum(tanh(W*x))', '', 'W', "tanh(W*x)*x'", 'missing-derivative'),
  bad('seed 004', 'the seed\'s scalars: x0·σ for ∂σ/∂w0, the activation where σ′ belongs', 'sigmoid(w0*x0 + w1*x1 + w2)', S4S, 'w0', 'x0*sigmoid(w0*x0 + w1*x1 + w2)', 'missing-derivative'),
  bad('seed 004', 'the seed\'s "1 * activation" for ∂σ/∂w2: σ where σ′ belongs', 'sigmoid(w0*x0 + w1*x1 + w2)', S4S, 'w2', '1*sigmoid(w0*x0 + w1*x1 + w2)', 'missing-derivative'),
  ok('seed 004', 'the seed\'s scalars, right: (1 − σ)σ·x0', 'sigmoid(w0*x0 + w1*x1 + w2)', S4S, 'w0', '(1 - sigmoid(w0*x0 + w1*x1 + w2))*sigmoid(w0*x0 + w1*x1 + w2)*x0'),
  bad('seed 003', 'the σ′ factor left out', S3.expr, S3.vars, 'W', "(s - y)*x'", 'missing-factor'),
  bad('seed 004', 'σ′ left out: just x', S4.expr, S4.vars, 'w', 'x', 'missing-factor'),
  bad('chain rule', 'Σ σ(Ax): the inner derivative Aᵀ left out', 'sum(sigmoid(A*x))', 'A: n x n; x: n', 'x', 'sigmoid(A*x) - sigmoid(A*x).^2', 'missing-factor'),
  bad('Matrix Cookbook (81)', 'only one side of the product rule: Ax', "x'*A*x", '', 'x', 'A*x', 'missing-term'),
  bad('Matrix Cookbook (81)', 'only the other side: Aᵀx', "x'*A*x", '', 'x', "A'*x", 'missing-term'),
  bad('sum rule', 'uᵀx + xᵀx: the 2x term left out', "u'*x + x'*x", '', 'x', 'u', 'missing-term'),
  bad('seed 003', 'the gradient for x given for W', S3.expr, S3.vars, 'W', "W'*((s - s.^2) .* (s - y))", 'wrong-variable'),
  bad('Matrix Cookbook (103)', 'tr(AXB) with square factors: XᵀAᵀ is ∂/∂B', 'tr(A*X*B)', SQ, 'X', "X'*A'", 'wrong-variable'),
  bad('seed 004', 'the gradient for x (σ(1 − σ)w) given for w', S4.expr, S4.vars, 'w', "(1 - sigmoid(w'*x))*sigmoid(w'*x)*w", 'wrong-variable'),
  bad('seed 004', "the questioner's grad_w = [x0·a + x1·a + 1·a] (x holds x0, x1, 1): one number for three weights", S4.expr, S4.vars, 'w', "sum(x)*sigmoid(w'*x)", 'shape'),
  bad('Matrix Cookbook (81)', 'an extra factor xᵀ: a matrix for a vector variable', "x'*A*x", '', 'x', "(A + A')*x*x'", 'shape'),
  bad('Matrix Cookbook (81)', 'the x left out: A + Aᵀ is a matrix, and the missing factor is named', "x'*A*x", '', 'x', "A + A'", 'missing-factor'),
  bad('linear', 'an outer product for a vector variable', "u'*x", '', 'x', "x*u'", 'shape'),
  bad('Matrix Cookbook (57)', 'a scalar for a matrix variable', 'logdet(X)', 'X: n x n spd', 'X', '1/det(X)', 'shape'),
  bad('no diagnosis', 'A²x: wrong, and none of the usual mistakes', "x'*A*x", '', 'x', 'A*A*x', undefined),
  bad('no diagnosis', '2A²x: two changes, neither in the catalogue', "x'*A*x", '', 'x', '2*A*A*x', undefined),

  // ---- two mistakes at once: each named, the pair checked numerically ----
  bad2('seed 003', 'transposed and the ½ dropped: 2x((s − s∘²) ∘ (s − y))ᵀ = 2Gᵀ', S3.expr, S3.vars, 'W', "2*x*((s - s.^2) .* (s - y))'", ['transpose', 'factor']),
  bad2('seed 003', 'transposed and the wrong sign: −Gᵀ', S3.expr, S3.vars, 'W', "-x*((s - s.^2) .* (s - y))'", ['transpose', 'sign']),
  bad2('seed 003', 'σ′ left out and transposed: x(s − y)ᵀ', S3.expr, S3.vars, 'W', "x*(s - y)'", ['missing-factor', 'transpose']),
  bad2('seed 003', 'σ for σ′ and the wrong sign: −(s ∘ (s − y))xᵀ', S3.expr, S3.vars, 'W', "-(s .* (s - y))*x'", ['missing-derivative', 'sign']),
  bad2('seed 003', 'the gradient for x, with the wrong sign', S3.expr, S3.vars, 'W', "-W'*((s - s.^2) .* (s - y))", ['wrong-variable', 'sign']),
  bad2('seed 003', 'the gradient for x, transposed: a row', S3.expr, S3.vars, 'W', "((s - s.^2) .* (s - y))'*W", ['wrong-variable', 'transpose']),
  bad2('seed 000', 'the wrong sign and a row: (y − ŷ)xᵀ', S0.expr, S0.vars, 'w', "(y - yhat)*x'", ['transpose', 'sign']),
  bad2('seed 004', 'σ for σ′ and the wrong sign', S4.expr, S4.vars, 'w', "-sigmoid(w'*x)*x", ['missing-derivative', 'sign']),
  bad2('seed 004', 'σ for σ′ and a row (the Jacobian layout)', S4.expr, S4.vars, 'w', "sigmoid(w'*x)*x'", ['missing-derivative', 'transpose']),
  bad2('least squares', 'the lost 2 and a row: (Ax − r)ᵀA = ½Gᵀ', "(A*x - r)'*(A*x - r)", '', 'x', "(A*x - r)'*A", ['transpose', 'factor']),
  bad2('norm', '½xᵀx: 2xᵀ is twice the gradient, transposed', "1/2*x'*x", '', 'x', "2*x'", ['transpose', 'factor']),
  bad2('Matrix Cookbook (81)', 'one side of the product rule, as a row: (Ax)ᵀ', "x'*A*x", '', 'x', "(A*x)'", ['missing-term', 'transpose']),
  bad2('Matrix Cookbook (81)', 'the sign and the layout: −((A + Aᵀ)x)ᵀ', "x'*A*x", '', 'x', "-(A*x + A'*x)'", ['transpose', 'sign']),
  bad2('Matrix Cookbook (81)', '2Axᵀ… as a row: 2xᵀAᵀ is right only for a symmetric A, and transposed', "x'*A*x", '', 'x', "2*x'*A'", ['symmetric', 'transpose']),
  bad2('Matrix Cookbook (81)', '4Ax: symmetric A assumed and a factor 2 too many', "x'*A*x", '', 'x', '4*A*x', ['symmetric', 'factor']),
  bad2('Matrix Cookbook (103)', 'tr(AXB): −BA, transposed and the wrong sign', 'tr(A*X*B)', '', 'X', '-B*A', ['transpose', 'sign']),
  bad2('Hadamard vs product', 'Σ A∘X∘B: 2AB, a matrix product and a factor 2', 'sum(A .* X .* B)', SQ, 'X', '2*A*B', ['product-for-hadamard', 'factor']),
  // a gradient whose entries are all tiny is judged relative to its size, not against an absolute floor
  ok('small values', 'a loss scaled by 1e-10, right', '1/10000000000*sum(exp(x))', '', 'x', 'exp(x)/10000000000'),
  bad('small values', 'a loss scaled by 1e-10, the wrong sign', '1/10000000000*sum(exp(x))', '', 'x', '-1/10000000000*exp(x)', 'sign'),
  bad('small values', 'a loss scaled by 1e-10, zero claimed', '1/10000000000*sum(exp(x))', '', 'x', 'zeros(n)'),
  // a claim must have a value wherever the gradient has one; a gap of measure zero is no mistake
  bad('domain', 'sqrt(x) ./ sqrt(x) has no value where an entry of x is negative', 'sum(abs(x))', '', 'x', 'sqrt(x) ./ sqrt(x)'),
  bad('domain', 'exp(log(x)) has no value where an entry of x is negative', "1/2*x'*x", '', 'x', 'exp(log(x))'),
  ok('domain', '(x² − x) ./ (x − 1) is x except at x = 1, a point no real draw hits', "1/2*x'*x", '', 'x', '(x.^2 - x) ./ (x - 1)'),
  // piecewise functions agree at every small integer and differ beyond: wide draws find it
  bad('piecewise', 'relu(a) − relu(a − 30) is relu(a) only below 30', '1/2*relu(a)^2', '', 'a', 'relu(a) - relu(a - 30)'),
  bad('piecewise', 'sign(x) − step(x − 25) is sign(x) only below 25', 'sum(abs(x))', '', 'x', 'sign(x) - step(x - 25)'),
  ok('piecewise', 'relu(a)·step(a) is relu(a)', '1/2*relu(a)^2', '', 'a', 'relu(a)*step(a)'),
];

test('the corpus has at least 60 claims, correct and wrong, every diagnosis represented', () => {
  assert.ok(CORPUS.length >= 60, `${CORPUS.length} claims`);
  const kinds = new Set(CORPUS.map((r) => r.diagnosis).filter(Boolean));
  for (const k of ['transpose', 'factor', 'sign', 'symmetric', 'hadamard-for-product', 'product-for-hadamard', 'missing-derivative', 'missing-factor', 'missing-term', 'wrong-variable', 'shape']) assert.ok(kinds.has(k as DiagnosisKind), `no row for ${k}`);
  assert.ok(CORPUS.filter((r) => r.verdict === 'correct').length >= 30);
});

for (const r of CORPUS) {
  test(`${r.verdict} (${r.diagnosis ?? '-'}): ${r.source}: ${r.why}`, () => {
    const c = check(r.expr, { wrt: r.wrt, vars: r.vars ?? '', claim: r.claim });
    assert.is(c.verdict, r.verdict, `verdict for ${r.claim}`);
    assert.is(c.ok, r.verdict === 'correct');
    if (r.verdict === 'wrong') {
      assert.is(c.diagnosis?.kind, r.diagnosis, `diagnosis for ${r.claim}: ${c.diagnosis?.message}`);
      if (c.diagnosis) assert.equal(c.diagnosis.kinds, r.kinds ?? [r.diagnosis], `every mistake in ${r.claim}: ${c.diagnosis.message}`);
      if (r.kinds) assert.match(c.diagnosis!.message, /^(Two|Three) mistakes/);
      // a wrong claim always comes with a counterexample at small values of every variable
      assert.ok(c.counterexample, 'a counterexample');
      const cx = c.counterexample!;
      const names = cx.values.map((v) => v.name);
      for (const v of c.variables) assert.ok(names.includes(v.name), `counterexample gives ${v.name}`);
      // (claims that differ only where a piecewise function changes piece, beyond 10, need larger values)
      const limit = r.source === 'piecewise' ? 1000 : 10;
      for (const v of cx.values) for (const row of v.value.entries) for (const e of row) assert.ok(/^-?\d+(\/\d+)?$/.test(e) && Math.abs(eval(e)) <= limit, `small value ${e}`);
      if (cx.claimed.rows === cx.truth.rows && cx.claimed.cols === cx.truth.cols) assert.not.equal(cx.claimed.entries, cx.truth.entries);
    } else {
      assert.is(c.diagnosis, undefined);
      assert.ok(['symbolic', 'exact', 'float'].includes(c.comparison.method));
    }
  });
}

test('the method is stated: symbolic, exact (rational) or float with a tolerance', () => {
  const sym = check('tr(A*X*B)', { wrt: 'X', claim: "A'*B'" });
  assert.is(sym.comparison.method, 'symbolic');
  const exact = check("x'*A*x", { wrt: 'x', claim: "A*x + A'*x" });
  assert.ok(['symbolic', 'exact'].includes(exact.comparison.method));
  const expanded = check("(A*x - r)'*(A*x - r)", { wrt: 'x', claim: "2*(A'*A*x - A'*r)" });
  assert.is(expanded.comparison.method, 'exact');
  const float = check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "((s - y) .* s .* (1 - s))*x'" });
  assert.is(float.comparison.method, 'float');
  assert.is(float.comparison.tolerance, 1e-9);
  assert.ok(float.comparison.points >= 4);
  assert.match(float.report('text'), /relative tolerance 1e-9/);
  assert.match(expanded.report('text'), /exact rational evaluation/);
});

test('the transpose diagnosis explains the convention', () => {
  const c = check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "x*((s - s.^2) .* (s - y))'" });
  assert.match(c.diagnosis!.message, /layout/);
  assert.match(c.diagnosis!.message, /shape of W \(n×m\)/);
});

test('the shape diagnosis names both shapes', () => {
  const c = check(S4.expr, { wrt: 'w', vars: S4.vars, claim: "sum(x)*sigmoid(w'*x)" });
  assert.match(c.diagnosis!.message, /a scalar/);
  assert.match(c.diagnosis!.message, /3×1/);
});

test('a wrong-shaped claim explained by another mistake still names both shapes', () => {
  const c = check("x'*A*x", { wrt: 'x', claim: "A + A'" });
  assert.is(c.diagnosis!.kind, 'missing-factor');
  assert.match(c.diagnosis!.message, /n×n/);
  assert.match(c.diagnosis!.message, /a column \(n×1\)/);
});

test('the factor diagnosis names the factor', () => {
  const c = check("(A*x - r)'*(A*x - r)", { wrt: 'x', claim: "A'*(A*x - r)" });
  assert.is(c.diagnosis!.factor, '1/2');
  assert.match(c.diagnosis!.message, /2/);
});

test('a composed diagnosis is true: the form it names equals the claim (judged as a one-step chain)', () => {
  let n = 0;
  for (const r of CORPUS.filter((x) => x.kinds && !x.kinds.includes('symmetric') && !x.claim.includes(';'))) {
    const c = check(r.expr, { wrt: r.wrt, vars: r.vars ?? '', claim: r.claim });
    const as = c.diagnosis!.as!;
    const same = check(r.expr, { vars: r.vars ?? '', steps: `${r.claim} = ${as}`, wrt: r.wrt });
    assert.is(same.verdict, 'correct', `${r.claim} = ${as}`);
    n++;
  }
  assert.ok(n >= 10, `${n} rows`);
});

test('the diagnosis of a transposed constant multiple names both, with the factor', () => {
  const c = check("(A*x - r)'*(A*x - r)", { wrt: 'x', claim: "(A*x - r)'*A" });
  assert.equal(c.diagnosis!.kinds, ['transpose', 'factor']);
  assert.is(c.diagnosis!.factor, '1/2');
  assert.match(c.diagnosis!.message, /\(1\) It is transposed \(a row where the gradient is a column\): the layout mix-up/);
  assert.match(c.diagnosis!.message, /\(2\) It is half what it should be/);
  assert.match(c.report('text'), /Diagnosis \(transpose \+ factor\)/);
});

test('a claim may only use the names of the function, its own definitions, and declared variables', () => {
  // a typo is an error with a suggestion, not a new variable
  try {
    check("x'*A*x", { wrt: 'x', claim: "(A + A')*xx" });
    assert.unreachable('xx is not a name of the function');
  } catch (e) {
    const m = (e as { format(): string }).format();
    assert.match(m, /the claim uses `xx`, which is neither a variable nor a definition/);
    assert.match(m, /did you mean `x`\?/);
    assert.match(m, /\n {11}\^\^/);
  }
  // seed 003's S must be defined in the claim (or the function): the hint says how
  assert.throws(() => check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "(S - S^2)*(s - y)*x'" }), (e: Error) => /`S`/.test(e.message) && /S = Diag\(s\)/.test((e as { hint?: string }).hint ?? ''));
  // a declared variable the function does not use is a variable: the claim is judged (wrong), not an error
  const u = check("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n; u: n', claim: "A*x + A'*x + u" });
  assert.is(u.verdict, 'wrong');
  assert.ok(u.counterexample!.values.some((v) => v.name === 'u'));
});

test('bad input is an error, not a verdict', () => {
  assert.throws(() => check("x'*A*x", { wrt: 'x', claim: 'A*q' }), /neither a variable nor a definition/);
  assert.throws(() => check("x'*A*x", { wrt: 'x', claim: 'A*' }), /expected an expression/);
  assert.throws(() => check("x'*A*x", { wrt: 'z', claim: 'A*x' }), /does not occur/);
  assert.throws(() => check('tr(A*X*B)', { wrt: 'X', claim: "B'*A'" }), /shape clash/);
});

test.run();
