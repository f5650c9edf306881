// The code the operator records carry for the exporter (`code`, OpCode in src/ops/types.ts): an
// elementwise function's template in each language and the helpers it calls, a masked linear map's
// relation and functions. The emitters read them here, so adding such an operator is its record
// and its catalogue entries only: no table of the exporter names it. The structural operators
// (products, sums, transposes, softmax, kron, …) stay cases of the emitters.
//
// A template is text of the target language in which `#` stands for the argument. `instantiate`
// puts an expression in with the parentheses it needs and no others, by the language's binding
// strengths (`Syntax`): bare where `#` is a whole argument of a call (or of parentheses, or of an
// index), wrapped next to an operator unless it binds tighter than the operator, and wrapped
// wherever else it stands (before `.T`, after a unary sign). The result binds as its weakest
// operator outside parentheses, the argument included where it went in bare; with none it is an
// atom (a call, a name, a number).
import type { Shape } from '../core/shape.js';
import { OPS } from '../ops/index.js';
import type { EntryCode, MaskCode, OpCode } from '../ops/types.js';

/** an expression of a target language with its binding strength (js-expr's Expr, python-lower's PyExpr) */
export interface Code {
  readonly e: string;
  readonly p: number;
}

/** what a template is read with: the binding strength of an atom and of each binary operator */
export interface Syntax {
  readonly atom: number;
  /** the operators as written (a word operator with its spaces: ` if `) and their binding strengths */
  readonly ops: readonly (readonly [string, number])[];
}

const OPEN = ['(', '[', ','];
const CLOSE = [')', ']', ','];

/** the template with `x` for every `#`, parenthesized as described at the top */
export function instantiate(template: string, x: Code, syntax: Syntax): Code {
  const ops = [...syntax.ops].sort((a, b) => b[0].length - a[0].length);
  const opEnding = (text: string) => ops.find(([o]) => text.endsWith(o.trimEnd()));
  const opStarting = (text: string) => ops.find(([o]) => text.startsWith(o.trimStart()));
  /** the binding strength `#` at i must have to go in bare */
  const needs = (i: number): number => {
    const before = template.slice(0, i).trimEnd();
    const after = template.slice(i + 1).trimStart();
    let min = 0;
    if (before !== '' && !OPEN.some((c) => before.endsWith(c))) {
      const op = opEnding(before);
      const rest = op ? before.slice(0, before.length - op[0].trim().length).trimEnd() : '';
      // after a unary sign, or glued to a name: only an atom
      const unary = !op || rest === '' || OPEN.some((c) => rest.endsWith(c)) || opEnding(rest) !== undefined;
      min = Math.max(min, unary ? syntax.atom : op[1] + 1);
    }
    if (after !== '' && !CLOSE.some((c) => after.startsWith(c))) {
      const op = opStarting(after);
      min = Math.max(min, op ? op[1] + 1 : syntax.atom);
    }
    return min;
  };
  let out = '';
  let depth = 0;
  let weakest = syntax.atom;
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    if (c === '#') {
      const bare = x.p >= needs(i);
      out += bare ? x.e : `(${x.e})`;
      if (depth === 0 && bare) weakest = Math.min(weakest, x.p);
      i++;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0) {
      const op = ops.find(([o]) => template.startsWith(o, i));
      if (op) {
        weakest = Math.min(weakest, op[1]);
        out += op[0];
        i += op[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { e: out, p: weakest };
}

const RECORDS = [...OPS.values()];

/** every operator whose record says how the exporter writes it */
export const CODED_OPS: readonly string[] = RECORDS.filter((r) => r.code).map((r) => r.op);

const codeOf = (op: string): OpCode | undefined => OPS.get(op)?.code;
export const entryCode = (op: string): EntryCode | undefined => (codeOf(op)?.kind === 'entry' ? (codeOf(op) as EntryCode) : undefined);
export const maskCode = (op: string): MaskCode | undefined => (codeOf(op)?.kind === 'mask' ? (codeOf(op) as MaskCode) : undefined);
/** the base of the names given to the values of op, where its record declares one */
export const codeName = (op: string): string | undefined => codeOf(op)?.name;

const ENTRIES: readonly { readonly op: string; readonly words: string; readonly code: EntryCode }[] = RECORDS.flatMap((r) =>
  r.code?.kind === 'entry' ? [{ op: r.op, words: r.derivative?.name ?? r.op, code: r.code }] : [],
);

export type JsHelperSource = (t: (type: string) => string) => string;
type Lang = 'js' | 'numpy' | 'torch';

/** the helpers the records' templates call in one language, sorted by name (a name names one helper) */
function recordHelpers<T>(lang: Lang, of: (code: EntryCode) => Readonly<Record<string, T>> | undefined): (readonly [string, T])[] {
  const out = new Map<string, T>();
  for (const { op, code } of ENTRIES) {
    for (const [name, source] of Object.entries(of(code) ?? {})) {
      if (out.has(name)) throw new Error(`matdiff internal: the ${lang} helper '${name}' of '${op}' is declared twice`);
      out.set(name, source);
    }
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
export const JS_RECORD_HELPERS: readonly (readonly [string, JsHelperSource])[] = recordHelpers('js', (c) => c.helpers?.js);
export const NUMPY_RECORD_HELPERS: readonly (readonly [string, string])[] = recordHelpers('numpy', (c) => c.helpers?.numpy);
export const TORCH_RECORD_HELPERS: readonly (readonly [string, string])[] = recordHelpers('torch', (c) => c.helpers?.torch);

/** the helpers a module writing `code` in `lang` must define */
export const helpersOf = (code: EntryCode, lang: Lang): string[] => Object.keys(code.helpers?.[lang] ?? {});

/** the functions computed in a stable form, as prose names them (σ) */
const STABLE_WORDS: readonly string[] = ENTRIES.filter((e) => e.code.stable).map((e) => e.words);

/** the library functions the stable forms call in `lang` where a template is one call of one (torch.…) */
const stableCalls = (lang: 'numpy' | 'torch'): string[] =>
  ENTRIES.filter((e) => e.code.stable && !helpersOf(e.code, lang).length).flatMap((e) => /^([\w.]+)\(#\)$/.exec(e.code[lang])?.slice(1) ?? []);

/**
 * What a module's header says is computed in a stable form: the elementwise functions whose
 * records say so and `others` (`σ, …, log-sum-exp and softmax`); for PyTorch also the library's
 * functions the stable forms call, before `calls`.
 */
export function stableForms(others: readonly string[], torchCalls?: readonly string[]): { words: string; calls: string } {
  const words = [...STABLE_WORDS, ...others];
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words.join('');
  return { words: list, calls: torchCalls ? [...stableCalls('torch'), ...torchCalls].join(', ') : '' };
}

/** whether the mask keeps entry (i, j) */
export function keeps(code: MaskCode, i: number, j: number): boolean {
  switch (code.keep) {
    case '>=':
      return i >= j;
    case '>':
      return i > j;
    case '<=':
      return i <= j;
    case '<':
      return i < j;
    case '===':
      return i === j;
  }
}

/**
 * The mask on a scalar or a vector, where one index runs (k) and the other is 0: whether it keeps
 * the entry k = 0 and the entries k > 0. Undefined for a matrix.
 */
export function maskOnVector(code: MaskCode, s: Shape): { readonly first: boolean; readonly rest: boolean } | undefined {
  if (s.cols === '1') return { first: keeps(code, 0, 0), rest: keeps(code, 1, 0) };
  if (s.rows === '1') return { first: keeps(code, 0, 0), rest: keeps(code, 0, 1) };
  return undefined;
}
