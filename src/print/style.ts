// Shared vocabulary of the printers: the three styles and the precedence levels that decide
// where parentheses go. Levels follow the input language, loosest first.
export type Style = 'text' | 'unicode' | 'latex';

export const PREC = {
  sum: 1, // + -
  frob: 2, // :
  product: 3, // * / .* ./
  neg: 4, // unary -
  power: 5, // ^ .^
  postfix: 6, // '
  atom: 7, // names, numbers, calls, parenthesized
} as const;

export interface Printed {
  readonly s: string;
  readonly prec: number;
}

export const atom = (s: string): Printed => ({ s, prec: PREC.atom });

export function paren(p: Printed, style: Style): Printed {
  return atom(style === 'latex' ? `\\left(${p.s}\\right)` : `(${p.s})`);
}

/** p, parenthesized when it binds looser than `min` */
export function wrap(p: Printed, min: number, style: Style): string {
  return p.prec < min ? paren(p, style).s : p.s;
}

/** A function call in each style: `tr(A)`, `tr(A)`, `\operatorname{tr}\left(A\right)`. */
export function call(name: { text: string; unicode?: string; latex?: string }, args: readonly Printed[], style: Style): Printed {
  if (style === 'latex') {
    const n = name.latex ?? `\\operatorname{${name.text}}`;
    return atom(`${n}\\left(${args.map((a) => a.s).join(', ')}\\right)`);
  }
  const n = style === 'unicode' ? (name.unicode ?? name.text) : name.text;
  return atom(`${n}(${args.map((a) => a.s).join(', ')})`);
}
