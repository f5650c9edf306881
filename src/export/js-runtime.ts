// The functions an exported JavaScript (TypeScript) module defines for itself, each written once
// here and included only where the module uses it: the stable forms of log-sum-exp and softmax,
// the dense kernels (LU determinant, Gauss–Jordan inverse, adjugate, Kronecker and block
// products), the guards that read the inputs, and the helpers of the gradient checks. The helpers
// an elementwise function's code calls (its stable form) come from its operator record
// (src/export/op-code.ts) and are written first.
// `t('number')` is the TypeScript annotation `: number` (nothing in JavaScript).
import { JS_RECORD_HELPERS } from './op-code.js';

type Ann = (type: string) => string;

interface Helper {
  readonly deps?: readonly string[];
  readonly code: (t: Ann) => string;
}

const OWN: Readonly<Record<string, Helper>> = {
  logsumexp: {
    code: (t) => `/** log Σ exp over column j of the rows×cols matrix z (a vector: rows = its length, cols = 1), shifted by the column's maximum */
function logsumexp(z${t('Float64Array')}, rows${t('number')}, cols${t('number')}, j${t('number')})${t('number')} {
  let max = -Infinity;
  for (let i = 0; i < rows; i++) max = Math.max(max, z[i * cols + j]);
  if (max === -Infinity || max === Infinity) return max;
  let total = 0;
  for (let i = 0; i < rows; i++) total += Math.exp(z[i * cols + j] - max);
  return max + Math.log(total);
}`,
  },
  softmax: {
    code: (t) => `/** softmax of each column of the rows×cols matrix z (a vector: rows = its length, cols = 1), shifted by the column's maximum */
function softmax(z${t('Float64Array')}, rows${t('number')}, cols${t('number')}, out${t('Float64Array')})${t('Float64Array')} {
  for (let j = 0; j < cols; j++) {
    let max = -Infinity;
    for (let i = 0; i < rows; i++) max = Math.max(max, z[i * cols + j]);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const e = Math.exp(z[i * cols + j] - max);
      out[i * cols + j] = e;
      total += e;
    }
    for (let i = 0; i < rows; i++) out[i * cols + j] /= total;
  }
  return out;
}`,
  },
  logSoftmax: {
    deps: ['logsumexp'],
    code: (t) => `/** z − logsumexp(z), column by column (never the log of a softmax entry, which underflows) */
function logSoftmax(z${t('Float64Array')}, rows${t('number')}, cols${t('number')}, out${t('Float64Array')})${t('Float64Array')} {
  for (let j = 0; j < cols; j++) {
    const lse = logsumexp(z, rows, cols, j);
    for (let i = 0; i < rows; i++) out[i * cols + j] = z[i * cols + j] - lse;
  }
  return out;
}`,
  },
  swapRows: {
    code: (t) => `function swapRows(a${t('Float64Array')}, n${t('number')}, p${t('number')}, q${t('number')})${t('void')} {
  for (let j = 0; j < n; j++) {
    const x = a[p * n + j];
    a[p * n + j] = a[q * n + j];
    a[q * n + j] = x;
  }
}`,
  },
  det: {
    deps: ['swapRows'],
    code: (t) => `/** det of the n×n matrix a, by LU with partial pivoting in the scratch lu (n·n entries or more) */
function det(a${t('Float64Array')}, n${t('number')}, lu${t('Float64Array')})${t('number')} {
  lu.set(a);
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(lu[r * n + c]) > Math.abs(lu[p * n + c])) p = r;
    const pivot = lu[p * n + c];
    if (pivot === 0) return 0;
    if (p !== c) {
      swapRows(lu, n, p, c);
      d = -d;
    }
    d *= pivot;
    for (let r = c + 1; r < n; r++) {
      const f = lu[r * n + c] / pivot;
      for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return d;
}`,
  },
  logdet: {
    deps: ['swapRows'],
    code: (t) => `/** log det of the n×n matrix a (−Infinity if singular, NaN if det < 0), by LU in the scratch lu */
function logdet(a${t('Float64Array')}, n${t('number')}, lu${t('Float64Array')})${t('number')} {
  lu.set(a);
  let sign = 1;
  let sum = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(lu[r * n + c]) > Math.abs(lu[p * n + c])) p = r;
    const pivot = lu[p * n + c];
    if (pivot === 0) return -Infinity;
    if (p !== c) {
      swapRows(lu, n, p, c);
      sign = -sign;
    }
    if (pivot < 0) sign = -sign;
    sum += Math.log(Math.abs(pivot));
    for (let r = c + 1; r < n; r++) {
      const f = lu[r * n + c] / pivot;
      for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return sign > 0 ? sum : NaN;
}`,
  },
  inv: {
    deps: ['swapRows'],
    code: (t) => `/** the inverse of the n×n matrix a into out, by Gauss–Jordan elimination with partial pivoting in the scratch lu */
function inv(a${t('Float64Array')}, n${t('number')}, out${t('Float64Array')}, lu${t('Float64Array')}, what${t('string')})${t('Float64Array')} {
  lu.set(a);
  out.fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(lu[r * n + c]) > Math.abs(lu[p * n + c])) p = r;
    const pivot = lu[p * n + c];
    if (pivot === 0 || Number.isNaN(pivot)) throw new RangeError(\`\${what}: the matrix is singular\`);
    if (p !== c) {
      swapRows(lu, n, p, c);
      swapRows(out, n, p, c);
    }
    for (let j = 0; j < n; j++) {
      lu[c * n + j] /= pivot;
      out[c * n + j] /= pivot;
    }
    for (let r = 0; r < n; r++) {
      const f = lu[r * n + c];
      if (r === c || f === 0) continue;
      for (let j = 0; j < n; j++) {
        lu[r * n + j] -= f * lu[c * n + j];
        out[r * n + j] -= f * out[c * n + j];
      }
    }
  }
  return out;
}`,
  },
  adj: {
    deps: ['det', 'inv'],
    code: (t) => `/**
 * The adjugate of the n×n matrix a into out (det(a)·inv(a) where a is invertible, and defined
 * where it is not): up to 8×8 from cofactors, each the determinant of a minor; above, det·inv
 * unless a is singular. Scratch: minor ((n−1)² entries), lu (n² entries).
 */
function adj(a${t('Float64Array')}, n${t('number')}, out${t('Float64Array')}, minor${t('Float64Array')}, lu${t('Float64Array')})${t('Float64Array')} {
  if (n === 1) {
    out[0] = 1;
    return out;
  }
  if (n > 8) {
    const d = det(a, n, lu);
    if (d !== 0 && Number.isFinite(d)) {
      inv(a, n, out, lu, 'adj');
      for (let i = 0; i < n * n; i++) out[i] *= d;
      return out;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // the cofactor of a[j][i]: the determinant without row j and column i
      let q = 0;
      for (let r = 0; r < n; r++) {
        if (r === j) continue;
        for (let c = 0; c < n; c++) if (c !== i) minor[q++] = a[r * n + c];
      }
      const d = det(minor, n - 1, lu);
      out[i * n + j] = (i + j) % 2 === 0 ? d : -d;
    }
  }
  return out;
}`,
  },
  kron: {
    code: (t) => `/** the Kronecker product of a (ar×ac) and b (br×bc) into out ((ar·br)×(ac·bc)) */
function kron(a${t('Float64Array')}, ar${t('number')}, ac${t('number')}, b${t('Float64Array')}, br${t('number')}, bc${t('number')}, out${t('Float64Array')})${t('Float64Array')} {
  const cols = ac * bc;
  for (let i = 0; i < ar; i++)
    for (let j = 0; j < ac; j++) {
      const x = a[i * ac + j];
      for (let k = 0; k < br; k++) for (let l = 0; l < bc; l++) out[(i * br + k) * cols + j * bc + l] = x * b[k * bc + l];
    }
  return out;
}`,
  },
  blocksum: {
    code: (t) => `/** Σᵢⱼ a[i][j]·C_ij over the p×q blocks C_ij (each n×m) of c ((p·n)×(q·m)), into out (n×m) */
function blocksum(c${t('Float64Array')}, a${t('Float64Array')}, p${t('number')}, q${t('number')}, n${t('number')}, m${t('number')}, out${t('Float64Array')})${t('Float64Array')} {
  out.fill(0);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < q; j++) {
      const w = a[i * q + j];
      for (let k = 0; k < n; k++) for (let l = 0; l < m; l++) out[k * m + l] += w * c[(i * n + k) * (q * m) + j * m + l];
    }
  return out;
}`,
  },
  blockfrob: {
    code: (t) => `/** the p×q matrix of C_ij : b over the blocks C_ij (each n×m, the shape of b) of c ((p·n)×(q·m)), into out */
function blockfrob(c${t('Float64Array')}, b${t('Float64Array')}, p${t('number')}, q${t('number')}, n${t('number')}, m${t('number')}, out${t('Float64Array')})${t('Float64Array')} {
  for (let i = 0; i < p; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) for (let l = 0; l < m; l++) s += c[(i * n + k) * (q * m) + j * m + l] * b[k * m + l];
      out[i * q + j] = s;
    }
  return out;
}`,
  },
  describe: {
    code: (t) => `function describe(v${t('unknown')})${t('string')} {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an Array (make it a Float64Array: Float64Array.from(array))';
  if (typeof v === 'object') return \`a \${Object.prototype.toString.call(v).slice(8, -1)}\`;
  return \`the \${typeof v} \${String(v)}\`;
}`,
  },
  readDim: {
    deps: ['describe'],
    code: (t) => `function readDim(v${t('unknown')}, name${t('string')})${t('number')} {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(\`dims.\${name}: expected a positive integer (the size of dimension \${name}), got \${describe(v)}\`);
  return v;
}`,
  },
  readScalar: {
    deps: ['describe'],
    code: (t) => `function readScalar(v${t('unknown')}, name${t('string')})${t('number')} {
  if (typeof v !== 'number') throw new TypeError(\`\${name}: expected a number (a scalar), got \${describe(v)}\`);
  return v;
}`,
  },
  readArray: {
    deps: ['describe'],
    code: (t) => `/** v as a Float64Array of \`size\` entries, or a TypeError/RangeError naming it and the size expected */
function readArray(v${t('unknown')}, name${t('string')}, size${t('number')}, sizeText${t('string')}, shapeText${t('string')})${t('Float64Array')} {
  const expected = \`\${sizeText === String(size) ? '' : \`\${sizeText} = \`}\${size} entr\${size === 1 ? 'y' : 'ies'} (\${shapeText})\`;
  if (!(v instanceof Float64Array)) throw new TypeError(\`\${name}: expected a Float64Array of \${expected}, got \${describe(v)}\`);
  if (v.length !== size) throw new RangeError(\`\${name}: expected \${expected}, got \${v.length}\`);
  return v;
}`,
  },
  normals: {
    code: (t) => `/** a seeded stream of standard normal numbers (mulberry32, Box–Muller) */
function normals(seed${t('number')})${t('() => number')} {
  let a = seed >>> 0;
  const uniform = ()${t('number')} => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}`,
  },
  randomLike: {
    code: (t) => `function randomLike(x${t('Float64Array')}, random${t('() => number')})${t('Float64Array')} {
  const v = new Float64Array(x.length);
  for (let i = 0; i < v.length; i++) v[i] = random();
  return v;
}`,
  },
  shifted: {
    code: (t) => `/** x + s·v, a new array */
function shifted(x${t('Float64Array')}, v${t('Float64Array')}, s${t('number')})${t('Float64Array')} {
  const y = new Float64Array(x.length);
  for (let i = 0; i < y.length; i++) y[i] = x[i] + s * v[i];
  return y;
}`,
  },
  symmetrize: {
    code: (t) => `/** v ← (v + vᵀ)/2 for a square v: a direction a symmetric variable can move in */
function symmetrize(v${t('Float64Array')})${t('Float64Array')} {
  const n = Math.round(Math.sqrt(v.length));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const m = (v[i * n + j] + v[j * n + i]) / 2;
      v[i * n + j] = m;
      v[j * n + i] = m;
    }
  return v;
}`,
  },
  keepDiagonal: {
    code: (t) => `/** v with its off-diagonal entries set to 0: a direction a diagonal variable can move in */
function keepDiagonal(v${t('Float64Array')})${t('Float64Array')} {
  const n = Math.round(Math.sqrt(v.length));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) v[i * n + j] = 0;
  return v;
}`,
  },
  central: {
    code: (t) => `/** g′(0) by the 4-point central difference (error O(h⁴)) */
function central(g${t('(s: number) => number')}, h${t('number')})${t('number')} {
  return (8 * (g(h) - g(-h)) - (g(2 * h) - g(-2 * h))) / (12 * h);
}`,
  },
  centralArray: {
    code: (t) => `/** g′(0) entry by entry, by the 4-point central difference */
function centralArray(g${t('(s: number) => Float64Array')}, h${t('number')})${t('Float64Array')} {
  const [a, b, c, d] = [g(h), g(-h), g(2 * h), g(-2 * h)];
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = (8 * (a[i] - b[i]) - (c[i] - d[i])) / (12 * h);
  return out;
}`,
  },
  dotProduct: {
    code: (t) => `function dotProduct(a${t('Float64Array')}, b${t('Float64Array')})${t('number')} {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}`,
  },
  relError: {
    code: (t) => `/** |a − b| relative to the larger of |a|, |b| and 1e-8·(1 + |scale|) (a derivative that small is rounding noise) */
function relError(a${t('number')}, b${t('number')}, scale${t('number')})${t('number')} {
  const d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-8 * (1 + Math.abs(scale)));
  return Number.isNaN(d) ? Infinity : d;
}`,
  },
  relErrorArray: {
    code: (t) => `/** max |a − b| relative to the larger of max |a|, max |b| and 1e-8·(1 + scale) */
function relErrorArray(a${t('Float64Array')}, b${t('Float64Array')}, scale${t('number')})${t('number')} {
  let diff = 0;
  let size = 1e-8 * (1 + scale);
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    size = Math.max(size, Math.abs(a[i]), Math.abs(b[i]));
  }
  const d = diff / size;
  return Number.isNaN(d) ? Infinity : d;
}`,
  },
  maxAbs: {
    code: (t) => `function maxAbs(a${t('Float64Array')})${t('number')} {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}`,
  },
};

const HELPERS: Readonly<Record<string, Helper>> = Object.fromEntries([...JS_RECORD_HELPERS.map(([name, code]) => [name, { code }] as const), ...Object.entries(OWN)]);
if (Object.keys(HELPERS).length !== JS_RECORD_HELPERS.length + Object.keys(OWN).length) throw new Error('matdiff internal: an operator record declares a helper of the JavaScript export again');

/** every helper name: reserved in a module's names, whether it is used or not */
export const HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

/** The source of the helpers `used` (with what they need), in a fixed order. */
export function helperSource(used: ReadonlySet<string>, ts: boolean): string[] {
  const all = new Set<string>();
  const visit = (name: string) => {
    if (all.has(name)) return;
    const h = HELPERS[name];
    if (!h) throw new Error(`matdiff internal: no export helper '${name}'`);
    all.add(name);
    for (const d of h.deps ?? []) visit(d);
  };
  for (const name of used) visit(name);
  const t: Ann = ts ? (type) => `: ${type}` : () => '';
  return HELPER_NAMES.filter((n) => all.has(n)).map((n) => HELPERS[n]!.code(t));
}
