// Reading a chain: the text split into header definitions, `vars:` lines and the sides of the
// chain (`dE = … = … = G : dW`, a side per `=`, a line `dE/dW = G` marked as a claimed gradient),
// and the setting every side is read in: the definitions, and every other name as a variable whose
// shape is inferred from its use (dX has the shape of X, d(e) that of e). A name that is none of
// these is an error with a caret under it, never a silent new variable: the engine reads them
// (chainSetting in src/engine/chain-setting.ts). Judging is elsewhere (src/verify/chain.ts).
import { MatdiffError } from '../errors.js';
import { chainSetting, located, type SideText } from '../engine/chain-setting.js';

export { chainSetting, located };

export interface Side extends SideText {
  readonly text: string;
  readonly line: number;
  /** the line of the file the side is on, and the column the side starts at (for carets) */
  readonly raw?: string;
  readonly col?: number;
  /** `dE/dW` before this side: it is a claimed gradient */
  readonly gradientOf?: { readonly fn: string; readonly wrt: string };
}

const GRAD_LHS = /^\s*[d∂]\s*([\p{L}_][\p{L}\p{N}_]*)\s*\/\s*[d∂]\s*([\p{L}_][\p{L}\p{N}_]*)\s*$/u;
export const DEF_LINE = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)/u;

/** Split the text into header definitions, `vars:` lines, and the chain's sides. */
export function splitChain(text: string, known: Set<string>): { defs: string[]; vars: string[]; sides: Side[] } {
  const defs: string[] = [];
  const vars: string[] = [];
  const sides: Side[] = [];
  let started = false;
  let pendingGrad: Side['gradientOf'];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/#.*$/, '').trim();
    if (!s) return;
    if (!started) {
      const v = /^vars\s*:\s*(.*)$/i.exec(s);
      if (v) return void vars.push(v[1]!);
      const m = DEF_LINE.exec(s);
      // a definition: a plain name that is not the differential dX of a known name
      if (m && !GRAD_LHS.test(s.split('=')[0]!) && !(m[1]!.startsWith('d') && known.has(m[1]!.slice(1)))) {
        known.add(m[1]!);
        return void defs.push(s.replace(/;\s*$/, ''));
      }
      started = true;
    }
    const pieces = s.split('=');
    let at = raw.length - raw.trimStart().length; // the column where the current piece starts
    pieces.forEach((p, k) => {
      const t = p.trim();
      const col = at + (p.length - p.trimStart().length);
      at += p.length + 1;
      if (k === 0 && t === '') return; // a line `= ...`
      if (k === 0 && !s.startsWith('=') && s.includes('=') === false && sides.length) {
        // a continuation of the previous side (its carets then point into the joined text)
        const last = sides.pop()!;
        sides.push({ text: `${last.text} ${t}`, line: last.line, gradientOf: last.gradientOf });
        return;
      }
      const g = GRAD_LHS.exec(t);
      if (g && k < pieces.length - 1) {
        pendingGrad = { fn: g[1]!, wrt: g[2]! };
        return;
      }
      if (t === '') throw new MatdiffError('parse', `line ${line}: nothing between two \`=\``, { source: raw, span: { start: 0, end: raw.length } });
      sides.push({ text: t, line, raw, col, gradientOf: pendingGrad });
      pendingGrad = undefined;
    });
  });
  return { defs, vars, sides };
}

/** names in a text that stand for values (for guessing which variables vary) */
export const diffNames = (text: string): string[] => [...text.matchAll(/(?<![\p{L}\p{N}_])d(?:\(\s*([\p{L}_][\p{L}\p{N}_]*)\s*\)|([\p{L}_][\p{L}\p{N}_]*))/gu)].map((m) => m[1] ?? m[2]!);

