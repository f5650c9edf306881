// The seeds' questions about Jacobians, answered by matdiff itself: seed 003 asks whether ∂x₂/∂x₁
// is a matrix and how a vector can be differentiated by a matrix (∂x₁/∂W₁); seed 001 asks for the
// Jacobian of e^z and for ∂L/∂z where z is an intermediate of the network.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, jacobian } from '../src/index.js';

// seed 003: x1 = W1 x0 (W1 5×4, x0 4×1), x2 = σ(x1), E = ½‖x2 − y‖²
const SEED3 = { expr: 'x1 = W1*x0; x2 = sigmoid(x1); E = 1/2*(x2 - y):(x2 - y)', vars: 'W1: 5 x 4; x0: 4; y: 5' };

test('seed 003: ∂x₂/∂x₁ is a matrix, Diag(s - s.^2) (numerator layout, 5×5)', () => {
  const j = jacobian('x1 = W1*x0; x2 = sigmoid(x1)', { wrt: 'x1', vars: 'W1: 5 x 4; x0: 4' });
  assert.is(j.pretty().expr, 'Diag(s - s.^2)');
  assert.equal(j.pretty().defs.map((d) => `${d.name} = ${d.expr}`), ['s = sigmoid(x1)']);
  assert.equal([j.shape.rows, j.shape.cols], ['5', '5']);
  assert.match(j.layoutSentence, /J\[i, j\] = ∂x2ᵢ\/∂x1ⱼ/);
  assert.ok(j.check?.ok);
});

test('seed 003: ∂x₁/∂W₁, a vector by a matrix, is the vec form kron(x0\', I(5)) with its meaning', () => {
  const j = jacobian('x1 = W1*x0', { wrt: 'W1', vars: 'W1: 5 x 4; x0: 4' });
  assert.is(j.text, "kron(x0', I(5))");
  assert.is(j.form, 'vec');
  assert.equal([j.shape.rows, j.shape.cols], ['5', '20']);
  // what it means: d vec x1 = J d vec W1, vec stacking columns; and the action form beside it
  assert.match(j.layoutSentence, /J\[i, j\] = ∂\(vec x1\)ᵢ\/∂\(vec W1\)ⱼ/);
  assert.match(j.layoutSentence, /vec stacks the columns/);
  assert.is(`${j.action.lhs} = ${j.action.term.text}`, 'dx1 = dW1*x0');
  assert.ok(j.check?.ok);
});

test('seed 003: the chain of the question, ∂E/∂x₂ then ∂E/∂x₁, each with respect to an intermediate', () => {
  assert.is(derive(SEED3.expr, { wrt: 'x2', vars: SEED3.vars }).gradient.text, 'x2 - y');
  assert.is(derive(SEED3.expr, { wrt: 'x1', vars: SEED3.vars }).gradient.pretty().expr, '(x2 - x2.^2) .* (x2 - y)');
});

// seed 001: a row of logits z (1×N), ŷ = softmax(z), L = −ȳ log(ŷ)ᵀ with ȳ one-hot
test('seed 001: the Jacobian of e^z for a row z is Diag(exp(z)) (an N×N matrix)', () => {
  const j = jacobian('exp(z)', { wrt: 'z', vars: 'z: 1 x N' });
  assert.is(j.text, "Diag(exp(z)')");
  assert.equal([j.shape.rows, j.shape.cols], ['N', 'N']);
  assert.ok(j.check?.ok);
});

test('seed 001: ∂L/∂z for z = a*W + b an intermediate of the layer is softmax(z) - y', () => {
  const d = derive("z = a*W + b; yhat = softmax(z); L = -y*log(yhat)'", { wrt: 'z', vars: 'a: 1 x n; W: n x N; b: 1 x N; y: 1 x N onehot' });
  assert.is(d.gradient.text, 'softmax(z) - y');
  assert.equal({ ...d.gradient.shape }, { rows: '1', cols: 'N' });
  assert.ok(d.gradient.check?.ok);
});
test.run();
