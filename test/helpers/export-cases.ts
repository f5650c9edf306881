// Functions beyond the worked table that the export tests run, so that every operator the emitters
// write (EXPORTED_OPS in src/export/plan.ts) is exported and checked at least once, each in the
// ways it is written differently: a matrix softmax column by column, a row vector as a whole,
// broadcasts of a column, a row and a scalar, kron of two variables (its gradients need blocksum
// and blockfrob), the commutation matrix, unvec, negative matrix powers, variable exponents.
import type { WorkedRow } from './worked.js';

export type ExportRow = Omit<WorkedRow, 'expected' | 'source'> & { readonly why: string };

export const EXPORT_CASES: readonly ExportRow[] = [
  { why: 'softmax of each column, with one-hot columns', expr: 'sum(Y .* log_softmax(W*X))', vars: 'W: k x d; X: d x N; Y: k x N onehot', wrt: 'W' },
  { why: 'softmax of each column against weights', expr: 'sum(softmax(Z) .* C)', vars: 'Z: k x N; C: k x N', wrt: 'Z' },
  { why: 'logsumexp of each column: a row', expr: 'sum(logsumexp(Z))', vars: 'Z: k x N', wrt: 'Z' },
  { why: 'logsumexp of a row vector as a whole', expr: 'logsumexp(r) + r*r\'', vars: 'r: 1 x n', wrt: 'r' },
  { why: 'a bias column broadcast over the batch', expr: 'sum(tanh(W*X + b))', vars: 'W: k x d; X: d x N; b: k', wrt: 'b' },
  { why: 'a row broadcast over the rows', expr: 'sum((X + r).^2)', vars: 'X: n x m; r: 1 x m', wrt: 'r' },
  { why: 'a scalar broadcast', expr: 'sum(exp(x + c))', vars: 'x: n; c: scalar', wrt: 'c' },
  { why: 'kron of two variables, right factor: blocksum', expr: 'kron(A, X) : C', vars: 'A: p x q; X: n x m; C: p*n x q*m', wrt: 'X' },
  { why: 'kron of two variables, left factor: blockfrob', expr: 'kron(A, X) : C', vars: 'A: p x q; X: n x m; C: p*n x q*m', wrt: 'A' },
  { why: 'the commutation matrix', expr: "vec(Y)'*commutation(n, m)*vec(X)", vars: 'X: n x m; Y: m x n', wrt: 'X' },
  { why: 'unvec', expr: 'unvec(v, n) : A', vars: 'v: n*m; A: n x m', wrt: 'v' },
  { why: 'the mean of the entries', expr: 'mean(X .* X) + mean(x)', vars: 'X: n x m; x: n', wrt: 'X' },
  { why: 'the adjugate (cofactors)', expr: 'sum(adj(X))', vars: 'X: n x n', wrt: 'X' },
  { why: 'a negative matrix power', expr: 'tr(X^-2)', vars: 'X: n x n', wrt: 'X' },
  { why: 'a variable elementwise exponent', expr: 'sum(x.^p)', vars: 'x: n positive; p: scalar', wrt: 'p' },
  { why: 'a variable scalar exponent', expr: 'a^b + b^2', vars: 'a: scalar positive; b: scalar', wrt: 'b' },
  { why: 'tan, arctan, log1p, expm1', expr: 'sum(tan(x/4) + arctan(x) + log1p(x .* x) + expm1(x/3))', vars: 'x: n', wrt: 'x' },
  { why: 'arcsin and arccos inside their domain', expr: 'sum(arcsin(sigmoid(x)) + arccos(sigmoid(x)/2))', vars: 'x: n', wrt: 'x' },
  { why: 'softplus and relu of a matrix', expr: 'sum(softplus(A*X) + relu(A*X))', vars: 'A: n x k; X: k x m', wrt: 'X' },
  { why: 'a diagonal variable', expr: "x'*D*x + sum(D)", vars: 'x: n; D: n x n diagonal', wrt: 'D' },
  { why: 'the lower triangle of a matrix and of a row', expr: 'sum(tril(X).^2) + sum(tril(r))', vars: 'X: n x m; r: 1 x m', wrt: 'X' },
  { why: 'a Frobenius product of two transposes', expr: "X' : (A*X)'", vars: 'X: n x m; A: n x n', wrt: 'X' },
  { why: 'two gradients sharing their parts', expr: 'z = W*x + b; L = -y\'*log(softmax(z))', vars: 'W: k x d; x: d; b: k; y: k onehot', wrt: 'W, b' },
  { why: 'a scalar variable and a matrix', expr: 'norm2(A*x - b)^2 + lambda*x\'*x', vars: 'A: n x m; x: m; b: n; lambda: scalar', wrt: 'x, lambda' },
];
