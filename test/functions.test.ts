// The elementwise functions tan, arcsin, arccos, arctan, log1p and expm1, and the linear function
// mean (the mean of all entries). Each gradient from derive() is compared with an oracle of this
// file — central differences of f's values through the public evaluate(), at random points inside
// the function's domain — and with values worked by hand; each prints in text (parsing back to the
// same term), Unicode and LaTeX; outside its domain evaluate() says the function is undefined.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, evaluate, jacobian, parse, toLatex, toText, toUnicode, MatdiffError } from '../src/index.js';
import { OPS } from '../src/ops/index.js';
import { helpText } from '../src/cli/help.js';
import { Rand, evalAt, type Matrix } from './helpers/numeric.js';

interface Fn {
  name: string;
  /** the names that call it besides its own */
  aliases: string[];
  /** a random value inside the domain, away from its edges and poles */
  draw: (r: Rand) => number;
  /** f′ worked by hand at a few points: [x, f′(x)] */
  hand: [number, number][];
  total: boolean;
  latex: string;
}

const uniform = (r: Rand, lo: number, hi: number) => lo + (hi - lo) * r.next();

const FNS: Fn[] = [
  // tan′ = 1 + tan²: tan′(0) = 1, tan′(π/4) = 1 + 1 = 2, tan′(π/3) = 1 + 3 = 4
  { name: 'tan', aliases: [], draw: (r) => uniform(r, -1.3, 1.3), hand: [[0, 1], [Math.PI / 4, 2], [Math.PI / 3, 4]], total: false, latex: '\\tan' },
  // arcsin′(x) = 1/√(1 − x²): at 0.6, 1/0.8; at −0.8, 1/0.6
  { name: 'arcsin', aliases: ['asin'], draw: (r) => uniform(r, -0.9, 0.9), hand: [[0, 1], [0.6, 1.25], [-0.8, 5 / 3]], total: false, latex: '\\arcsin' },
  { name: 'arccos', aliases: ['acos'], draw: (r) => uniform(r, -0.9, 0.9), hand: [[0, -1], [0.6, -1.25], [-0.8, -5 / 3]], total: false, latex: '\\arccos' },
  // arctan′(x) = 1/(1 + x²): 1, 1/2, 1/10
  { name: 'arctan', aliases: ['atan'], draw: (r) => 3 * r.normal(), hand: [[0, 1], [1, 0.5], [-3, 0.1]], total: true, latex: '\\arctan' },
  // log1p′(x) = 1/(1 + x): 1, 1/2, 4 at x = −3/4
  { name: 'log1p', aliases: [], draw: (r) => uniform(r, -0.8, 4), hand: [[0, 1], [1, 0.5], [-0.75, 4]], total: false, latex: '\\operatorname{log1p}' },
  // expm1′ = exp: 1 at 0, 2 at log 2
  { name: 'expm1', aliases: [], draw: (r) => 2 * r.normal(), hand: [[0, 1], [Math.LN2, 2], [-Math.LN2, 0.5]], total: true, latex: '\\operatorname{expm1}' },
];

// ---- the oracle ----------------------------------------------------------------------------------

/** f (a scalar) at the values, through the public evaluate() */
function valueOf(expr: string, values: Record<string, Matrix>, vars: string): number {
  const r = evaluate(expr, values, vars);
  assert.is(r.length * r[0]!.length, 1, `${expr} is not a scalar`);
  return r[0]![0]!;
}

/** ∂f/∂X entry by entry, by the 4-point central difference (−f(2h) + 8f(h) − 8f(−h) + f(−2h))/12h */
function centralDifferences(expr: string, wrt: string, values: Record<string, Matrix>, vars: string, h = 1e-3): Matrix {
  const X = values[wrt]!;
  return X.map((row, i) =>
    row.map((_, j) => {
      const at = (t: number) => {
        const Y = X.map((r) => [...r]);
        Y[i]![j]! += t;
        return valueOf(expr, { ...values, [wrt]: Y }, vars);
      };
      return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
    }),
  );
}

