// Worked gradients: a table of rows { source, expr, vars, wrt, expected }. Each `expected` is a
// closed form worked by hand from the cited source (Matrix Cookbook, Nov 15 2012 version, equation
// numbers; Magnus–Neudecker; standard machine-learning losses), written independently of what
// matdiff prints. For every row, at several random points:
//   (a) derive() succeeds and its own numeric check passed;
//   (b) the gradient has the shape of the variable;
//   (c) the derived gradient equals `expected` (relative error < 1e-8) and its text parses back;
//   (d) the derived gradient equals an independent oracle: central differences of f entry by entry
//       (test/helpers/numeric.ts), which does not use derive's check.
// The checks live in test/helpers/worked.ts (test/seeds.test.ts uses them too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkWorkedRow, type WorkedRow } from './helpers/worked.ts';

// Shorthand for the dimensions used below: n, m, k, l, p are independent symbols.
const WORKED: WorkedRow[] = [
  // ---- Matrix Cookbook §2.4: first- and second-order forms ---------------------------------------
  { source: 'Matrix Cookbook (69): ∂aᵀx/∂x = a', expr: "a'*x", vars: 'a: n; x: n', wrt: 'x', expected: 'a' },
  { source: 'Matrix Cookbook (70): ∂aᵀXb/∂X = abᵀ', expr: "a'*X*b", vars: 'a: n; X: n x m; b: m', wrt: 'X', expected: "a*b'" },
  { source: 'Matrix Cookbook (71): ∂aᵀXᵀb/∂X = baᵀ', expr: "a'*X'*b", vars: 'a: m; X: n x m; b: n', wrt: 'X', expected: "b*a'" },
  { source: 'Matrix Cookbook (72): ∂aᵀXa/∂X = aaᵀ', expr: "a'*X*a", vars: 'a: n; X: n x n', wrt: 'X', expected: "a*a'" },
  { source: 'Matrix Cookbook (77): ∂bᵀXᵀXc/∂X = X(bcᵀ + cbᵀ)', expr: "b'*X'*X*c", vars: 'X: n x m; b: m; c: m', wrt: 'X', expected: "X*(b*c' + c*b')" },
  {
    source: 'Matrix Cookbook (78): ∂(Bx+b)ᵀC(Dx+d)/∂x = BᵀC(Dx+d) + DᵀCᵀ(Bx+b)',
    expr: "(B*x + b)'*C*(D*x + d)",
    vars: 'B: k x n; x: n; b: k; C: k x l; D: l x n; d: l',
    wrt: 'x',
    expected: "B'*C*(D*x + d) + D'*C'*(B*x + b)",
  },
  { source: 'Matrix Cookbook (81): ∂xᵀBx/∂x = (B + Bᵀ)x', expr: "x'*B*x", vars: 'B: n x n; x: n', wrt: 'x', expected: "(B + B')*x" },
  { source: 'Matrix Cookbook (81), B symmetric: 2Bx', expr: "x'*B*x", vars: 'B: n x n symmetric; x: n', wrt: 'x', expected: '2*B*x' },
  {
    source: 'Matrix Cookbook (82): ∂bᵀXᵀDXc/∂X = DᵀXbcᵀ + DXcbᵀ',
    expr: "b'*X'*D*X*c",
    vars: 'X: n x m; b: m; c: m; D: n x n',
    wrt: 'X',
    expected: "D'*X*b*c' + D*X*c*b'",
  },
  {
    source: 'Matrix Cookbook (83): ∂(Xb+c)ᵀD(Xb+c)/∂X = (D + Dᵀ)(Xb+c)bᵀ',
    expr: "(X*b + c)'*D*(X*b + c)",
    vars: 'X: n x m; b: m; c: n; D: n x n',
    wrt: 'X',
    expected: "(D + D')*(X*b + c)*b'",
  },
  {
    source: 'Matrix Cookbook (84), W symmetric: ∂(x−As)ᵀW(x−As)/∂s = −2AᵀW(x−As)',
    expr: "(x - A*s)'*W*(x - A*s)",
    vars: 'x: n; A: n x m; s: m; W: n x n symmetric',
    wrt: 's',
    expected: "-2*A'*W*(x - A*s)",
  },
  {
    source: 'Matrix Cookbook (85), W symmetric: ∂(x−s)ᵀW(x−s)/∂x = 2W(x−s)',
    expr: "(x - s)'*W*(x - s)",
    vars: 'x: n; s: n; W: n x n symmetric',
    wrt: 'x',
    expected: '2*W*(x - s)',
  },
  {
    source: 'Matrix Cookbook (88), W symmetric: ∂(x−As)ᵀW(x−As)/∂A = −2W(x−As)sᵀ',
    expr: "(x - A*s)'*W*(x - A*s)",
    vars: 'x: n; A: n x m; s: m; W: n x n symmetric',
    wrt: 'A',
    expected: "-2*W*(x - A*s)*s'",
  },

  // ---- Matrix Cookbook §2.5: traces --------------------------------------------------------------
  { source: 'Matrix Cookbook (99): ∂Tr(X)/∂X = I', expr: 'tr(X)', vars: 'X: n x n', wrt: 'X', expected: 'I(n)' },
  { source: "Matrix Cookbook (100): ∂Tr(XA)/∂X = Aᵀ", expr: 'tr(X*A)', vars: 'X: n x m; A: m x n', wrt: 'X', expected: "A'" },
  { source: 'Matrix Cookbook (101): ∂Tr(AXB)/∂X = AᵀBᵀ', expr: 'tr(A*X*B)', vars: 'A: k x n; X: n x m; B: m x k', wrt: 'X', expected: "A'*B'" },
  { source: 'Matrix Cookbook (102): ∂Tr(AXᵀB)/∂X = BA', expr: "tr(A*X'*B)", vars: 'A: k x m; X: n x m; B: n x k', wrt: 'X', expected: 'B*A' },
  { source: 'Matrix Cookbook (103): ∂Tr(XᵀA)/∂X = A', expr: "tr(X'*A)", vars: 'X: n x m; A: n x m', wrt: 'X', expected: 'A' },
  { source: 'Matrix Cookbook (106): ∂Tr(X²)/∂X = 2Xᵀ', expr: 'tr(X^2)', vars: 'X: n x n', wrt: 'X', expected: "2*X'" },
  { source: 'Matrix Cookbook (107): ∂Tr(X²B)/∂X = (XB + BX)ᵀ', expr: 'tr(X^2*B)', vars: 'X: n x n; B: n x n', wrt: 'X', expected: "(X*B + B*X)'" },
  { source: 'Matrix Cookbook (108): ∂Tr(XᵀBX)/∂X = BX + BᵀX', expr: "tr(X'*B*X)", vars: 'X: n x m; B: n x n', wrt: 'X', expected: "B*X + B'*X" },
  { source: 'Matrix Cookbook (111): ∂Tr(XBXᵀ)/∂X = XBᵀ + XB', expr: "tr(X*B*X')", vars: 'X: n x m; B: m x m', wrt: 'X', expected: "X*B' + X*B" },
  {
    source: 'Matrix Cookbook (114): ∂Tr(AXBX)/∂X = AᵀXᵀBᵀ + BᵀXᵀAᵀ',
    expr: 'tr(A*X*B*X)',
    vars: 'A: n x n; X: n x n; B: n x n',
    wrt: 'X',
    expected: "A'*X'*B' + B'*X'*A'",
  },
  { source: 'Matrix Cookbook (115): ∂Tr(XᵀX)/∂X = 2X', expr: "tr(X'*X)", vars: 'X: n x m', wrt: 'X', expected: '2*X' },
  {
    source: 'Matrix Cookbook (117): ∂Tr(XᵀBXC)/∂X = BXC + BᵀXCᵀ',
    expr: "tr(X'*B*X*C)",
    vars: 'X: n x m; B: n x n; C: m x m',
    wrt: 'X',
    expected: "B*X*C + B'*X*C'",
  },
  {
    source: 'Matrix Cookbook (119): ∂Tr[(AXB+C)(AXB+C)ᵀ]/∂X = 2Aᵀ(AXB+C)Bᵀ',
    expr: "tr((A*X*B + C)*(A*X*B + C)')",
    vars: 'A: k x n; X: n x m; B: m x l; C: k x l',
    wrt: 'X',
    expected: "2*A'*(A*X*B + C)*B'",
  },
  { source: 'Matrix Cookbook (121): ∂Tr(Xᵏ)/∂X = k(Xᵏ⁻¹)ᵀ, k = 3', expr: 'tr(X^3)', vars: 'X: n x n', wrt: 'X', expected: "3*(X^2)'" },

  // ---- Matrix Cookbook §2.1–2.2: determinants and inverses ---------------------------------------
  { source: 'Matrix Cookbook (49): ∂det(X)/∂X = det(X)(X⁻¹)ᵀ', expr: 'det(X)', vars: 'X: n x n', wrt: 'X', expected: "det(X)*inv(X)'" },
  {
    source: 'Matrix Cookbook (51): ∂det(AXB)/∂X = det(AXB)(X⁻¹)ᵀ (A, X, B square)',
    expr: 'det(A*X*B)',
    vars: 'A: n x n; X: n x n; B: n x n',
    wrt: 'X',
    expected: "det(A*X*B)*inv(X)'",
  },
  { source: 'Matrix Cookbook (57): ∂ln|det X|/∂X = (X⁻¹)ᵀ, X spd', expr: 'logdet(X)', vars: 'X: n x n spd', wrt: 'X', expected: 'inv(X)' },
  { source: 'Matrix Cookbook (57): ∂ln|det X|/∂X = (X⁻¹)ᵀ, X general', expr: 'logdet(X)', vars: 'X: n x n', wrt: 'X', expected: "inv(X)'" },
  {
    source: 'Matrix Cookbook (59)/(61) with a = b = 1: ∂1ᵀX⁻¹1/∂X = −X⁻ᵀ11ᵀX⁻ᵀ',
    expr: 'sum(inv(X))',
    vars: 'X: n x n',
    wrt: 'X',
    expected: "-inv(X)'*ones(n, n)*inv(X)'",
  },
  {
    source: 'Matrix Cookbook (55) with X square (X⁺ = X⁻¹): ∂ln det(XᵀX)/∂X = 2(X⁻¹)ᵀ',
    expr: "logdet(X'*X)",
    vars: 'X: n x n',
    wrt: 'X',
    expected: "2*inv(X)'",
  },
  { source: 'Matrix Cookbook (58): ∂det(Xᵏ)/∂X = k det(Xᵏ)(X⁻¹)ᵀ, k = 3', expr: 'det(X^3)', vars: 'X: n x n', wrt: 'X', expected: "3*det(X^3)*inv(X)'" },
  {
    source: 'Matrix Cookbook (61): ∂aᵀX⁻¹b/∂X = −X⁻ᵀabᵀX⁻ᵀ',
    expr: "a'*inv(X)*b",
    vars: 'a: n; X: n x n; b: n',
    wrt: 'X',
    expected: "-inv(X)'*a*b'*inv(X)'",
  },
  { source: 'Matrix Cookbook (62): ∂det(X⁻¹)/∂X = −det(X⁻¹)(X⁻¹)ᵀ', expr: 'det(inv(X))', vars: 'X: n x n', wrt: 'X', expected: "-det(inv(X))*inv(X)'" },
  {
    source: 'Matrix Cookbook (63): ∂Tr(AX⁻¹B)/∂X = −(X⁻¹BAX⁻¹)ᵀ',
    expr: 'tr(A*inv(X)*B)',
    vars: 'A: k x n; X: n x n; B: n x k',
    wrt: 'X',
    expected: "-(inv(X)*B*A*inv(X))'",
  },
  {
    source: 'Matrix Cookbook (64): ∂Tr((X+A)⁻¹)/∂X = −((X+A)⁻¹(X+A)⁻¹)ᵀ',
    expr: 'tr(inv(X + A))',
    vars: 'X: n x n; A: n x n',
    wrt: 'X',
    expected: "-(inv(X + A)*inv(X + A))'",
  },

  // ---- norms -------------------------------------------------------------------------------------
  { source: 'Matrix Cookbook (129): ∂‖x−a‖₂/∂x = (x−a)/‖x−a‖₂', expr: 'norm2(x - a)', vars: 'x: n; a: n', wrt: 'x', expected: '(x - a)/norm2(x - a)' },
  { source: 'Matrix Cookbook (131): ∂‖x‖₂²/∂x = 2x', expr: 'norm2(x)^2', vars: 'x: n', wrt: 'x', expected: '2*x' },
  { source: 'Frobenius norm: d(X:X) = 2X:dX, so ∂‖X‖²_F/∂X = 2X', expr: 'X:X', vars: 'X: n x m', wrt: 'X', expected: '2*X' },
  { source: 'norm1: d‖x−a‖₁ = sign(x−a):dx (away from the kinks)', expr: 'norm1(x - a)', vars: 'x: n; a: n', wrt: 'x', expected: 'sign(x - a)' },

  // ---- regression losses -------------------------------------------------------------------------
  {
    source: 'least squares: d ½‖Ax−b‖² = (Ax−b):A dx, so Aᵀ(Ax−b) (normal equations)',
    expr: "1/2*(A*x - b)'*(A*x - b)",
    vars: 'A: n x m; x: m; b: n',
    wrt: 'x',
    expected: "A'*(A*x - b)",
  },
  {
    source: 'least squares w.r.t. the matrix: (Ax−b):dA x = (Ax−b)xᵀ:dA',
    expr: '1/2*norm2(A*x - b)^2',
    vars: 'A: n x m; x: m; b: n',
    wrt: 'A',
    expected: "(A*x - b)*x'",
  },
  {
    source: 'ridge regression: ‖Xw−y‖² + c‖w‖², gradient 2Xᵀ(Xw−y) + 2cw',
    expr: '(X*w - y):(X*w - y) + c*w:w',
    vars: 'X: n x m; w: m; y: n; c: scalar',
    wrt: 'w',
    expected: "2*X'*(X*w - y) + 2*c*w",
  },
  {
    source: 'lasso-style: ½‖Xw−y‖² + c‖w‖₁, gradient Xᵀ(Xw−y) + c·sign(w) (away from w_i = 0)',
    expr: '1/2*(X*w - y):(X*w - y) + c*norm1(w)',
    vars: 'X: n x m; w: m; y: n; c: scalar',
    wrt: 'w',
    expected: "X'*(X*w - y) + c*sign(w)",
  },
  {
    source: 'logistic regression, n samples: p = σ(Xw), L = −yᵀlog p − (1−y)ᵀlog(1−p), ∂L/∂w = Xᵀ(p − y)',
    expr: "p = sigmoid(X*w); L = -(y'*log(p) + (1 - y)'*log(1 - p))",
    vars: 'X: n x m; w: m; y: n',
    wrt: 'w',
    expected: "p = sigmoid(X*w); X'*(p - y)",
  },
  {
    source: 'seed 000: logistic log-loss of one example, ∂L/∂w = (ŷ − y)x',
    expr: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))",
    vars: 'w: n; x: n; y: scalar',
    wrt: 'w',
    expected: "(sigmoid(w'*x) - y)*x",
  },

  // ---- softmax, logsumexp ------------------------------------------------------------------------
  { source: 'logsumexp: d lse(z) = softmax(z):dz', expr: 'logsumexp(z)', vars: 'z: n', wrt: 'z', expected: 'softmax(z)' },
  {
    source: 'softmax Jacobian Diag(p) − ppᵀ (symmetric): ∂cᵀsoftmax(z)/∂z = p∘c − (pᵀc)p',
    expr: "c'*softmax(z)",
    vars: 'c: n; z: n',
    wrt: 'z',
    expected: "p = softmax(z); p .* c - (p'*c)*p",
  },
  {
    source: 'softmax cross-entropy, column vectors, one-hot y: ∂(−yᵀlog softmax z)/∂z = softmax(z) − y',
    expr: "-y'*log(softmax(z))",
    vars: 'y: n onehot; z: n',
    wrt: 'z',
    expected: 'softmax(z) - y',
  },
  {
    source: 'softmax cross-entropy, any target y: −yᵀ(z − lse(z)1), gradient (1ᵀy)softmax(z) − y',
    expr: "-y'*log(softmax(z))",
    vars: 'y: n; z: n',
    wrt: 'z',
    expected: 'sum(y)*softmax(z) - y',
  },
  {
    source: 'seed 001: softmax cross-entropy with row vectors (1×N), one-hot y: softmax(z) − y',
    expr: "L = -y*log(softmax(z))'",
    vars: 'y: 1 x N onehot; z: 1 x N',
    wrt: 'z',
    expected: 'softmax(z) - y',
  },
  {
    source: 'cross-entropy as logsumexp: lse(z) − yᵀz, one-hot y: softmax(z) − y',
    expr: "logsumexp(z) - y'*z",
    vars: 'y: n onehot; z: n',
    wrt: 'z',
    expected: 'softmax(z) - y',
  },

  // ---- networks ----------------------------------------------------------------------------------
  {
    source: 'seed 003 (w.r.t. W): (S − S²)(s − y)xᵀ, S = Diag(s)',
    expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)',
    vars: 'W: n x m; x: m; y: n',
    wrt: 'W',
    expected: "s = sigmoid(W*x); (Diag(s) - Diag(s)^2)*(s - y)*x'",
  },
  {
    source: 'seed 002: ReLU neuron, C = (y − relu(wᵀx + b))², ∂C/∂w = 2 step(z)(u − y)x',
    expr: "z = w'*x + b; u = relu(z); C = (y - u)^2",
    vars: 'w: n; x: n; b: scalar; y: scalar',
    wrt: 'w',
    expected: "z = w'*x + b; 2*step(z)*(relu(z) - y)*x",
  },
  {
    source: 'seed 004: sigmoid neuron σ(wᵀx + b), ∂/∂x = σ(1 − σ)w',
    expr: "sigmoid(w'*x + b)",
    vars: 'w: n; x: n; b: scalar',
    wrt: 'x',
    expected: "s = sigmoid(w'*x + b); s*(1 - s)*w",
  },
  {
    source: '2-layer sigmoid network, output weights: o = W σ(Vx), ∂½‖o−y‖²/∂W = (o − y)hᵀ',
    expr: 'h = sigmoid(V*x); o = W*h; L = 1/2*(o - y):(o - y)',
    vars: 'V: k x m; x: m; W: n x k; y: n',
    wrt: 'W',
    expected: "h = sigmoid(V*x); (W*h - y)*h'",
  },
  {
    source: '2-layer sigmoid network, hidden weights (backprop): ((h − h∘h) ∘ Wᵀ(o − y))xᵀ',
    expr: 'h = sigmoid(V*x); o = W*h; L = 1/2*(o - y):(o - y)',
    vars: 'V: k x m; x: m; W: n x k; y: n',
    wrt: 'V',
    expected: "h = sigmoid(V*x); ((h - h .* h) .* (W'*(W*h - y)))*x'",
  },
  {
    source: '2-layer tanh network with bias, w.r.t. the hidden bias: (1 − h∘h) ∘ Wᵀ(o − y)',
    expr: 'h = tanh(V*x + c); o = W*h + e; L = 1/2*(o - y):(o - y)',
    vars: 'V: k x m; x: m; c: k; W: n x k; e: n; y: n',
    wrt: 'c',
    expected: "h = tanh(V*x + c); (1 - h.^2) .* (W'*(W*h + e - y))",
  },
  {
    source: '3-layer ReLU network, first layer: δ₃ = o − y, δ₂ = step(Vh)∘Wᵀδ₃, δ₁ = step(Ux)∘Vᵀδ₂, ∂L/∂U = δ₁xᵀ',
    expr: 'h = relu(U*x); k = relu(V*h); o = W*k; L = 1/2*(o - y):(o - y)',
    vars: 'U: p x m; x: m; V: l x p; W: n x l; y: n',
    wrt: 'U',
    expected: "h = relu(U*x); k = relu(V*h); (step(U*x) .* (V'*(step(V*h) .* (W'*(W*k - y)))))*x'",
  },

  // ---- Gaussian log-likelihood -------------------------------------------------------------------
  {
    source: 'Gaussian log-likelihood w.r.t. the mean: d(−½rᵀS⁻¹r) = rᵀS⁻¹dμ for r = x − μ, S symmetric',
    expr: "r = x - mu; L = -1/2*logdet(S) - 1/2*r'*inv(S)*r",
    vars: 'x: n; mu: n; S: n x n spd',
    wrt: 'mu',
    expected: 'inv(S)*(x - mu)',
  },
  {
    source: 'Gaussian log-likelihood w.r.t. the covariance: Cookbook (57) and (61): −½S⁻¹ + ½S⁻¹rrᵀS⁻¹',
    expr: "r = x - mu; L = -1/2*logdet(S) - 1/2*r'*inv(S)*r",
    vars: 'x: n; mu: n; S: n x n spd',
    wrt: 'S',
    expected: "r = x - mu; -1/2*inv(S) + 1/2*inv(S)*r*r'*inv(S)",
  },

  // ---- matrix factorization ----------------------------------------------------------------------
  {
    source: 'matrix factorization ‖X − UVᵀ‖²_F: d = −2(X − UVᵀ):dU Vᵀ, so −2(X − UVᵀ)V',
    expr: "(X - U*V'):(X - U*V')",
    vars: 'X: n x m; U: n x k; V: m x k',
    wrt: 'U',
    expected: "-2*(X - U*V')*V",
  },
  {
    source: 'matrix factorization ‖X − UVᵀ‖²_F w.r.t. V: −2(X − UVᵀ)ᵀU',
    expr: "(X - U*V'):(X - U*V')",
    vars: 'X: n x m; U: n x k; V: m x k',
    wrt: 'V',
    expected: "-2*(X - U*V')'*U",
  },

  // ---- Diag, diag, Hadamard, elementwise ---------------------------------------------------------
  { source: 'Diag: xᵀDiag(a)x = a:(x∘x), so ∂/∂a = x∘x', expr: "x'*Diag(a)*x", vars: 'x: n; a: n', wrt: 'a', expected: 'x .* x' },
  { source: 'Diag: ∂xᵀDiag(a)x/∂x = 2Diag(a)x = 2a∘x', expr: "x'*Diag(a)*x", vars: 'x: n; a: n', wrt: 'x', expected: '2*a .* x' },
  { source: 'diag: aᵀdiag(X) = Diag(a):X, so ∂/∂X = Diag(a)', expr: "a'*diag(X)", vars: 'a: n; X: n x n', wrt: 'X', expected: 'Diag(a)' },
  { source: 'Hadamard: aᵀ(x∘y) = (a∘y):x', expr: "a'*(x .* y)", vars: 'a: n; x: n; y: n', wrt: 'x', expected: 'a .* y' },
  { source: 'Hadamard in a trace: Tr(A(X∘B)) = Aᵀ:(X∘B) = (Aᵀ∘B):X', expr: 'tr(A*(X .* B))', vars: 'A: m x n; X: n x m; B: n x m', wrt: 'X', expected: "A' .* B" },
  { source: 'elementwise power: d sum(x∘³) = 3x∘²:dx', expr: 'sum(x.^3)', vars: 'x: n', wrt: 'x', expected: '3*x.^2' },
  { source: 'exp: d 1ᵀexp(Wx) = exp(Wx):dW x, so exp(Wx)xᵀ', expr: 'sum(exp(W*x))', vars: 'W: n x m; x: m', wrt: 'W', expected: "exp(W*x)*x'" },
  { source: 'log: d 1ᵀlog x = (1 ⊘ x):dx, x > 0', expr: 'sum(log(x))', vars: 'x: n positive', wrt: 'x', expected: 'ones(n) ./ x' },
  { source: 'sqrt: d 1ᵀ√x = (½x^(−½)):dx, x > 0', expr: 'sum(sqrt(x))', vars: 'x: n positive', wrt: 'x', expected: '1/2*x.^(-1/2)' },
  { source: 'elementwise division: d 1ᵀ(x ⊘ y) = −(x ⊘ y∘²):dy', expr: 'sum(x ./ y)', vars: 'x: n; y: n positive', wrt: 'y', expected: '-x ./ (y .* y)' },
  { source: 'sin, cos: d 1ᵀ(sin x ∘ cos x) = (cos²x − sin²x):dx', expr: 'sum(sin(x) .* cos(x))', vars: 'x: n', wrt: 'x', expected: 'cos(x).^2 - sin(x).^2' },
  { source: 'tanh: d 1ᵀtanh x = (1 − tanh²x):dx', expr: 'sum(tanh(x))', vars: 'x: n', wrt: 'x', expected: '1 - tanh(x).^2' },
  { source: 'abs: d 1ᵀ|Wx| = sign(Wx):dW x (away from zeros)', expr: 'sum(abs(W*x))', vars: 'W: n x m; x: m', wrt: 'W', expected: "sign(W*x)*x'" },
  { source: 'scalar variable: d 1ᵀexp(ax) = (xᵀexp(ax)) da', expr: 'sum(exp(a*x))', vars: 'a: scalar; x: n', wrt: 'a', expected: "x'*exp(a*x)" },
  { source: 'row vector: d(rArᵀ) = dr (A + Aᵀ)rᵀ, so ∂/∂r = r(Aᵀ + A) (a row)', expr: "r*A*r'", vars: 'r: 1 x n; A: n x n', wrt: 'r', expected: "r*(A' + A)" },
];

test('worked: the table has at least 45 rows, each with a source', () => {
  assert.ok(WORKED.length >= 45, `${WORKED.length} rows`);
  for (const r of WORKED) assert.ok(r.source.length > 5, r.expr);
});

for (const [index, row] of WORKED.entries()) {
  test(`worked ${index + 1}: ${row.source}`, () => {
    checkWorkedRow(row, 1000 * (index + 1));
  });
}

test.run();
