// Printing: one language for what users type and what matdiff prints. Every printed gradient, and
// every printed input function, parses back to the very same (interned) term; the Unicode and
// LaTeX forms read as hand-checked; LaTeX braces balance.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import katex from 'katex';
import { derive, parse, toText, toUnicode, toLatex, type Derivation } from '../src/index.js';
import { declsOfVars } from './helpers/decls.js';

/** declarations of every variable of a derivation, with the shapes and facts it inferred */
const declsOf = (d: Derivation): string => declsOfVars(d.elaborated.vars.values());

const ROWS: { expr: string; wrt: string; vars?: string }[] = [
  // the README and the seeds
  { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', wrt: 'W', vars: 'W: n x m; x: m; y: n' },
  { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', wrt: 'x', vars: 'W: n x m; x: m; y: n' },
  { expr: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", wrt: 'w', vars: 'w: n; x: n; y: scalar' },
  { expr: "L = -y*log(softmax(z))'", wrt: 'z', vars: 'y: 1 x N onehot; z: 1 x N' },
  { expr: "z = w'*x + b; u = relu(z); C = (y - u)^2", wrt: 'w', vars: 'w: n; x: n; b: scalar; y: scalar' },
  { expr: "z = w'*x + b; u = relu(z); C = (y - u)^2", wrt: 'b', vars: 'w: n; x: n; b: scalar; y: scalar' },
  { expr: "a = sigmoid(w'*x + b)", wrt: 'w', vars: 'w: n; x: n; b: scalar' },
  { expr: "a = sigmoid(w'*x + b)", wrt: 'x', vars: 'w: n; x: n; b: scalar' },
  { expr: "x'*A*x", wrt: 'x' },
  { expr: "x'*A*x", wrt: 'x', vars: 'A: n x n symmetric' },
  { expr: "x'*A*x", wrt: 'A' },
  { expr: 'tr(A*X*B)', wrt: 'X' },
  { expr: 'logdet(X)', wrt: 'X' },
  { expr: 'logdet(X)', wrt: 'X', vars: 'X: n x n spd' },
  { expr: "-y'*log(softmax(z))", wrt: 'z', vars: 'y: n onehot; z: n' },
  { expr: 'h = tanh(W*x + b); L = 1/2*(h - y):(h - y)', wrt: 'W', vars: 'W: n x m; x: m; b: n; y: n' },
  { expr: 'r = A*x - y; f = r:r + lambda*x:x', wrt: 'x', vars: 'lambda: scalar' },
  // matrix functions
  { expr: 'det(X)', wrt: 'X', vars: 'X: n x n' },
  { expr: 'det(A*X*B)', wrt: 'X', vars: 'A: n x n; X: n x n; B: n x n' },
  { expr: 'tr(inv(X)*A)', wrt: 'X' },
  { expr: 'tr(X^2)', wrt: 'X' },
  { expr: 'tr(X^-2*A)', wrt: 'X' },
  { expr: 'tr(X^-1)', wrt: 'X' },
  { expr: "x'*inv(A)*x", wrt: 'A' },
  { expr: "tr(X'*A*X)", wrt: 'X' },
  { expr: "tr(X*X'*A)", wrt: 'X', vars: 'A: n x n symmetric' },
  { expr: "x'*Diag(v)*x", wrt: 'v' },
  { expr: 'sum(diag(A*X))', wrt: 'X' },
  { expr: 'tr(Diag(a*ones(n))*X)', wrt: 'X', vars: 'a: scalar; X: n x n' },
  { expr: 'tr(A*X) + tr(X*B) - 3*tr(X)', wrt: 'X' },
  // elementwise, divisions, powers, scalars
  { expr: 'sum(exp(W*x))', wrt: 'W', vars: 'W: n x m' },
  { expr: 'sum(sigmoid(W2*tanh(W1*x)))', wrt: 'W1' },
  { expr: 'sum(log(x))', wrt: 'x', vars: 'x: n positive' },
  { expr: 'sum(sqrt(x))', wrt: 'x', vars: 'x: n positive' },
  { expr: 'sum(x ./ y)', wrt: 'y', vars: 'y: n positive' },
  { expr: 'sum(x ./ (y .* z))', wrt: 'x' },
  { expr: 'sum(x .^ -1)', wrt: 'x', vars: 'x: n positive' },
  { expr: 'sum((x - 2).^3)', wrt: 'x' },
  { expr: "u'*(x .* x .* x)", wrt: 'x' },
  { expr: "y'*log(p) + (1 - y)'*log(1 - p)", wrt: 'p' },
  { expr: 'a*b^3 + c/b', wrt: 'b' },
  { expr: 'a/(b*c) + b/c/d', wrt: 'b' },
  { expr: 'exp(a)*sin(b) - cos(a*b)', wrt: 'a' },
  { expr: "(x'*y)^2 / (x'*x)", wrt: 'x' },
  { expr: 'norm2(A*x - y)', wrt: 'x' },
  { expr: 'norm2(A*x - y)^2', wrt: 'x' },
  { expr: 'norm1(x)', wrt: 'x' },
  { expr: 'logsumexp(W*x)', wrt: 'W' },
  { expr: 'sum(softmax(z) .* z)', wrt: 'z' },
  { expr: "1/2*x'*A*x - b'*x", wrt: 'x', vars: 'A: n x n spd; b: n' },
  { expr: "x'*(A + A')*x/2", wrt: 'x' },
  { expr: "-2*x'*y + 3/4*(x:x)", wrt: 'x' },
  { expr: "ones(n)'*exp(x)", wrt: 'x', vars: 'x: n' },
  { expr: 'step(a)*a + sign(b)*b', wrt: 'a' },
  { expr: "r = x' - 2*u'; f = r*A*r'", wrt: 'x', vars: 'A: n x n' },
  // a negated vector scaled by a 1×1 factor on its right: the coefficient goes in front
  { expr: 'sum(-(y - y_hat) * x)', wrt: 'x' },
  { expr: 'a = (y - t)*(-c); f = a:a', wrt: 'c' },
];

for (const row of ROWS) {
  test(`print: the gradient of ${row.expr} (wrt ${row.wrt}) parses back to the same term`, () => {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' });
    const g = d.gradient;
    const text = String(g);
    assert.is(g.text, text);
    const back = parse(text, declsOf(d));
    assert.ok(back === g.term, `${text} parses to ${String(back)}, a different term`);
    // the printed form is a fixed point: printing the parse gives the same text
    assert.is(toText(back), text);
  });

  test(`print: the function ${row.expr} round-trips through its printed form`, () => {
    const f = parse(row.expr, row.vars ?? '');
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '', check: false });
    assert.ok(d.fn === f, 'derive and parse elaborate the function to the same term');
    const text = toText(f);
    const back = parse(text, declsOf(d));
    assert.ok(back === f, `${row.expr} prints as ${text}, which parses to ${String(back)}`);
  });
}

test('print: when every variable is declared, the user\'s own declarations are enough to parse the result back', () => {
  for (const row of ROWS.filter((r) => r.expr.startsWith('v = W*x') || r.expr.startsWith('h = tanh'))) {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars! }).gradient;
    assert.ok(parse(g.text, row.vars!) === g.term, g.text);
  }
});

