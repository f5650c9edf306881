// The --help text: the language with examples, generated in part from the operator table so it
// cannot fall out of date.
import { OPS } from '../ops/index.js';

export function helpText(): string {
  const fns = [...OPS.values()]
    .filter((r) => r.call && r.call.length)
    .map((r) => `  ${r.call!.join(', ').padEnd(26)} ${r.doc}`)
    .join('\n');
  return `matdiff — closed-form, numerically checked gradients in matrix notation

Usage:
  matdiff derive "<expr>" --wrt W [--wrt x ...] [--vars "<declarations>"] [--json] [--latex] [--unicode] [--no-check]
  matdiff jacobian "<expr>" --wrt x [--vars "..."] [--layout numerator|denominator] [--json] [--latex] [--unicode] [--no-check]
  matdiff hessian "<expr>" --wrt x [--vars "..."] [--json] [--latex] [--unicode] [--no-check]
  matdiff report "<expr>" --wrt W [--vars "..."] [--format text|md|latex|html|json] [-o FILE]
  matdiff report --help
  matdiff check "<expr>" --wrt W [--vars "..."] --claim "<G>"      judge a claimed gradient
  matdiff check --steps FILE [--defs "..."] [--vars "..."]         judge a chain of steps
  matdiff check --help
  matdiff --help

Examples:
  matdiff derive "v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)" --wrt W --vars "W: n x m; x: m; y: n"
  matdiff derive "x'*A*x" --wrt x
  matdiff derive "x'*A*x" --wrt x --vars "A: n x n symmetric"
  matdiff derive "logdet(X)" --wrt X --vars "X: n x n spd"
  matdiff derive "-y'*log(softmax(z))" --wrt z --vars "y: n onehot; z: n" --json
  matdiff derive "z = W*x + b; L = -y'*log(softmax(z))" --wrt z      (an intermediate: the graph is cut at z)
  matdiff jacobian "softmax(z)" --wrt z --vars "z: n"                   Diag(p) - p*p'
  matdiff jacobian "A*X*B" --wrt X                                      kron(B', A), the vec form
  matdiff hessian "x'*A*x" --wrt x                                      A + A'

The language (loosest binding first):
  A + B, A - B      sum (a scalar added to a matrix is added to every entry)
  A : B             Frobenius product tr(A'B), a scalar
  A * B             matrix product (a 1×1 side scales the other); A / c divides by a scalar
  A .* B            Hadamard product (also ∘ and ⊙); A ./ B elementwise division
  -A                negation
  A ^ k, A .^ p     matrix power (square A, integer k) or scalar power; elementwise power
  A'                transpose (also Aᵀ); x², X⁻¹ are x^2, X^-1
  Numbers are exact: 1/2 stays one half.
  Definitions: statements separated by ; or new lines, e.g. v = W*x; s = sigmoid(v); E = 1/2*(s-y):(s-y).
  The last statement is the function.

Functions:
${fns}
  ones(n), ones(n,m)         all-ones vector or matrix
  zeros(n), zeros(n,m)       zero vector or matrix
  I(n), eye(n)               identity matrix

Declarations (--vars), separated by ; or ,:
  W: n x m          a matrix (× also works)
  x: m              a column vector; 1 x n is a row vector
  a: scalar         a scalar
  X: n x n spd      facts after the shape: symmetric, spd, diagonal, positive, onehot
  Undeclared names: a–g are scalars, h–z column vectors, A–Z matrices, with dimensions inferred.

Output:
  The gradient has the shape of the variable (∂f/∂W is n×m when W is n×m).
  Every result is checked numerically: exactly with rationals where the function is rational,
  else by central differences along random directions. --no-check turns this off.
  --json prints {"function","wrt","shape","gradient","pretty","latex","check"}; one object per --wrt,
  in an array when there are several ("expanded": false when the gradient is too long to write
  out and is given as statements naming its shared parts).
  jacobian: J[i, j] = ∂fᵢ/∂xⱼ (numerator layout; --layout denominator for its transpose); where f
  or x is a matrix, the vec form d vec F = J d vec X, with the action dF = L(dX) beside it.
  hessian: H = ∂²f/∂x∂xᵀ, the Jacobian of the gradient (vec form for a matrix X), and H[V].
  --json for both prints {"function","wrt","shape","form","layout","jacobian"|"hessian","pretty",
  "latex","action","about","check"}. Every Jacobian and Hessian is checked numerically too.
  Sizes are bounded (numbers, powers, dimensions, printed length): see docs/limits.md.

Exit codes: 0 success, 1 numeric check failed, 2 bad input, an input past a limit, or a result the
check cannot judge.
For check: 0 correct, 1 wrong, 2 bad input or undecided.
`;
}
