// JavaScript expressions with their precedence, so generated code has the parentheses it needs
// and no others: `0.5 * (s[k] - y[k])`, `(-x) ** 2`, `Math.exp(-x[k])`.
import type { Fraction } from '../core/fraction.js';
import type { Syntax } from './op-code.js';

export interface Expr {
  readonly e: string;
  /** binding strength: an operand weaker than its operator needs parentheses */
  readonly p: number;
}

export const P = { cond: 4, eq: 10, cmp: 11, add: 13, mul: 14, unary: 15, pow: 16, atom: 20 } as const;

/** JavaScript's operators as an operator record's template uses them (src/export/op-code.ts) */
export const JS_SYNTAX: Syntax = {
  atom: P.atom,
  ops: [
    ['?', P.cond], [':', P.cond], ['===', P.eq], ['!==', P.eq], ['>=', P.cmp], ['<=', P.cmp], ['>', P.cmp], ['<', P.cmp],
    ['+', P.add], ['-', P.add], ['*', P.mul], ['/', P.mul], ['%', P.mul], ['**', P.pow],
  ],
};

export const atom = (e: string): Expr => ({ e, p: P.atom });
export const wrap = (x: Expr, min: number): string => (x.p >= min ? x.e : `(${x.e})`);

/** a number: an integer as is, a fraction as n / d (the same double as the exact value) */
export function numExpr(v: Fraction): Expr {
  const neg = v.compare(0) < 0;
  const a = v.abs();
  const n = BigInt(a.n as unknown as bigint);
  const d = BigInt(a.d as unknown as bigint);
  const safe = (x: bigint) => x <= BigInt(Number.MAX_SAFE_INTEGER);
  // a fraction with a short decimal (1/2, 3/4) as the decimal: the same double
  const terminating = (x: bigint): boolean => (x % 2n === 0n ? terminating(x / 2n) : x % 5n === 0n ? terminating(x / 5n) : x === 1n);
  const decimal = String(a.valueOf());
  let s: Expr;
  if (d === 1n && safe(n)) s = atom(String(n));
  else if (terminating(d) && decimal.length <= 8 && !decimal.includes('e')) s = atom(decimal);
  else if (safe(n) && safe(d)) s = { e: `${n} / ${d}`, p: P.mul };
  else s = atom(String(a.valueOf()));
  return neg ? negate(s) : s;
}

export const isLiteral = (x: Expr, v: string): boolean => x.e === v;
/** a name or a number: safe to repeat in a loop body */
export const isSimple = (x: Expr): boolean => /^(?:[\p{L}_$][\p{L}\p{N}_$]*|\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/u.test(x.e);

export function negate(x: Expr): Expr {
  if (x.e === '0') return x;
  // -a ** 2 is a syntax error and --a a decrement: only a name, a call or a number goes bare
  // (a product's sign may lead it: -0.5 * x is (-0.5) * x)
  const bare = (x.p === P.atom || x.p === P.mul) && !x.e.startsWith('-');
  return { e: `-${bare ? x.e : `(${x.e})`}`, p: bare && x.p === P.mul ? P.mul : P.unary };
}

/** a sum of terms, each with its sign: `a - b + c` */
export function sum(terms: readonly { readonly x: Expr; readonly minus: boolean }[]): Expr {
  const live = terms.filter((t) => t.x.e !== '0');
  if (live.length === 0) return atom('0');
  const [first, ...rest] = live;
  let e = first!.minus ? negate(first!.x).e : wrap(first!.x, P.add);
  for (const t of rest) e += t.minus ? ` - ${wrap(t.x, P.mul)}` : ` + ${wrap(t.x, P.add)}`;
  return live.length === 1 && !first!.minus ? first!.x : { e, p: P.add };
}

export function times(a: Expr, b: Expr): Expr {
  if (a.e === '1') return b;
  if (b.e === '1') return a;
  if (a.e === '-1') return negate(b);
  if (a.e === '0' || b.e === '0') return atom('0');
  return { e: `${wrap(a, P.mul)} * ${wrap(b, P.mul + 1)}`, p: P.mul };
}

export function product(xs: readonly Expr[]): Expr {
  return xs.reduce((acc, x) => times(acc, x), atom('1'));
}

export const divide = (a: Expr, b: Expr): Expr => (b.e === '1' ? a : { e: `${wrap(a, P.mul)} / ${wrap(b, P.mul + 1)}`, p: P.mul });

/** a ** b, with the cheaper spellings of the usual exponents */
export function power(base: Expr, exp: Expr, value?: number): Expr {
  if (value === 1) return base;
  if (value === 0.5) return call('Math.sqrt', [base]);
  if (value === -1) return divide(atom('1'), base);
  if (value === -0.5) return divide(atom('1'), call('Math.sqrt', [base]));
  return { e: `${wrap(base, P.pow + 1)} ** ${wrap(exp, P.unary)}`, p: P.pow };
}

export const call = (fn: string, args: readonly Expr[]): Expr => atom(`${fn}(${args.map((a) => a.e).join(', ')})`);
export const cond = (c: string, a: Expr, b: Expr): Expr => ({ e: `${c} ? ${wrap(a, P.cond + 1)} : ${wrap(b, P.cond)}`, p: P.cond });
export const index = (buf: string, k: Expr): Expr => atom(`${buf}[${k.e}]`);

/** index arithmetic that folds 0 and 1: i * cols + j */
export function ixAdd(a: Expr, b: Expr): Expr {
  if (a.e === '0') return b;
  if (b.e === '0') return a;
  return { e: `${wrap(a, P.add)} + ${wrap(b, P.add)}`, p: P.add };
}
export function ixMul(a: Expr, b: Expr): Expr {
  if (a.e === '0' || b.e === '0') return atom('0');
  return times(a, b);
}