function maxRelDiff(a: Matrix, b: Matrix): number {
  assert.equal([a.length, a[0]!.length], [b.length, b[0]!.length], 'shapes differ');
  let worst = 0;
  a.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b[i]![j]!) / Math.max(1, Math.abs(b[i]![j]!))))));
  return worst;
}

const matrix = (rows: number, cols: number, f: () => number): Matrix => Array.from({ length: rows }, () => Array.from({ length: cols }, f));

/** the gradient of `expr` wrt `wrt` from derive() with its own check off (the oracle here judges it alone), at the values */
function gradientAt(expr: string, wrt: string, vars: string, values: Record<string, Matrix>, sizes: Record<string, number>): { text: string; G: Matrix } {
  const d = derive(expr, { wrt, vars, check: false });
  return { text: d.gradient.text, G: evalAt(d.byName(wrt)!.term, { sizes: new Map(Object.entries(sizes)), values }) };
}

/** derive() with its check on (the default) gives the same gradient and passes it */
function engineCheckPasses(expr: string, wrt: string, vars: string): void {
  const on = derive(expr, { wrt, vars });
  assert.ok(on.gradient.check?.ok, `${expr}: derive's own check did not pass`);
  assert.ok(on.gradient.term === derive(expr, { wrt, vars, check: false }).gradient.term);
}

// ---- gradients against central differences, inside the domain ----------------------------------

for (const fn of FNS) {
  test(`${fn.name}: the gradients of sum(${fn.name}(X)), A : ${fn.name}(X) and ${fn.name}(a) agree with central differences inside the domain`, () => {
    const rand = new Rand(0xf00 + fn.name.length * 7 + fn.name.charCodeAt(1));
    const cases: [string, string, string][] = [
      [`sum(${fn.name}(X))`, 'X', 'X: n x m'],
      [`A : ${fn.name}(X)`, 'X', 'X: n x m; A: n x m'],
      [`${fn.name}(a)`, 'a', 'a: scalar'],
    ];
    for (const [expr, wrt, vars] of cases) {
      for (let trial = 0; trial < 3; trial++) {
        const [n, m] = [2 + trial, 4 - trial];
        const values: Record<string, Matrix> = wrt === 'a' ? { a: [[fn.draw(rand)]] } : { X: matrix(n, m, () => fn.draw(rand)), A: matrix(n, m, () => rand.normal()) };
        if (!vars.includes('A:')) delete values.A;
        const { text, G } = gradientAt(expr, wrt, vars, values, { n, m });
        const FD = centralDifferences(expr, wrt, values, vars);
        const err = maxRelDiff(G, FD);
        assert.ok(err < 1e-7, `${expr} wrt ${wrt}: ${text} differs from central differences by ${err.toExponential(2)} at ${JSON.stringify(values)}`);
      }
      engineCheckPasses(expr, wrt, vars);
    }
  });

  test(`${fn.name}: f′ worked by hand`, () => {
    for (const [x, want] of fn.hand) {
      const { text, G } = gradientAt(`${fn.name}(a)`, 'a', 'a: scalar', { a: [[x]] }, {});
      assert.ok(Math.abs(G[0]![0]! - want) < 1e-12 * Math.max(1, Math.abs(want)), `${fn.name}′(${x}) = ${want}, but ${text} gives ${G[0]![0]}`);
    }
    // the same through a vector: the gradient of sum(f(x)) is f′ entry by entry
    const x = fn.hand.map(([v]) => [v]);
    const { G } = gradientAt(`sum(${fn.name}(x))`, 'x', 'x: n', { x }, { n: x.length });
    G.forEach((row, i) => assert.ok(Math.abs(row[0]! - fn.hand[i]![1]) < 1e-12 * Math.max(1, Math.abs(fn.hand[i]![1])), `${fn.name}′ of entry ${i}`));
  });
}

