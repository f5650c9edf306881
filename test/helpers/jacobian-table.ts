// The worked Jacobians and Hessians: each with where it comes from, and the closed form a person
// writes (names as pretty() chooses them: p = softmax(z), s = sigmoid(W*x), Xi = inv(X)). The
// tests (test/jacobian.test.ts, test/hessian.test.ts) check each against finite differences of the
// function's own values, and compare the printed form with this one.
import type { Matrix } from './numeric.js';

export interface JacobianCase {
  readonly expr: string;
  readonly vars: string;
  readonly wrt: string;
  /** the form a person writes */
  readonly pretty: string;
  readonly form: 'matrix' | 'vec';
  readonly source: string;
  /** variables whose values are drawn positive (a log's domain) */
  readonly positive?: readonly string[];
  /** variables made symmetric positive definite (X ↦ X Xᵀ + I) before evaluation: logdet's domain */
  readonly spd?: readonly string[];
}

export const JACOBIANS: readonly JacobianCase[] = [
  { expr: 'softmax(z)', vars: 'z: n', wrt: 'z', pretty: "Diag(p) - p*p'", form: 'matrix', source: 'ML: the softmax Jacobian' },
  { expr: 'sigmoid(W*x)', vars: 'W: n x m; x: m', wrt: 'x', pretty: 'Diag(s - s.^2)*W', form: 'matrix', source: 'ML: a sigmoid layer (seed 003)' },
  { expr: 'sigmoid(x)', vars: 'x: n', wrt: 'x', pretty: 'Diag(s - s.^2)', form: 'matrix', source: 'ML: the logistic function, elementwise' },
  { expr: 'tanh(W*x)', vars: 'W: n x m; x: m', wrt: 'x', pretty: 'Diag(1 - tanh(W*x).^2)*W', form: 'matrix', source: 'ML: a tanh layer' },
  { expr: 'tanh(W*x + b)', vars: 'W: n x m; x: m; b: n', wrt: 'b', pretty: 'Diag(1 - tanh(W*x + b).^2)', form: 'matrix', source: 'ML: a tanh layer, with respect to its bias' },
  { expr: 'relu(W*x)', vars: 'W: n x m; x: m', wrt: 'x', pretty: 'Diag(step(W*x))*W', form: 'matrix', source: 'ML: a ReLU layer (away from the kinks)' },
  { expr: 'W*x', vars: 'W: n x m; x: m', wrt: 'x', pretty: 'W', form: 'matrix', source: 'Magnus–Neudecker ch. 9: d(Ax) = A dx' },
  { expr: 'A*x + b', vars: 'A: n x m; x: m; b: n', wrt: 'x', pretty: 'A', form: 'matrix', source: 'Magnus–Neudecker ch. 9: an affine map' },
  { expr: 'exp(z)', vars: 'z: n', wrt: 'z', pretty: 'Diag(exp(z))', form: 'matrix', source: 'seed 001: the Jacobian of e^z' },
  { expr: 'x .* y', vars: 'x: n; y: n', wrt: 'x', pretty: 'Diag(y)', form: 'matrix', source: 'Magnus–Neudecker ch. 9: the Hadamard product' },
  { expr: 'x/norm2(x)', vars: 'x: n', wrt: 'x', pretty: "I(n)/u - x*x'/u^3", form: 'matrix', source: 'normalisation: (I − x xᵀ/‖x‖²)/‖x‖' },
  { expr: 'log(softmax(z))', vars: 'z: n', wrt: 'z', pretty: "I(n) - ones(n)*softmax(z)'", form: 'matrix', source: 'ML: log-softmax, I − 𝟏pᵀ' },
  { expr: "softmax(K'*q/c)", vars: 'K: d x n; q: d; c: scalar', wrt: 'q', pretty: "(Diag(p)/c - p*p'/c)*K'", form: 'matrix', source: 'ML: attention scores of a query' },
  { expr: "V*softmax(K'*q)", vars: 'K: d x n; q: d; V: k x n', wrt: 'q', pretty: "V*(Diag(p) - p*p')*K'", form: 'matrix', source: 'ML: an attention output, with respect to the query' },
  { expr: "x*x'*a", vars: 'x: n; a: n', wrt: 'x', pretty: "x'*a*I(n) + x*a'", form: 'matrix', source: 'Magnus–Neudecker ch. 9: the product rule for x xᵀa' },
  { expr: 'sum(x)*x', vars: 'x: n', wrt: 'x', pretty: 'sum(x)*I(n) + x*ones(1,n)', form: 'matrix', source: 'Magnus–Neudecker ch. 9: a scalar times a vector (the outer product printed, not broadcast onto a square matrix)' },
  { expr: "x'*A*x", vars: 'x: n; A: n x n', wrt: 'x', pretty: "x'*(A + A')", form: 'matrix', source: 'Matrix Cookbook (81), as a 1×n Jacobian (numerator layout)' },
  { expr: 'h = tanh(W*x); V*h', vars: 'W: n x m; x: m; V: k x n', wrt: 'h', pretty: 'V', form: 'matrix', source: 'an intermediate: the graph cut at h' },
  { expr: 'W*x', vars: 'W: n x m; x: m', wrt: 'W', pretty: "kron(x', I(n))", form: 'vec', source: 'seed 003: ∂x₁/∂W₁ in vec form' },
  { expr: 'X*a', vars: 'X: n x m; a: m', wrt: 'X', pretty: "kron(a', I(n))", form: 'vec', source: 'Magnus–Neudecker ch. 9: vec(X a) = (aᵀ ⊗ I) vec X' },
  { expr: 'A*X*B', vars: 'A: p x n; X: n x m; B: m x q', wrt: 'X', pretty: "kron(B', A)", form: 'vec', source: 'Matrix Cookbook (520)' },
  { expr: "x*x'", vars: 'x: n', wrt: 'x', pretty: 'kron(I(n), x) + kron(x, I(n))', form: 'vec', source: 'Magnus–Neudecker ch. 9: the outer product' },
  { expr: 'X*X', vars: 'X: n x n', wrt: 'X', pretty: "kron(I(n), X) + kron(X', I(n))", form: 'vec', source: 'Magnus–Neudecker ch. 9: the matrix square' },
  { expr: "X'", vars: 'X: n x m', wrt: 'X', pretty: 'commutation(n, m)', form: 'vec', source: 'Magnus–Neudecker ch. 3: the commutation matrix' },
  { expr: "X'*X", vars: 'X: n x m', wrt: 'X', pretty: "kron(I(m), X') + kron(X', I(m))*commutation(n, m)", form: 'vec', source: 'Magnus–Neudecker ch. 9: the Gram matrix' },
  { expr: 'inv(X)', vars: 'X: n x n', wrt: 'X', pretty: "-kron(Xi', Xi)", form: 'vec', source: 'Magnus–Neudecker ch. 9: d X⁻¹ = −X⁻¹ dX X⁻¹' },
  { expr: 'inv(X)*b', vars: 'X: n x n; b: n', wrt: 'X', pretty: "-kron(b'*Xi', Xi)", form: 'vec', source: 'Magnus–Neudecker ch. 9: a linear system\'s solution' },
  { expr: 'tr(A*X)', vars: 'A: m x n; X: n x m', wrt: 'X', pretty: "vec(A')'", form: 'vec', source: 'Matrix Cookbook (100), as a row' },
  { expr: 'Diag(x)', vars: 'x: n', wrt: 'x', pretty: 'Diag(vec(I(n)))*kron(ones(n), I(n))', form: 'vec', source: 'Magnus–Neudecker ch. 9: a diagonal matrix of a vector' },
  { expr: 'diag(X)', vars: 'X: n x n', wrt: 'X', pretty: 'kron(ones(1,n), I(n))*Diag(vec(I(n)))', form: 'vec', source: 'Magnus–Neudecker ch. 9: the diagonal of a matrix' },
  { expr: 'tril(X)', vars: 'X: n x m', wrt: 'X', pretty: 'Diag(vec(tril(ones(n,m))))', form: 'vec', source: 'the lower triangle (a Cholesky-style parametrisation)' },
  { expr: 'det(X)', vars: 'X: n x n', wrt: 'X', pretty: "vec(adj(X)')'", form: 'vec', source: 'Matrix Cookbook (49): ∂det X/∂X = adj(X)ᵀ, as a row' },
];

