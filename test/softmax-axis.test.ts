// Every printed form says which axis a softmax of a matrix takes: Unicode and LaTeX mark it
// (softmax_col), the text form is the call that parses back; a vector's softmax is unmarked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, toUnicode, toLatex, toText } from '../src/index.js';

test('softmax, logsumexp and log_softmax of a matrix say "each column" in Unicode and LaTeX', () => {
  const g = derive('-sum(Y .* log(softmax(W*X)))', { wrt: 'W', vars: 'W: k x d; X: d x N; Y: k x N onehot' }).gradient;
  assert.is(g.unicode, '(softmax_col(WX) − Y)Xᵀ');
  assert.match(g.latex, /\\operatorname\{softmax\}_\{\\mathrm\{col\}\}/);
  assert.is(g.text, "(softmax(W*X) - Y)*X'");
  const Z = 'Z: k x N';
  assert.is(toUnicode(parse('logsumexp(Z)', Z)), 'logsumexp_col(Z)');
  assert.is(toText(parse('log_softmax(Z)', Z)), 'log_softmax(Z)');
  assert.is(toUnicode(parse('softmax(z)', 'z: k')), 'softmax(z)');
  assert.not.match(toLatex(parse('softmax(z)', 'z: k')), /col/);
});
test.run();
