// Every LaTeX string matdiff emits passes KaTeX's parser: each gradient's LaTeX (plain and with
// shared subterms named), every line, definition, form and note of every report, and every
// equation of the identity catalogue. throwOnError makes a parse error fail the test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import katex from 'katex';
import { derive } from '../src/index.js';
import { buildReport } from '../src/report/index.js';
import { buildView, type Prose } from '../src/report/view.js';
import { chainLatex, setupLatex } from '../src/report/render-tex.js';
import { CATALOGUE } from '../src/identities/catalogue.js';
import { entryEquation } from '../src/identities/equation.js';
import { WORKED as WORKED_TABLE } from './helpers/worked-table.js';

function parses(latex: string, where: string, display = false): void {
  try {
    katex.renderToString(latex, { throwOnError: true, strict: 'error', displayMode: display });
  } catch (e) {
    assert.unreachable(`${where}: KaTeX cannot parse \`${latex}\`: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const math = (p: Prose) => p.filter((x): x is { math: string } => typeof x !== 'string').map((x) => x.math);

// worked examples: the seeds, the README table and every row of the worked-gradient table
const WORKED: [string, string, string][] = [
  ['v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', 'W, x', 'W: n x m; x: m; y: n'],
  ["yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", 'w, x', 'w: n; x: n; y: scalar'],
  ["L = -y*log(softmax(z))'", 'z', 'y: 1 x N onehot; z: 1 x N'],
  ["p = softmax(z); L = -y*log(p)'", 'z', 'y: 1 x N onehot; z: 1 x N'],
  ["z = w'*x + b; u = relu(z); C = (y - u)^2", 'w, b', 'w: n; x: n; b: scalar; y: scalar'],
  ["u = relu(w'*x + b); C = (y - u)^2", 'w, b', ''],
  ["a = sigmoid(w'*x + b)", 'w, x, b', 'w: n; x: n; b: scalar'],
  ["x'*A*x", 'x, A', ''],
  ["x'*A*x", 'x', 'A: n x n symmetric'],
  ['tr(A*X*B)', 'X', ''],
  ["tr(X'*A*X)", 'X', ''],
  ['logdet(X)', 'X', 'X: n x n spd'],
  ['det(X)', 'X', ''],
  ['tr(inv(X)*A)', 'X', ''],
  ["u'*inv(X)*v", 'X', ''],
  ["-y'*log(softmax(z))", 'z', 'y: n onehot; z: n'],
  ['logsumexp(A*x)', 'x', ''],
  ['norm2(A*x - y)', 'x', ''],
  ['norm1(x) + sum(abs(x))', 'x', ''],
  ['h = tanh(W*x + b); L = 1/2*(h - y):(h - y)', 'W, b', 'W: n x m; x: m; b: n; y: n'],
  ['sum(exp(W*x)) + sum(log(x))', 'W, x', 'x: m positive'],
  ['sum(sqrt(x) .* sin(x) .* cos(x))', 'x', 'x: n positive'],
  ['r = A*x - y; f = r:r + lambda*x:x', 'x', 'lambda: scalar'],
  ["x1 = W1*x0; x2 = sigmoid(x1); E = 1/2*(x2 - y)'*(x2 - y)", 'W1', 'W1: n x m; x0: m; y: n'],
  ['X.^3 : A', 'X', ''],
  ["sum(Diag(x)*A*x) + x'*diag(B)", 'x', 'B: n x n'],
];

for (const r of WORKED_TABLE) WORKED.push([r.expr, r.wrt, r.vars]);

for (const [expr, wrt, vars] of WORKED) {
  test(`katex: every LaTeX string of ${expr} (wrt ${wrt})`, () => {
    const d = derive(expr, { wrt, vars });
    for (const g of d.gradients) {
      parses(g.latex, `gradient ∂/∂${g.wrt}`);
      const p = g.pretty('latex');
      parses(p.expr, 'pretty gradient');
      for (const def of p.defs) parses(`${def.name} = ${def.expr}`, 'pretty definition');
    }
    const v = buildView(buildReport(d), 'latex');
    for (const n of v.names) parses(`${n.name} = ${n.expr}`, 'name');
    for (const x of v.variables) parses(x.name, 'variable');
    for (const s of v.sections) {
      parses(setupLatex(s), 'setup block', true);
      parses(chainLatex(s), 'chain block', true);
      parses(s.wrtMath, 'variable');
      for (const x of s.setup) {
        parses(`${x.lhs} = ${x.rhs}`, 'definition');
        if (x.dlhs) parses(`${x.dlhs} = ${x.drhs ?? ''}`, 'differential');
        if (x.diag) parses(`${x.diag.lhs} = ${x.diag.rhs} \\Rightarrow ${x.diag.drhs}`, 'Diag form');
      }
      for (const l of [...s.chain, s.result]) {
        parses(`${l.lhs} = ${l.rhs}`, 'chain line');
        for (const r of l.rules) if (r.substituted) parses(r.substituted.equation, 'substitution');
      }
      for (const f of s.forms) {
        parses(`${s.result.lhs} = ${f.math}`, f.label);
        for (const x of f.factors) parses(x.math, 'factor');
      }
      for (const m of [...math(s.convention), ...math(s.why)]) parses(m, 'note');
    }
  });
}

test('katex: every equation of the identity catalogue', () => {
  for (const e of CATALOGUE.values()) {
    const eq = entryEquation(e, 'latex');
    parses(`${eq.lhs} = ${eq.rhs}`, `identity ${e.id}`, true);
  }
});

test.run();