test('print: facts are part of the term — a symmetric A round-trips only with the same declarations', () => {
  const vars = 'A: n x n symmetric; x: n';
  const d = derive("x'*A*x", { wrt: 'x', vars });
  assert.is(d.gradient.text, '2*A*x');
  assert.ok(parse(d.gradient.text, vars) === d.gradient.term);
  // without the fact it is another variable A, so another term
  assert.ok(parse(d.gradient.text, 'A: n x n; x: n') !== d.gradient.term);
  const spd = derive('logdet(X)', { wrt: 'X', vars: 'X: n x n spd' });
  assert.is(spd.gradient.text, 'inv(X)');
  assert.ok(parse('inv(X)', 'X: n x n spd') === spd.gradient.term);
});

test('print: interning — equal structure is the same object, so === is the round-trip test', () => {
  const a = parse("x'*A*x", 'A: n x n; x: n');
  const b = parse("x' * A * x", 'A: n x n; x: n');
  assert.ok(a === b);
  const c = parse('(A*x)\'*x', 'A: n x n; x: n');
  assert.ok(a !== c, '(Ax)ᵀx is built as a transpose of a product, not the same term');
});

test('print: aliases in the input print in matdiff syntax', () => {
  assert.is(toText(parse('σ(W·x) ∘ y', 'W: n x m; x: m; y: n')), 'sigmoid(W*x) .* y');
  assert.is(toText(parse('Aᵀ − B', 'A: n x n; B: n x n')), "A' - B");
  assert.is(toText(parse('trace(X)', 'X: n x n')), 'tr(X)');
});

// ---- Unicode and LaTeX, hand-checked ---------------------------------------------------------

const SEED3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n' };

