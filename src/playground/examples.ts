// The examples menu: the five seed questions (as README's examples table and test/seeds.test.ts
// write them) and a few classics. Each is a whole page state; test/playground.test.ts computes
// every one through the public API and requires its check to pass.
import type { State } from './state.js';

export interface Example {
  readonly id: string;
  readonly label: string;
  readonly state: State;
}

const SEED3_CHAIN = ["S = Diag(s)", 'dE = (s - y):ds', ' = (s - y):((S - S^2)*dv)', ' = ((S - S^2)*(s - y)):(dW*x)', " = ((S - S^2)*(s - y)*x'):dW"].join('\n');

export const EXAMPLES: readonly Example[] = [
  {
    id: 'seed-003',
    label: 'Seed 003: one layer, squared error, ∂E/∂W (with the seed’s chain)',
    state: { fn: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n', wrt: 'W', what: 'gradient', claim: SEED3_CHAIN },
  },
  {
    id: 'seed-000',
    label: 'Seed 000: logistic log-loss, ∂L/∂w',
    state: { fn: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", vars: 'y: scalar', wrt: 'w', what: 'gradient', claim: '(yhat - y)*x' },
  },
  {
    id: 'seed-001',
    label: 'Seed 001: softmax cross-entropy, row vectors, ∂L/∂z',
    state: { fn: "L = -y*log(softmax(z))'", vars: 'y: 1 x N onehot; z: 1 x N', wrt: 'z', what: 'gradient', claim: '' },
  },
  {
    id: 'seed-002',
    label: 'Seed 002: a relu neuron, ∂C/∂w',
    state: { fn: "u = relu(w'*x + b); C = (y - u)^2", vars: '', wrt: 'w', what: 'gradient', claim: '' },
  },
  {
    id: 'seed-004',
    label: 'Seed 004: sigmoid(wᵀx + b), ∂/∂w',
    state: { fn: "sigmoid(w'*x + b)", vars: '', wrt: 'w', what: 'gradient', claim: '' },
  },
  {
    id: 'quadratic',
    label: 'xᵀAx, ∂/∂x (and the claim 2Ax)',
    state: { fn: "x'*A*x", vars: '', wrt: 'x', what: 'gradient', claim: '2*A*x' },
  },
  {
    id: 'logdet',
    label: 'logdet(X), ∂/∂X',
    state: { fn: 'logdet(X)', vars: '', wrt: 'X', what: 'gradient', claim: '' },
  },
  {
    id: 'softmax-jacobian',
    label: 'The Jacobian of softmax(z)',
    state: { fn: 'softmax(z)', vars: 'z: n', wrt: 'z', what: 'jacobian', claim: '' },
  },
  {
    id: 'logistic-hessian',
    label: 'The Hessian of logistic regression',
    state: { fn: 'L = -(y.*log(sigmoid(X*w)) + (1 - y).*log(1 - sigmoid(X*w))):ones(N)', vars: 'X: N x d; w: d; y: N', wrt: 'w', what: 'hessian', claim: '' },
  },
];