test('chains through the new functions agree with central differences (derive checks them too)', () => {
  const rand = new Rand(77);
  const rows: [string, string, string, () => Record<string, Matrix>][] = [
    ['sum(arcsin(tanh(W*x)))', 'W', 'W: n x m; x: m', () => ({ W: matrix(3, 2, () => rand.normal()), x: matrix(2, 1, () => rand.normal()) })],
    ["u'*arccos(sigmoid(W*x))", 'x', 'W: n x m; x: m; u: n', () => ({ W: matrix(3, 2, () => rand.normal()), x: matrix(2, 1, () => rand.normal()), u: matrix(3, 1, () => rand.normal()) })],
    ['sum(tan(x/2).^2)', 'x', 'x: n', () => ({ x: matrix(3, 1, () => uniform(rand, -2, 2)) })],
    ['sum(log1p(exp(W*x)))', 'W', 'W: n x m; x: m', () => ({ W: matrix(3, 2, () => rand.normal()), x: matrix(2, 1, () => rand.normal()) })],
    ['expm1(arctan(x):x)', 'x', 'x: n', () => ({ x: matrix(3, 1, () => rand.normal()) })],
    ['mean(log1p(X.^2))', 'X', 'X: n x m', () => ({ X: matrix(3, 2, () => rand.normal()) })],
  ];
  for (const [expr, wrt, vars, draw] of rows) {
    for (let trial = 0; trial < 3; trial++) {
      const values = draw();
      const { text, G } = gradientAt(expr, wrt, vars, values, { n: 3, m: 2 });
      const err = maxRelDiff(G, centralDifferences(expr, wrt, values, vars));
      assert.ok(err < 1e-7, `${expr} wrt ${wrt}: ${text} differs from central differences by ${err.toExponential(2)}`);
    }
    engineCheckPasses(expr, wrt, vars);
  }
});

test('the check finds points inside [−1, 1] for a 4×4 argument of arcsin and arccos', () => {
  // normal values are almost never all inside, nor are positive ones in (0.5, 2): the check
  // goes on to smaller values (src/check/sample.ts, modeAfter)
  for (const f of ['arcsin', 'arccos']) {
    const d = derive(`sum(${f}(X))`, { wrt: 'X', vars: 'X: 4 x 4' });
    assert.ok(d.gradient.check?.ok && d.gradient.check.trials >= 2, `${f}: ${JSON.stringify(d.gradient.check)}`);
  }
});

// ---- readable gradients ---------------------------------------------------------------------------

test('the simplifier gives readable gradients', () => {
  const rows: [string, string][] = [
    ['sum(tan(x))', '1 + tan(x).^2'],
    ['sum(arcsin(x))', '1 ./ sqrt(1 - x.^2)'],
    ['sum(arccos(x))', '-1 ./ sqrt(1 - x.^2)'],
    ['sum(arctan(x))', '1 ./ (1 + x.^2)'],
    ['sum(log1p(x))', '1 ./ (1 + x)'],
    ['sum(expm1(x))', 'exp(x)'],
    // eˣ/(1 + eˣ) is σ(x) (the catalogue's simplification rule)
    ['sum(log1p(exp(x)))', 'sigmoid(x)'],
    ['mean(x)', 'ones(n)/sum(ones(n))'],
  ];
  for (const [expr, want] of rows) assert.is(derive(expr, { wrt: 'x', vars: 'x: n' }).gradient.text, want, expr);
});

// ---- mean --------------------------------------------------------------------------------------

