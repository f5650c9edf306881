// The functions an exported NumPy or PyTorch module defines for itself, each included only where
// the module uses it: input guards, the stable forms NumPy lacks (log-sum-exp, softmax; torch has
// its own), the adjugate, log det, the commutation matrix and the block products of kron's
// adjoints, and the helpers of the checks. The helpers an elementwise function's code calls come
// from its operator record (src/export/op-code.ts) and are written after the guards. Every name
// starts with `_`.
import { NUMPY_RECORD_HELPERS, TORCH_RECORD_HELPERS } from './op-code.js';

export type PyLib = 'numpy' | 'torch';

interface Helper {
  readonly deps?: readonly string[];
  readonly numpy?: string;
  readonly torch?: string;
}

const GUARDS: Readonly<Record<string, Helper>> = {
  _array: {
    numpy: `def _array(a, name, ndim, shape):
    """a as a float array of \`ndim\` dimensions, or a ValueError naming it"""
    a = np.asarray(a, dtype=float)
    if a.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array of shape {shape}, got shape {a.shape}")
    return a`,
    torch: `def _array(a, name, ndim, shape):
    """a as a floating-point tensor of \`ndim\` dimensions, or a ValueError naming it"""
    if not torch.is_tensor(a):
        a = torch.as_tensor(a, dtype=torch.float64)
    elif not a.is_floating_point():
        a = a.to(torch.float64)
    if a.dim() != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D tensor of shape {shape}, got shape {tuple(a.shape)}")
    return a`,
  },
  _expect: {
    numpy: `def _expect(a, name, shape, text):
    if a.shape != shape:
        raise ValueError(f"{name}: expected shape {text} = {shape}, got {a.shape}")`,
    torch: `def _expect(a, name, shape, text):
    if tuple(a.shape) != shape:
        raise ValueError(f"{name}: expected shape {text} = {shape}, got {tuple(a.shape)}")`,
  },
};