test('print: Greek and other non-ASCII names keep every character in LaTeX, and KaTeX reads them', async () => {
  const katex = (await import('katex')).default;
  for (const [expr, wrt, want, vars] of [
    ["α*x'*x", 'x', '2 \\alpha x', ''],
    ["λ1*(w'*w)", 'w', '2 {\\lambda}_{1} w', ''],
    // an undeclared capital Greek letter is a matrix (Σ, a covariance), as A–Z are
    ['Σ*a^2', 'a', '2 a \\Sigma', 'Σ: scalar'],
    ["中*x'*x", 'x', '2 \\text{中} x', ''],
  ] as const) {
    const latex = derive(expr, { wrt, vars }).gradient.latex;
    assert.is(latex, want, expr);
    katex.renderToString(latex, { strict: 'error', throwOnError: true });
  }
});

test('print: seed 003 in every style', () => {
  const g = derive(SEED3.expr, { wrt: 'W', vars: SEED3.vars }).gradient;
  assert.is(g.text, "((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))*x'");
  assert.is(g.unicode, '((σ(Wx) − σ(Wx)∘²) ∘ (σ(Wx) − y))xᵀ');
  assert.is(
    g.latex,
    '\\left(\\left(\\sigma\\left(W x\\right) - \\sigma\\left(W x\\right)^{\\circ 2}\\right) \\circ \\left(\\sigma\\left(W x\\right) - y\\right)\\right) x^{\\top}',
  );
  assert.equal(g.pretty('text'), { expr: "((s - s.^2) .* (s - y))*x'", defs: [{ name: 's', expr: 'sigmoid(W*x)' }] });
  assert.equal(g.pretty('unicode'), { expr: '((s − s∘²) ∘ (s − y))xᵀ', defs: [{ name: 's', expr: 'σ(Wx)' }] });
});

const STYLES: { expr: string; wrt: string; vars?: string; text: string; unicode: string; latex: string }[] = [
  { expr: "x'*A*x", wrt: 'x', text: "(A + A')*x", unicode: '(A + Aᵀ)x', latex: '\\left(A + A^{\\top}\\right) x' },
  { expr: "x'*A*x", wrt: 'x', vars: 'A: n x n symmetric', text: '2*A*x', unicode: '2Ax', latex: '2 A x' },
  { expr: 'tr(A*X*B)', wrt: 'X', text: "A'*B'", unicode: 'AᵀBᵀ', latex: 'A^{\\top} B^{\\top}' },
  { expr: 'logdet(X)', wrt: 'X', text: "inv(X)'", unicode: 'X⁻¹ᵀ', latex: '\\left(X^{-1}\\right)^{\\top}' },
  { expr: 'sum(diag(A*X))', wrt: 'X', text: "A'", unicode: 'Aᵀ', latex: 'A^{\\top}' },
  { expr: 'tr(Diag(a*ones(n))*X)', wrt: 'X', vars: 'a: scalar; X: n x n', text: 'a*I(n)', unicode: 'a·I', latex: 'a I' },
  { expr: 'det(X)', wrt: 'X', text: "adj(X)'", unicode: 'adj(X)ᵀ', latex: '\\operatorname{adj}\\left(X\\right)^{\\top}' },
  { expr: 'a*b^3 + c/b', wrt: 'b', text: '3*a*b^2 - c/b^2', unicode: '3ab² − c/b²', latex: '3 a b^{2} - \\frac{c}{b^{2}}' },
  { expr: 'a/(b*c) + b/c/d', wrt: 'b', text: '1/c/d - a/b^2/c', unicode: '1/(cd) − a/(b²c)', latex: '\\frac{1}{c d} - \\frac{a}{b^{2} c}' },
  { expr: 'sum(x ./ y)', wrt: 'y', vars: 'y: n positive', text: '-x ./ y.^2', unicode: '−x ⊘ y∘²', latex: '-x \\oslash y^{\\circ 2}' },
  { expr: 'sum(log(x))', wrt: 'x', vars: 'x: n positive', text: '1 ./ x', unicode: '1 ⊘ x', latex: '\\mathbf{1} \\oslash x' },
  {
    expr: 'norm2(A*x - y)',
    wrt: 'x',
    text: "A'*(A*x - y)/norm2(A*x - y)",
    unicode: 'Aᵀ(Ax − y)/‖Ax − y‖',
    latex: '\\frac{A^{\\top} \\left(A x - y\\right)}{\\left\\| A x - y \\right\\|}',
  },
  {
    expr: "z = w'*x + b; u = relu(z); C = (y - u)^2",
    wrt: 'w',
    vars: 'w: n; x: n; b: scalar; y: scalar',
    text: "2*step(b + w'*x)*(relu(b + w'*x) - y)*x",
    unicode: '2·step(b + wᵀx)(relu(b + wᵀx) − y)·x',
    latex: '2 \\operatorname{step}\\left(b + w^{\\top} x\\right) \\left(\\operatorname{relu}\\left(b + w^{\\top} x\\right) - y\\right) x',
  },
];