test('mean: values and gradients worked by hand', () => {
  assert.equal(evaluate('mean(X)', { X: [[1, 2, 3], [4, 5, 7]] }), [[22 / 6]]);
  assert.equal(evaluate('mean(x)', { x: [2, 4, 9] }), [[5]]);
  assert.equal(evaluate('mean(a)', { a: 3 }), [[3]]);
  // ∂ mean(X)/∂X = 𝟏/(nm): 1/6 for a 2×3 X, whatever X is; an exact check (mean is rational)
  for (const [n, m] of [[2, 3], [4, 1], [1, 5]] as const) {
    const d = derive('mean(X)', { wrt: 'X', vars: `X: ${n} x ${m}` });
    assert.is(d.gradient.check?.method, 'exact');
    assert.equal(evalAt(d.gradient.term, { sizes: new Map(), values: {} }), matrix(n, m, () => 1 / (n * m)));
  }
  // mean(x)² for x = (1, 2, 3, 6): mean 3, gradient 2·3/4 = 3/2 in every entry
  const d = derive('mean(x)^2', { wrt: 'x', vars: 'x: n' });
  assert.equal(evalAt(d.gradient.term, { sizes: new Map([['n', 4]]), values: { x: [[1], [2], [3], [6]] } }), [[1.5], [1.5], [1.5], [1.5]]);
});

test('mean: its record is linear, its adjoint the catalogue template adj.mean, its differential d.mean', () => {
  const r = OPS.get('mean')!;
  assert.is(r.kind, 'linear');
  assert.ok(r.rational && r.total && r.scalarsFactorOut);
  assert.is(r.adjointRule, 'adj.mean');
  assert.equal(r.adjointFrom, ['adj.mean']);
  const d = derive('mean(A .* X)', { wrt: 'X', vars: 'A: n x m; X: n x m' });
  const rules = new Set(d.steps.map((s) => s.rule));
  assert.ok(rules.has('d.mean') && rules.has('adj.mean'), [...rules].join(', '));
  assert.is(d.gradient.text, 'A/sum(ones(n,m))');
});

test('Jacobians: through mean (its vec rule jac.mean) and the new elementwise functions, against central differences', () => {
  // ∂ mean(X)/∂(vec X)ᵀ = 𝟏ᵀ/(nm): a 1×6 row of 1/6 for a 2×3 X
  const jm = jacobian('mean(X)', { wrt: 'X', vars: 'X: 2 x 3' });
  assert.ok(jm.check?.ok);
  assert.equal(evalAt(jm.term, { sizes: new Map(), values: {} }), [matrix(1, 6, () => 1 / 6)[0]!]);
  // J of f(x) for a vector x: column j is ∂f/∂xⱼ, by central differences of f's values
  const rand = new Rand(31);
  for (const fn of FNS) {
    const expr = `${fn.name}(x) * mean(x)`;
    const j = jacobian(expr, { wrt: 'x', vars: 'x: n' });
    assert.ok(j.check?.ok, `${expr}: the engine's check`);
    const x = matrix(3, 1, () => fn.draw(rand));
    const J = evalAt(j.term, { sizes: new Map([['n', 3]]), values: { x } });
    const h = 1e-4;
    const at = (k: number, t: number) => evaluate(expr, { x: x.map((r, i) => [r[0]! + (i === k ? t : 0)]) }).map((r) => r[0]!);
    const FD = [0, 1, 2].map((k) => at(k, h).map((p, i) => (p - at(k, -h)[i]!) / (2 * h)));
    const err = maxRelDiff(J, [0, 1, 2].map((i) => FD.map((col) => col[i]!)));
    assert.ok(err < 1e-6, `${expr}: the Jacobian ${j.text} differs from central differences by ${err.toExponential(2)}`);
  }
});

// ---- the records, printing, --help ----------------------------------------------------------------

test('the records: elementwise, not rational, total only where defined everywhere, never positive', () => {
  for (const fn of FNS) {
    const r = OPS.get(fn.name)!;
    assert.is(r.kind, 'elementwise', fn.name);
    assert.not.ok(r.rational, `${fn.name} has no rational value`);
    assert.is(r.total === true, fn.total, `${fn.name}: total`);
    assert.not.ok(r.positive, `${fn.name} takes values ≤ 0`);
    assert.ok(r.derivative?.words.includes('′'), `${fn.name}: derivative words`);
    assert.equal(r.diffFrom, [`d.${fn.name}`]);
  }
});

