// Small pieces of LaTeX the page writes itself: a name as matdiff prints it, and a counterexample's
// matrices. Everything else the page typesets is LaTeX that matdiff's API returns.
import { parse, toLatex } from '../index.js';

const memo = new Map<string, string>();

/** a variable or definition name in LaTeX, as matdiff's printer writes it (W1 → W_{1}, yhat → \mathrm{yhat}) */
export function nameTex(name: string): string {
  let t = memo.get(name);
  if (t === undefined) {
    try {
      const term = parse(name);
      t = term.op === 'var' ? toLatex(term) : undefined;
    } catch {
      t = undefined;
    }
    t ??= `\\mathrm{${name.replace(/[^A-Za-z0-9]/g, (c) => (c === '_' ? '\\_' : ''))}}`;
    memo.set(name, t);
  }
  return t;
}

/** one entry of a counterexample ("-3", "1/2", "0.731059", "1.2e-7") */
export function entryTex(s: string): string {
  const frac = /^(-?)(\d+)\/(\d+)$/.exec(s);
  if (frac) return `${frac[1]}\\frac{${frac[2]}}{${frac[3]}}`;
  const num = /^(-?[\d.]+)(?:e([+-]?\d+))?$/.exec(s);
  if (num) return num[2] === undefined ? num[1]! : `${num[1]}\\times 10^{${Number(num[2])}}`;
  return `\\text{${s.replace(/[\\{}$&#^_%~]/g, '')}}`;
}

/** a matrix of entries as a bmatrix (a 1×1 matrix as its number) */
export function matrixTex(m: { rows: number; cols: number; entries: readonly (readonly string[])[] }): string {
  if (m.rows === 1 && m.cols === 1) return entryTex(m.entries[0]![0]!);
  return `\\begin{bmatrix}${m.entries.map((row) => row.map(entryTex).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}