for (const row of STYLES) {
  test(`print: ${row.expr} (wrt ${row.wrt}) in text, Unicode and LaTeX`, () => {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' }).gradient;
    assert.is(g.text, row.text);
    assert.is(g.unicode, row.unicode);
    assert.is(g.latex, row.latex);
    assert.is(toUnicode(g.term), row.unicode);
    assert.is(toLatex(g.term), row.latex);
  });
}

/** braces balance and never close before they open; \left and \right pair up */
function balanced(latex: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < latex.length; i++) {
    const ch = latex[i]!;
    if (ch === '\\' && (latex[i + 1] === '{' || latex[i + 1] === '}')) {
      i++;
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}' && --depth < 0) return `a } at ${i} closes nothing`;
  }
  if (depth !== 0) return `${depth} unclosed {`;
  const lefts = latex.match(/\\left\b/g)?.length ?? 0;
  const rights = latex.match(/\\right\b/g)?.length ?? 0;
  if (lefts !== rights) return `${lefts} \\left but ${rights} \\right`;
  return undefined;
}

test('print: every LaTeX gradient (and its function) has balanced braces and \\left/\\right pairs', () => {
  for (const row of ROWS) {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' });
    for (const [what, s] of [
      ['gradient', d.gradient.latex],
      ['pretty', d.gradient.pretty('latex').expr],
      ['function', toLatex(d.fn)],
    ] as const) {
      const bad = balanced(s);
      assert.is(bad, undefined, `${row.expr}: the ${what} ${s}: ${bad}`);
    }
  }
});

test('print: Unicode never contains matdiff ASCII operators, text never contains Unicode ones', () => {
  for (const row of ROWS) {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' }).gradient;
    assert.not.match(g.unicode, /\.\*|\.\^|'|\binv\(/, `${row.expr}: ${g.unicode}`);
    assert.not.match(g.text, /[ᵀ∘⊘σ−²⁻¹·𝟏‖]/u, `${row.expr}: ${g.text}`);
  }
});

test('print: the shared-subterm form names s once and is consistent with the full form', () => {
  const d = derive(SEED3.expr, { wrt: 'W', vars: SEED3.vars });
  const p = d.gradient.pretty('text');
  // substituting the definitions back gives the full text
  let full = p.expr;
  for (const def of [...p.defs].reverse()) full = full.replaceAll(new RegExp(`\\b${def.name}\\b`, 'g'), def.expr.includes(' ') ? `(${def.expr})` : def.expr);
  assert.ok(parse(full, SEED3.vars) === d.gradient.term, full);
});

test('print: a numeric coefficient prints in front of a scalar product, whatever order it was typed in', () => {
  assert.is(toText(parse('-(y - y_hat) * x')), '-x*(y - y_hat)');
  assert.is(toUnicode(parse('-(y - y_hat) * x')), '−x·(y − y_hat)');
  assert.is(toText(parse('c*(-2)*a')), '-2*c*a');
});

test('print: a scalar coefficient with reciprocals prints as a division, and parses back', () => {
  const v = 'x: n; mu: n; s2: scalar; a: scalar; b: scalar';
  const rows: [string, string, string, string][] = [
    ['(-1/s2)*(x - mu)', '-(x - mu)/s2', '−(x − mu)/s₂', '-\\frac{x - \\mu}{s_{2}}'],
    ['(3/a/b)*x', '3*x/b/a', '3x/(ab)', '\\frac{3 x}{a b}'],
    ['(-1/2/s2)*(x - mu)', '-(x - mu)/2/s2', '−(x − mu)/(2s₂)', '-\\frac{x - \\mu}{2 s_{2}}'],
    ['(1/a/b)*x', 'x/b/a', 'x/(ab)', '\\frac{x}{a b}'],
  ];
  for (const [input, text, unicode, latex] of rows) {
    const t = parse(input, v);
    assert.is(toText(t), text);
    assert.is(toUnicode(t), unicode);
    assert.is(toLatex(t), latex);
    assert.ok(parse(text, v) === t, `${text} parses back to ${input}`);
    katex.renderToString(latex, { throwOnError: true, strict: 'error' });
  }
});

test.run();
