// The setting of a chain of steps (`matdiff check` with a chain, src/verify/chain.ts), read by the
// engine: the definitions, and every other name of the chain as a variable whose shape is
// inferred from its use (dX has the shape of X, d(e) that of e). A name that is none of these is
// an error with a caret under it, never a silent new variable.
import type { Ast, Program, Statement } from '../parse/ast.js';
import { MatdiffError } from '../errors.js';
import { parseDeclarations, parseExpression, parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from '../parse/elaborate.js';
import { didYouMean, namesIn, type Setting } from './setting.js';

/** A side of a chain as far as reading it goes: its text and where it is in the file. */
export interface SideText {
  readonly text: string;
  readonly line: number;
  /** the line of the file the side is on, and the column the side starts at (for carets) */
  readonly raw?: string;
  readonly col?: number;
}

/** An error in a side, shown under the whole line of the file it is on, prefixed with the line number. */
export function located(e: MatdiffError, side: SideText): MatdiffError {
  if (e.source !== side.text) return e;
  const onLine = side.raw !== undefined && side.col !== undefined && e.span;
  const span = onLine ? { start: e.span!.start + side.col!, end: e.span!.end + side.col! } : e.span;
  const message = /^line \d+/.test(e.message) ? e.message : `line ${side.line}: ${e.message}`;
  return new MatdiffError(e.kind, message, { source: onLine ? side.raw : e.source, span, hint: e.hint });
}

/**
 * Every name of the chain must be known: a variable (declared, or free in the definitions), a
 * definition, the differential `dX` of one of those, or — when there are no definitions, as in
 * seed 000's one-line chain — a new variable with the usual conventions. A typo such as `dq` for
 * `ds` is an error, never a silent new variable.
 */
function checkNames(sides: readonly SideText[], asts: readonly (Ast | undefined)[], base: ReadonlySet<string>, declared: ReadonlySet<string>, hasDefs: boolean): void {
  const inSides = new Set<string>();
  asts.forEach((a) => a && namesIn(a).forEach((n) => inSides.add(n.name)));
  // with definitions the chain's world is theirs; without, every plain name of the chain is a variable
  const known = new Set([...base, ...(hasDefs ? [] : [...inSides].filter((n) => !/^d./.test(n) || declared.has(n)))]);
  asts.forEach((a, i) => {
    if (!a) return;
    for (const n of namesIn(a)) {
      if (known.has(n.name)) continue;
      const isDiff = /^d./.test(n.name) && known.has(n.name.slice(1));
      if (isDiff) continue;
      const candidates = [...known, ...[...known].map((k) => `d${k}`)];
      const near = didYouMean(n.name, candidates);
      const side = sides[i]!;
      const what = /^d./.test(n.name)
        ? `\`${n.name}\` is neither a variable nor a definition of the function, nor the differential of one (there is no \`${n.name.slice(1)}\`)`
        : `\`${n.name}\` is neither a variable nor a definition of the function`;
      const hint = `${near ? `${near} ` : ''}(the names: ${[...known].filter((k) => !k.includes('\u0000')).join(', ')}, and their differentials; declare a new variable with --vars or a \`vars:\` line)`;
      throw located(new MatdiffError('unknown-name', what, { source: side.text, span: n.span, hint }), side);
    }
  });
}

/**
 * The setting of a chain: the definitions, and every other name of the chain as a variable whose
 * shape is inferred from its use (dX has the shape of X, d(e) that of e).
 */
export function chainSetting(defs: string, vars: string, sides: readonly SideText[]): Setting {
  const known = KNOWN_FUNCTIONS;
  const program = defs.trim() ? parseProgram(defs, { knownFunctions: known }) : { source: defs, statements: [] as Statement[] };
  // an unnamed function is `f` (as derive calls it), so a chain can start `df = ...`
  const taken = new Set([...program.statements.map((s) => s.name), ...parseDeclarations(vars).map((d) => d.name)]);
  const statements: Statement[] = program.statements.map((s, i) => (s.name === undefined && i === program.statements.length - 1 ? { ...s, name: taken.has('f') ? 'f\u0000' : 'f' } : s));
  const defined = new Set(statements.map((s) => s.name!));
  const decls = parseDeclarations(vars);
  const declared = new Set(decls.map((d) => d.name));
  const plain = new Set<string>();
  const asts = sides.map((s) => {
    try {
      return parseExpression(s.text, { knownFunctions: [...known, 'd'] });
    } catch {
      return undefined;
    }
  });
  // dX ↦ X and d(e) ↦ e: the same shapes, so the unifier learns the shapes of undeclared names
  type A = NonNullable<(typeof asts)[number]>;
  const collect = (a: A) => {
    if (a.kind === 'name') plain.add(a.name);
    if (a.kind === 'call') a.args.forEach(collect);
    if (a.kind === 'binary') (collect(a.left), collect(a.right));
    if (a.kind === 'neg' || a.kind === 'transpose') collect(a.arg);
  };
  asts.forEach((a) => a && collect(a));
  // the names the definitions use without defining them are the function's variables
  const free = new Set(statements.flatMap((st) => namesIn(st.expr).map((n) => n.name)).filter((n) => !defined.has(n)));
  checkNames(sides, asts, new Set([...defined, ...free, ...declared]), declared, statements.length > 0);
  const strip = (a: A): A => {
    switch (a.kind) {
      case 'name': {
        const x = a.name.slice(1);
        return a.name.startsWith('d') && !defined.has(a.name) && !declared.has(a.name) && (defined.has(x) || plain.has(x) || declared.has(x) || free.has(x)) ? { ...a, name: x } : a;
      }
      case 'call':
        return a.fn === 'd' && a.args.length === 1 ? strip(a.args[0]!) : { ...a, args: a.args.map(strip) };
      case 'binary':
        return { ...a, left: strip(a.left), right: strip(a.right) };
      case 'neg':
      case 'transpose':
        return { ...a, arg: strip(a.arg) };
      default:
        return a;
    }
  };
  const extra: Statement[] = [];
  asts.forEach((a, i) => a && extra.push({ name: `\u0000side${i}`, expr: strip(a), span: a.span }));
  const last: Statement = { expr: { kind: 'num', text: '0', span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } };
  let el;
  try {
    el = elaborate({ source: defs, statements: [...statements, ...extra, last] } as Program, decls, vars);
  } catch {
    // a side that does not typecheck: infer from the definitions alone (the side is judged later)
    el = elaborate({ source: defs, statements: [...statements, last] } as Program, decls, vars);
  }
  const keep = new Map([...el.defs].filter(([n]) => !n.startsWith('\u0000')));
  return { source: defs, el: { ...el, defs: keep, defSources: el.defSources }, declSource: vars };
}
