// Why matdiff's float kernels store plain arrays of doubles (number[]) rather than Float64Arrays
// (src/numeric/kernels.ts): the same loops over both, timed at the sizes of the numeric check
// (a few rows) and at the sizes of a large evaluate(). In V8 an array of doubles is stored
// unboxed, so the loops run alike; what differs is the cost of making a new array, which the
// evaluator does for every subterm.
import { matmulKernel, sumKernel } from '../src/numeric/kernels.js';

/** the product loop of src/numeric/kernels.ts over Float64Arrays */
function matmulTyped(A: Float64Array, B: Float64Array, n: number, p: number, m: number): Float64Array {
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let k = 0; k < p; k++) {
      const aik = A[i * p + k]!;
      if (aik === 0) continue;
      const bk = k * m;
      let j = 0;
      for (; j + 3 < m; j += 4) {
        C[ci + j]! += aik * B[bk + j]!;
        C[ci + j + 1]! += aik * B[bk + j + 1]!;
        C[ci + j + 2]! += aik * B[bk + j + 2]!;
        C[ci + j + 3]! += aik * B[bk + j + 3]!;
      }
      for (; j < m; j++) C[ci + j]! += aik * B[bk + j]!;
    }
  }
  return C;
}

function addTyped(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k]! + b[k]!;
  return out;
}

/** µs per call: the median of 7 rounds of as many calls as take about 10 ms, after as many again to warm up */
function micro(f: () => unknown): number {
  let calls = 1;
  for (let t = 0; t < 10; calls *= 2) {
    const t0 = performance.now();
    for (let r = 0; r < calls; r++) f();
    t = performance.now() - t0;
  }
  const times: number[] = [];
  for (let r = 0; r < calls; r++) f();
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let r = 0; r < calls; r++) f();
    times.push(((performance.now() - t0) * 1000) / calls);
  }
  times.sort((a, b) => a - b);
  return times[3]!;
}

export function kernelTable(): string[] {
  const rand = (k: number) => Array.from({ length: k }, (_, i) => Math.sin(i + 1));
  const lines = ['kernel (same loop)               number[] µs  Float64Array µs', '------------------------------  -----------  ---------------'];
  const row = (name: string, plain: number, typed: number) => lines.push(`${name.padEnd(30)}  ${plain.toFixed(3).padStart(11)}  ${typed.toFixed(3).padStart(15)}`);
  for (const [n, p, m] of [[3, 3, 3], [4, 4, 1], [64, 64, 128], [256, 1, 256]] as const) {
    const [a, b] = [rand(n * p), rand(p * m)];
    const [A, B] = [Float64Array.from(a), Float64Array.from(b)];
    row(`product ${n}×${p} by ${p}×${m}`, micro(() => matmulKernel(a, b, n, p, m)), micro(() => matmulTyped(A, B, n, p, m)));
  }
  for (const k of [9, 8192, 65536]) {
    const [a, b] = [rand(k), rand(k)];
    const [A, B] = [Float64Array.from(a), Float64Array.from(b)];
    row(`sum of two, ${k} entries`, micro(() => sumKernel([a, b])), micro(() => addTyped(A, B)));
  }
  return lines;
}