export const HESSIANS: readonly JacobianCase[] = [
  { expr: "x'*A*x", vars: 'x: n; A: n x n', wrt: 'x', pretty: "A + A'", form: 'matrix', source: 'Magnus–Neudecker ch. 10: a quadratic form' },
  { expr: "1/2*x'*x", vars: 'x: n', wrt: 'x', pretty: 'I(n)', form: 'matrix', source: 'Magnus–Neudecker ch. 10' },
  { expr: 'norm2(A*x - b)^2', vars: 'A: m x n; x: n; b: m', wrt: 'x', pretty: "2*A'*A", form: 'matrix', source: 'least squares: the normal matrix' },
  { expr: "norm2(X*w - y)^2 + c*w'*w", vars: 'X: N x d; w: d; y: N; c: scalar', wrt: 'w', pretty: "2*(c*I(d) + X'*X)", form: 'matrix', source: 'ridge regression' },
  { expr: '-(y.*log(sigmoid(X*w)) + (1-y).*log(1-sigmoid(X*w))):ones(N)', vars: 'X: N x d; w: d; y: N', wrt: 'w', pretty: "X'*Diag(s - s.^2)*X", form: 'matrix', source: 'ML: logistic regression (the Fisher information)' },
  { expr: 'logsumexp(x)', vars: 'x: n', wrt: 'x', pretty: "Diag(p) - p*p'", form: 'matrix', source: 'ML: log-sum-exp' },
  { expr: "-y'*log(softmax(z))", vars: 'y: n onehot; z: n', wrt: 'z', pretty: "Diag(p) - p*p'", form: 'matrix', source: 'ML: softmax cross-entropy with a one-hot label' },
  { expr: 'sum(exp(x))', vars: 'x: n', wrt: 'x', pretty: 'Diag(exp(x))', form: 'matrix', source: 'Magnus–Neudecker ch. 10: a separable function' },
  { expr: 'sum(log(x))', vars: 'x: n positive', wrt: 'x', pretty: '-Diag(1 ./ x.^2)', form: 'matrix', source: 'the log barrier', positive: ['x'] },
  { expr: 'sum(softplus(W*x))', vars: 'W: n x m; x: m', wrt: 'x', pretty: "W'*Diag(s - s.^2)*W", form: 'matrix', source: 'ML: softplus, whose second derivative is σ′' },
  { expr: 'norm2(x)', vars: 'x: n', wrt: 'x', pretty: "I(n)/u - x*x'/u^3", form: 'matrix', source: 'the Euclidean norm: (I − x xᵀ/‖x‖²)/‖x‖' },
  { expr: "-1/2*(x - mu)'*inv(S)*(x - mu)", vars: 'x: n; mu: n; S: n x n spd', wrt: 'mu', pretty: '-inv(S)', form: 'matrix', source: 'Gaussian log-likelihood with respect to the mean' },
  { expr: "tr(X'*A*X)", vars: 'X: n x q; A: n x n', wrt: 'X', pretty: "kron(I(q), A + A')", form: 'vec', source: 'Magnus–Neudecker ch. 10: tr(XᵀAX)' },
  { expr: "tr(A*X*B*X')", vars: 'A: n x n; X: n x m; B: m x m', wrt: 'X', pretty: "kron(B, A') + kron(B', A)", form: 'vec', source: 'Magnus–Neudecker ch. 10: tr(AXBXᵀ)' },
  { expr: 'logdet(X)', vars: 'X: n x n', wrt: 'X', pretty: "-kron(Xi, Xi')*commutation(n, n)", form: 'vec', source: 'Magnus–Neudecker ch. 10: log|X|, −K(X⁻¹ ⊗ X⁻ᵀ)', spd: ['X'] },
  { expr: 'tr(inv(X))', vars: 'X: n x n', wrt: 'X', pretty: "(kron(Xi, Xi'^2) + kron(Xi^2, Xi'))*commutation(n, n)", form: 'vec', source: 'Magnus–Neudecker ch. 10: tr X⁻¹' },
  {
    expr: "-1/2*logdet(S) - 1/2*(x - mu)'*inv(S)*(x - mu)",
    vars: 'x: n; mu: n; S: n x n',
    wrt: 'S',
    pretty: "1/2*((kron(Si, Si') - kron(Si*z*z'*Si, Si') - kron(Si, Si'*z*z'*Si'))*commutation(n, n))",
    form: 'vec',
    source: 'Gaussian log-likelihood with respect to the covariance',
    spd: ['S'],
  },
];

/** X ↦ X Xᵀ + I for the variables a case needs symmetric positive definite */
export function spdValues(values: Readonly<Record<string, Matrix>>, names: readonly string[] = []): Record<string, Matrix> {
  const out = { ...values };
  for (const n of names) {
    const X = values[n]!;
    out[n] = X.map((row, i) => X.map((other, j) => row.reduce((s, v, k) => s + v * other[k]!, 0) + (i === j ? 1 : 0)));
  }
  return out;
}
