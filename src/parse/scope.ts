// Names in a program before shapes: which definition each name refers to, and notation from other
// tools read as matdiff. A name defined again (`h = tanh(W*x1); h = tanh(W*h + x2); sum(h)`, as
// code is written) is a new version: the later definition gets its own name (h2; h_2 after a
// name ending in a digit), its right side still means the earlier version, and every use after it
// means the new one. `X^T` is the transpose X' when T is neither declared, defined nor used as a
// name anywhere else. The syntax tree comes back with those names and transposes in place (spans
// unchanged, so errors still point into what was typed), with a note for each reading, and the
// source with the new versions written out (it parses to the same definitions: derive's source,
// the one the report re-reads).
import type { Ast, Program, Statement } from './ast.js';
import type { Span } from '../errors.js';
import { FUNCTIONS, opRecord } from '../ops/index.js';
import { DIM_CALLS } from './elab-context.js';

export interface Scoped {
  /** the program with later versions renamed and `^T` read as transposes */
  readonly program: Program;
  /** what was read in a way the user may not expect: a new version, notation from another tool */
  readonly notes: readonly string[];
  /** each later version and the name it redefines, in order */
  readonly versions: readonly { name: string; of: string }[];
  /** the source with each later version written with its own name; undefined when none */
  readonly versioned?: string;
  /** the text of `span` of the source, with the new names of versions written in */
  text(span: Span): string;
}

/** how many leading arguments of a call are expressions (the rest are dimensions: ones(n), unvec(v, n)) */
function expressionArgs(node: Extract<Ast, { kind: 'call' }>): number {
  if (DIM_CALLS.has(node.fn)) return 0;
  const op = FUNCTIONS.get(node.fn);
  return node.args.length - (op ? (opRecord(op).dimArgs?.count ?? 0) : 0);
}

/** every name the program uses as a value, with whether it is the exponent of `^` */
function names(node: Ast, out: { name: string; exponent: boolean }[], exponent = false): void {
  switch (node.kind) {
    case 'name':
      out.push({ name: node.name, exponent });
      return;
    case 'call':
      node.args.slice(0, expressionArgs(node)).forEach((a) => names(a, out));
      return;
    case 'binary':
      names(node.left, out);
      names(node.right, out, node.op === '^');
      return;
    case 'neg':
    case 'transpose':
      names(node.arg, out);
      return;
    default:
      return;
  }
}

export function scope(program: Program, declared: ReadonlySet<string>): Scoped {
  const src = program.source;
  const used: { name: string; exponent: boolean }[] = [];
  for (const s of program.statements) names(s.expr, used);
  const taken = new Set<string>([...declared, ...FUNCTIONS.keys(), ...DIM_CALLS, ...used.map((u) => u.name)]);
  for (const s of program.statements) if (s.name !== undefined) taken.add(s.name);
  // T anywhere but as an exponent (T*X, X^T + T, T = 2) makes X^T a power of T, not a transpose
  const tElsewhere = used.some((u) => u.name === 'T' && !u.exponent) || program.statements.some((s) => s.name === 'T');
  const notes: string[] = [];
  const noted = new Set<string>();
  const note = (key: string, words: string) => {
    if (!noted.has(key)) (noted.add(key), notes.push(words));
  };
  const renames: { span: Span; to: string }[] = [];
  const versions: { name: string; of: string }[] = [];
  const current = new Map<string, string>(); // a defined name → the name of its latest version
  const variables = new Set<string>(); // names used before any definition of them
  const show = (s: Span) => src.slice(s.start, s.end);

  const rewrite = (node: Ast): Ast => {
    switch (node.kind) {
      case 'name': {
        const now = current.get(node.name);
        if (now === undefined) {
          variables.add(node.name);
          return node;
        }
        if (now === node.name) return node;
        renames.push({ span: node.span, to: now });
        return { ...node, name: now };
      }
      case 'call': {
        const k = expressionArgs(node);
        return { ...node, args: node.args.map((a, i) => (i < k ? rewrite(a) : a)) };
      }
      case 'binary': {
        if (node.op === '^' && node.right.kind === 'name' && node.right.name === 'T' && !declared.has('T') && !current.has('T') && !tElsewhere) {
          note('^T', `\`${show(node.span)}\` is read as the transpose ${show(node.left.span)}' (T is not a variable here; matdiff writes the transpose X' or Xᵀ, and declaring T would make X^T a power)`);
          return { kind: 'transpose', arg: rewrite(node.left), span: node.span };
        }
        if (node.op === '*' && src.slice(node.opSpan.start, node.opSpan.end) === '@') note('@', "`@` (numpy's matrix product) is read as matdiff's `*`");
        return { ...node, left: rewrite(node.left), right: rewrite(node.right) };
      }
      case 'transpose':
        if (src.slice(node.span.end - 2, node.span.end) === '.T') note('.T', "`.T` (numpy's transpose) is read as matdiff's `'`");
        if (src.slice(node.span.end - 2, node.span.end) === ".'") note(".'", "`.'` (MATLAB's transpose) is read as matdiff's `'`");
        return { ...node, arg: rewrite(node.arg) };
      case 'neg':
        return { ...node, arg: rewrite(node.arg) };
      default:
        return node;
    }
  };

  const fresh = (name: string): string => {
    const sep = /[0-9]$/.test(name) ? '_' : '';
    let k = 2;
    while (taken.has(`${name}${sep}${k}`)) k++;
    const v = `${name}${sep}${k}`;
    taken.add(v);
    return v;
  };

  const statements: Statement[] = program.statements.map((s) => {
    const expr = rewrite(s.expr);
    if (s.name === undefined) return { ...s, expr };
    const before = current.get(s.name);
    // a variable defined later (x = 2*x) stays an error of elaboration: the use before it is
    // more likely a mistake than a version, and the variable has no definition to version
    if (before === undefined || declared.has(s.name) || variables.has(s.name)) {
      if (before === undefined && !declared.has(s.name) && !variables.has(s.name)) current.set(s.name, s.name);
      return { ...s, expr };
    }
    const v = fresh(s.name);
    current.set(s.name, v);
    versions.push({ name: v, of: s.name });
    if (s.nameSpan) renames.push({ span: s.nameSpan, to: v });
    note(`v:${v}`, `\`${s.name}\` is defined again: the new definition is named ${v} (its right side's ${s.name} is the earlier ${before}), and the uses of ${s.name} after it mean ${v}; --wrt ${s.name} is the earlier one, --wrt ${v} the new one`);
    return { ...s, name: v, expr };
  });

  renames.sort((a, b) => a.span.start - b.span.start);
  const text = (span: Span): string => {
    let out = '';
    let at = span.start;
    for (const r of renames) {
      if (r.span.start < span.start || r.span.end > span.end) continue;
      out += src.slice(at, r.span.start) + r.to;
      at = r.span.end;
    }
    return out + src.slice(at, span.end);
  };
  return {
    program: { source: src, statements },
    notes,
    versions,
    versioned: versions.length ? text({ start: 0, end: src.length }) : undefined,
    text,
  };
}