const OWN: Readonly<Record<string, Helper>> = {
  _logsumexp: {
    numpy: `def _logsumexp(z):
    """log Σ exp of a vector, or of each column of a matrix (a row of values), shifted by the maximum"""
    m = np.max(z, axis=0)
    return m + np.log(np.sum(np.exp(z - m), axis=0))`,
  },
  _softmax: {
    numpy: `def _softmax(z):
    """softmax of a vector, or of each column of a matrix, shifted by the maximum"""
    e = np.exp(z - np.max(z, axis=0))
    return e / np.sum(e, axis=0)`,
  },
  _log_softmax: {
    deps: ['_logsumexp'],
    numpy: `def _log_softmax(z):
    """z − logsumexp(z), column by column (never the log of a softmax entry, which underflows)"""
    return z - _logsumexp(z)`,
  },
  _logdet: {
    numpy: `def _logdet(X):
    """log det X: −inf where X is singular, nan where det X < 0"""
    sign, logabs = np.linalg.slogdet(X)
    return logabs if sign > 0 else (-np.inf if sign == 0 else np.nan)`,
  },
  _adj: {
    numpy: `def _adj(X):
    """the adjugate, det(X)·inv(X) where X is invertible and defined where it is not: cofactors up to 8×8"""
    n = X.shape[0]
    if n == 1:
        return np.ones((1, 1))
    if n > 8:
        d = np.linalg.det(X)
        if d != 0 and np.isfinite(d):
            return d * np.linalg.inv(X)
    A = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            minor = X[[r for r in range(n) if r != j]][:, [c for c in range(n) if c != i]]
            A[i, j] = (-1) ** (i + j) * np.linalg.det(minor)
    return A`,
    torch: `def _adj(X):
    """the adjugate, det(X)·inv(X) where X is invertible and defined where it is not: cofactors up to 8×8"""
    n = X.shape[0]
    if n == 1:
        return torch.ones((1, 1), dtype=X.dtype, device=X.device)
    if n > 8:
        d = torch.linalg.det(X)
        if d != 0 and torch.isfinite(d):
            return d * torch.linalg.inv(X)
    A = torch.empty((n, n), dtype=X.dtype, device=X.device)
    for i in range(n):
        for j in range(n):
            minor = X[[r for r in range(n) if r != j]][:, [c for c in range(n) if c != i]]
            A[i, j] = (-1) ** (i + j) * torch.linalg.det(minor)
    return A`,
  },
  _commutation: {
    numpy: `def _commutation(m, n):
    """K(m, n): the mn×mn permutation with K @ vec(A) = vec(A.T) for every m×n A"""
    K = np.zeros((m * n, m * n))
    c = np.arange(m * n)
    K[c // m + n * (c % m), c] = 1.0
    return K`,
    torch: `def _commutation(m, n, like):
    """K(m, n): the mn×mn permutation with K @ vec(A) = vec(A.T) for every m×n A"""
    K = torch.zeros((m * n, m * n), dtype=like.dtype, device=like.device)
    c = torch.arange(m * n, device=like.device)
    K[c // m + n * (c % m), c] = 1.0
    return K`,
  },
  _blocksum: {
    numpy: `def _blocksum(C, A):
    """Σᵢⱼ A[i, j]·C_ij over the p×q blocks C_ij of C (A is p×q)"""
    p, q = A.shape
    n, m = C.shape[0] // p, C.shape[1] // q
    return np.einsum("ij,ikjl->kl", A, C.reshape(p, n, q, m))`,
    torch: `def _blocksum(C, A):
    """Σᵢⱼ A[i, j]·C_ij over the p×q blocks C_ij of C (A is p×q)"""
    p, q = A.shape
    n, m = C.shape[0] // p, C.shape[1] // q
    return torch.einsum("ij,ikjl->kl", A, C.reshape(p, n, q, m))`,
  },
  _blockfrob: {
    numpy: `def _blockfrob(C, B):
    """the matrix of C_ij : B over the blocks C_ij of C, each the shape of B"""
    n, m = B.shape
    p, q = C.shape[0] // n, C.shape[1] // m
    return np.einsum("ikjl,kl->ij", C.reshape(p, n, q, m), B)`,
    torch: `def _blockfrob(C, B):
    """the matrix of C_ij : B over the blocks C_ij of C, each the shape of B"""
    n, m = B.shape
    p, q = C.shape[0] // n, C.shape[1] // m
    return torch.einsum("ikjl,kl->ij", C.reshape(p, n, q, m), B)`,
  },
  _central: {
    numpy: `def _central(g, h):
    """g′(0) by the 4-point central difference (error O(h⁴))"""
    return (8 * (g(h) - g(-h)) - (g(2 * h) - g(-2 * h))) / (12 * h)`,
  },
  _rel_error: {
    numpy: `def _rel_error(a, b, scale):
    """max |a − b| relative to the larger of max |a|, max |b| and 1e-8·(1 + max |scale|)"""
    a, b, scale = np.asarray(a, dtype=float), np.asarray(b, dtype=float), np.asarray(scale, dtype=float)
    size = max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-8 * (1 + np.max(np.abs(scale))))
    d = float(np.max(np.abs(a - b)) / size)
    return math.inf if math.isnan(d) else d`,
    torch: `def _rel_error(a, b, scale):
    """max |a − b| relative to the larger of max |a|, max |b| and 1e-8·(1 + max |scale|)"""
    a, b, scale = torch.as_tensor(a), torch.as_tensor(b), torch.as_tensor(scale)
    size = max(a.abs().max().item(), b.abs().max().item(), 1e-8 * (1 + scale.abs().max().item()))
    d = (a - b).abs().max().item() / size
    return math.inf if math.isnan(d) else d`,
  },
};

const FROM_RECORDS = new Map<string, Helper>();
for (const [name, numpy] of NUMPY_RECORD_HELPERS) FROM_RECORDS.set(name, { numpy });
for (const [name, torch] of TORCH_RECORD_HELPERS) FROM_RECORDS.set(name, { ...FROM_RECORDS.get(name), torch });

/** the guards, the records' helpers (by name), the others */
const HELPERS: Readonly<Record<string, Helper>> = Object.fromEntries([...Object.entries(GUARDS), ...[...FROM_RECORDS].sort(([a], [b]) => (a < b ? -1 : 1)), ...Object.entries(OWN)]);
if (Object.keys(HELPERS).length !== Object.keys(GUARDS).length + FROM_RECORDS.size + Object.keys(OWN).length) throw new Error('matdiff internal: an operator record declares a helper of the Python export again');

export const PY_HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

/** The source of the helpers `used` (with what they need), in a fixed order. */
export function pyHelperSource(used: ReadonlySet<string>, lib: PyLib): string[] {
  const all = new Set<string>();
  const visit = (name: string) => {
    if (all.has(name)) return;
    const h = HELPERS[name];
    if (!h) throw new Error(`matdiff internal: no Python export helper '${name}'`);
    all.add(name);
    for (const d of h.deps ?? []) visit(d);
  };
  for (const name of used) visit(name);
  return PY_HELPER_NAMES.filter((n) => all.has(n)).map((n) => {
    const h = HELPERS[n]!;
    const code = lib === 'torch' ? (h.torch ?? h.numpy) : h.numpy;
    if (!code) throw new Error(`matdiff internal: the Python helper '${n}' has no ${lib} version`);
    return code;
  });
}
