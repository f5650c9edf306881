// The two gradients of bench/compare.ts written by hand as loops over row-major Float64Arrays:
// the baseline every engine there is compared with (what a person would write for speed).

/** ∂/∂W of ½‖σ(Wx) − y‖² for W n×m: (σ′(v) ∘ (s − y)) xᵀ with v = Wx, s = σ(v) */
export function seedGradient(W: Float64Array, x: Float64Array, y: Float64Array, n: number, m: number): Float64Array {
  const G = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < m; j++) v += W[i * m + j]! * x[j]!;
    const s = 1 / (1 + Math.exp(-v));
    const c = (s - s * s) * (s - y[i]!);
    for (let j = 0; j < m; j++) G[i * m + j] = c * x[j]!;
  }
  return G;
}

/** C = A·B for A r×k, B k×c (row-major, k outside j) */
function matmul(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p]!;
      for (let j = 0; j < c; j++) C[i * c + j]! += a * B[p * c + j]!;
    }
  }
  return C;
}

/** Aᵀ for A r×c */
function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j]!;
  return T;
}

export interface Mlp {
  /** sizes: W1 h×d, X d×N, b1 h, W2 d×h, b2 d, Y d×N */
  readonly d: number;
  readonly h: number;
  readonly N: number;
  readonly W1: Float64Array;
  readonly X: Float64Array;
  readonly b1: Float64Array;
  readonly W2: Float64Array;
  readonly b2: Float64Array;
  readonly Y: Float64Array;
}

/**
 * ∂/∂W1 of ½‖W2 H + b2 − Y‖² with H = tanh(W1 X + b1) (biases added to every column):
 * ((1 − H∘H) ∘ W2ᵀ(W2 H + b2 − Y)) Xᵀ, the forward pass then the backward one.
 */
export function mlpGradient(p: Mlp): Float64Array {
  const { d, h, N } = p;
  const H = matmul(p.W1, p.X, h, d, N);
  for (let i = 0; i < h; i++) for (let j = 0; j < N; j++) H[i * N + j] = Math.tanh(H[i * N + j]! + p.b1[i]!);
  const R = matmul(p.W2, H, d, h, N);
  for (let i = 0; i < d; i++) for (let j = 0; j < N; j++) R[i * N + j] = R[i * N + j]! + p.b2[i]! - p.Y[i * N + j]!;
  const D = matmul(transpose(p.W2, d, h), R, h, d, N);
  for (let k = 0; k < h * N; k++) D[k] = (1 - H[k]! * H[k]!) * D[k]!;
  return matmul(D, transpose(p.X, d, N), h, N, d);
}