test('printing: text parses back to the same term, Unicode, LaTeX; the aliases call the same function', () => {
  const vars = 'x: n; y: n; X: n x m';
  for (const fn of FNS) {
    const t = parse(`${fn.name}(x)'*y + mean(${fn.name}(X))`, vars);
    assert.is(toText(t), `${fn.name}(x)'*y + mean(${fn.name}(X))`);
    assert.ok(parse(toText(t), vars) === t, `${fn.name}: the text does not parse back`);
    assert.is(toUnicode(t), `${fn.name}(x)ᵀy + mean(${fn.name}(X))`);
    const tex = toLatex(t);
    assert.ok(tex.includes(`${fn.latex}\\left(x\\right)`) && tex.includes('\\operatorname{mean}\\left('), tex);
    for (const a of fn.aliases) assert.ok(parse(`${a}(x)`, vars) === parse(`${fn.name}(x)`, vars), `${a} is ${fn.name}`);
    // a derived gradient's text parses back to the gradient itself
    const d = derive(`sum(${fn.name}(tanh(x)))`, { wrt: 'x', vars: 'x: n' });
    assert.ok(parse(d.gradient.text, 'x: n') === d.gradient.term, `${d.gradient.text} does not parse back`);
  }
});

test('--help lists every new function with its derivative', () => {
  const help = helpText();
  for (const line of ['tan ', 'arcsin, asin ', 'arccos, acos ', 'arctan, atan ', 'log1p ', 'expm1 ', 'mean ']) assert.ok(help.includes(`  ${line}`), `--help lacks ${line}`);
  for (const words of ['tan′ = 1 + tan²', 'arcsin′(x) = 1/sqrt(1 − x²)', 'arccos′(x) = −1/sqrt(1 − x²)', 'arctan′(x) = 1/(1 + x²)', 'log1p′(x) = 1/(1 + x)', 'expm1′ = exp']) {
    assert.ok(help.includes(words), `--help lacks ${words}`);
  }
});

// ---- outside the domain ---------------------------------------------------------------------------

test('evaluate: outside the domain the function is undefined (a domain error), at the edge it has its value', () => {
  const outside: [string, number, string][] = [
    ['arcsin(a)', 1.5, 'arcsin(1.5)'],
    ['asin(a)', -1.01, 'arcsin(-1.01)'],
    ['arccos(a)', -2, 'arccos(-2)'],
    ['log1p(a)', -1, 'log1p(-1)'],
    ['log1p(a)', -3, 'log1p(-3)'],
  ];
  for (const [expr, a, what] of outside) {
    try {
      evaluate(expr, { a });
      assert.unreachable(`${expr} at a = ${a} has no value`);
    } catch (e) {
      if (!(e instanceof MatdiffError)) throw e;
      assert.is(e.kind, 'domain', `${expr}: ${e.message}`);
      assert.ok(e.message.includes('undefined') && e.message.includes(what), e.message);
    }
  }
  // inside a larger expression the message names the subterm
  assert.throws(() => evaluate('sum(arccos(x))', { x: [0.5, 3] }), (e: unknown) => e instanceof MatdiffError && e.kind === 'domain' && e.message.includes('arccos(3)') && e.message.includes('arccos(x)'));
  // the edges of the domains are inside
  assert.equal(evaluate('arcsin(a)', { a: 1 }), [[Math.PI / 2]]);
  assert.equal(evaluate('arccos(a)', { a: -1 }), [[Math.PI]]);
  assert.equal(evaluate('log1p(a)', { a: -0.5 }), [[Math.log(0.5)]]);
  // log1p and expm1 keep the digits log(1 + x) and exp(x) − 1 lose near 0
  assert.is(evaluate('log1p(a)', { a: 1e-20 })[0]![0], 1e-20);
  assert.is(evaluate('expm1(a)', { a: 1e-20 })[0]![0], 1e-20);
  assert.is(evaluate('arctan(a)', { a: 1e300 })[0]![0], Math.PI / 2);
});

test.run();
