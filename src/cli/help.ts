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
  matdiff report "<expr>" --wrt x --jacobian|--hessian [--vars "..."] [--format …] [-o FILE]
  matdiff report --help
  matdiff check "<expr>" --wrt W [--vars "..."] --claim "<G>"      judge a claimed gradient
  matdiff check --steps FILE [--defs "..."] [--vars "..."]         judge a chain of steps
  matdiff check --help
  matdiff export "<expr>" --wrt W [--vars "..."] --lang js|ts|numpy|torch [-o FILE]   f and its gradient as code
  matdiff export --help
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
  A + B, A - B      sum (a scalar added to a matrix is added to every entry; a column vector to every
                    column, a row vector to every row: W*X + b; .* and ./ broadcast alike)
  A : B             Frobenius product tr(A'B), a scalar
  A * B             matrix product (a 1×1 side scales the other); A / c divides by a scalar
  A .* B            Hadamard product (also ∘ and ⊙); A ./ B elementwise division
  -A                negation
  A ^ k, A .^ p     matrix power (square A, integer k) or scalar power; elementwise power
  A'                transpose (also Aᵀ); x², X⁻¹ are x^2, X^-1
  Numbers are exact: 1/2 stays one half.
  Definitions: statements separated by ; or new lines, e.g. v = W*x; s = sigmoid(v); E = 1/2*(s-y):(s-y).
  The last statement is the function. A name may be defined again, as in code:
  h = tanh(W*x1); h = tanh(W*h + x2); sum(h) makes the second h a new definition h2 whose right
  side uses the first; --wrt h is the first, --wrt h2 the second.
  Notation of other tools: A@x (numpy) is A*x; X.T (numpy), X.' (MATLAB) and X^T (where T is not
  a variable) are X'. x**2 is refused: write x^2, or x.^2 for numpy's elementwise power.

Functions:
${fns}
  ones(n), ones(n,m)         all-ones vector or matrix
  zeros(n), zeros(n,m)       zero vector or matrix
  I(n), eye(n)               identity matrix

Declarations (--vars), separated by ; or ,:
  W: n x m          a matrix (× also works)
  x: m              a column vector; 1 x n is a row vector
  a: scalar         a scalar
  X: n x n spd      facts after the shape: symmetric, spd, diagonal, positive, onehot, prob
  y: k onehot       one-hot (a single 1); on a matrix each column: Y: k x N onehot (1'Y = 1')
  Y: N x k onehot rows   each row one-hot, the row-wise layout of labels (Y*ones(k) = ones(N))
  p: k prob         positive entries summing to 1 (sum(p) = 1); P: k x N prob, each column
  P: N x k prob rows     each row a probability vector (P*ones(k) = ones(N))
                    The simplifier uses a fact only where it is declared, and the checks draw
                    values that honour it: matdiff check "(p : log(p)) - (p : log(softmax(z)))"
                    --wrt z --claim "softmax(z) - p" is correct with --vars "p: k prob; z: k".
  W: n by m, W: n-by-m, W: n X m and numpy's W: (n, m), x: (n,) are read as n x m and n.

Undeclared names (each result lists them under "assumed:", with the --vars that declares them):
  a–g, Greek letters and their names (alpha, lambda, mu, sigma, α, λ): scalars
  h–z: column vectors;  A–Z and capital Greek letters (Σ): matrices;  dimensions from use.
  The use wins over the letter where it decides the shape:
    A*x - b, W*x + b   a name added to or subtracted from a vector or matrix takes its shape
                       (a scalar there must be declared: --vars "b: scalar"); in x + 1 and
                       c*x the number and c stay scalars
    a'*X*b, X*b        a transposed a–g name, or one ending a product after a matrix or a row
                       vector, is a vector (a scalar factor comes first or inside: c*X, A*c*x)
    x.^p, X^k          a name as an exponent is a scalar
  e.g. norm2(A*x - b)^2 + lambda*x'*x: b is a vector, lambda a scalar.

Output:
  The gradient has the shape of the variable (∂f/∂W is n×m when W is n×m).
  Every result is checked numerically: exactly with rationals where the function is rational,
  else by central differences along random directions. --no-check turns this off.
  --json prints {"function","wrt","shape","gradient","pretty","latex","check"}; one object per --wrt,
  in an array when there are several ("expanded": false when the gradient is too long to write
  out and is given as statements naming its shared parts; "assumed": [{"name","shape","why"}] when
  a name is undeclared; "notes" when the input was read in a way worth saying, as above).
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
