// The matdiff command line. A user's mistake prints a clear message (with a caret under the
// spot) and exits 2; a failed numeric check prints the unverified result loudly and exits 1.
// The command is an entry: it loads the operator table (registers every operator, before any term
// is built) and the report layer (`derivation.report(format)`) itself, as src/index.ts does.
import '../ops/index.js';
import '../report/index.js';
import { derive, CheckFailed, type Derivation, type Gradient } from '../engine/derive.js';
import { MatdiffError } from '../errors.js';
import { failure } from './fail.js';
import { parseArgs } from './args.js';
import { helpText } from './help.js';
import { runReport } from './report-command.js';
import { runCheck } from './check-command.js';
import { runJacobian } from './jacobian-command.js';
import { runExport } from './export-command.js';
import { toText } from '../print/print.js';
import { showShape } from '../core/shape.js';
import { MAX_PRINTED } from '../limits.js';
import { nodeIO, type CliIO } from './io.js';
import { assumedLine } from '../parse/assumed.js';

export type { CliIO } from './io.js';
export { nodeIO } from './io.js';

function gradientJson(d: Derivation, g: Gradient) {
  const p = g.pretty('text');
  return {
    function: toText(d.fn),
    wrt: g.wrt,
    shape: [g.shape.rows, g.shape.cols],
    // in full; past 20000 characters as statements naming the shared subterms, and then
    // `"expanded": false` says so (the field is there only then)
    gradient: g.text,
    ...(g.expanded ? {} : { expanded: false }),
    pretty: p.defs.length ? `${p.expr} where ${p.defs.map((x) => `${x.name} = ${x.expr}`).join('; ')}` : p.expr,
    latex: g.latex,
    check: g.check ? { ok: g.check.ok, method: g.check.method, maxRelError: g.check.maxRelError, trials: g.check.trials, ...(g.check.failure ? { failure: g.check.failure } : {}) } : null,
    // the undeclared names, with the shape each was given and why; the readings of notation (only when there are any)
    ...(d.conventions.length ? { assumed: d.conventions.map((a) => ({ name: a.name, shape: [a.shape.rows, a.shape.cols], why: a.why })) } : {}),
    ...(d.notes.length ? { notes: d.notes } : {}),
  };
}

function printHuman(d: Derivation, style: 'text' | 'unicode' | 'latex', out: (s: string) => void): void {
  for (const g of d.gradients) {
    const p = g.pretty(style);
    const f = d.elaborated.fnName;
    const lhs = style === 'latex' ? `\\frac{\\partial ${f}}{\\partial ${g.wrt}}` : `∂${f}/∂${g.wrt}`;
    out(`${lhs} = ${p.expr}`);
    for (const def of p.defs) out(`  where ${def.name} = ${def.expr}`);
    if (style !== 'latex' && !g.expanded) out(`  in full: not written out, it is longer than ${MAX_PRINTED} characters; as matdiff statements: ${g.text}`);
    else if (style !== 'latex' && p.defs.length) out(`  in full: ${g.text}`);
    out(`  shape: ${showShape(g.shape)}`);
    if (g.check) {
      const c = g.check;
      out(`  check: ${c.ok ? 'passed' : 'FAILED'} (${c.method}, ${c.trials} trial${c.trials === 1 ? '' : 's'}${c.method === 'float' ? `, max relative error ${c.maxRelError.toExponential(1)}` : ''})`);
      if (!c.ok && c.failure) out(`  what the check saw: ${c.failure}`);
    } else out('  check: off (--no-check)');
  }
  // what the result assumed of undeclared names, and how the input was read
  if (d.conventions.length) out(`  assumed: ${assumedLine(d.conventions)}`);
  for (const n of d.notes) out(`  note: ${n}`);
}

/**
 * What `matdiff derive` prints for a finished derivation, and its exit code: 0 for a checked (or
 * unchecked, --no-check) result, 1 — with a loud warning — when the numeric check failed.
 */
export function derivationOutput(result: Derivation | CheckFailed, opts: { json?: boolean; style?: 'text' | 'unicode' | 'latex' } = {}): { stdout: string; stderr: string; code: number } {
  const lines: string[] = [];
  const errs: string[] = [];
  const failed = result instanceof CheckFailed;
  const d = failed ? result.derivation : result;
  if (failed) errs.push('matdiff: the numeric check FAILED — the result below is NOT verified. Please report it.');
  if (opts.json) {
    const objs = d.gradients.map((g) => gradientJson(d, g));
    lines.push(JSON.stringify(objs.length === 1 ? objs[0] : objs, null, 2));
  } else printHuman(d, opts.style ?? 'text', (s) => lines.push(s));
  return { stdout: lines.map((l) => l + '\n').join(''), stderr: errs.map((l) => l + '\n').join(''), code: failed ? 1 : 0 };
}

function runDerive(argv: string[], io: CliIO): number {
  const a = parseArgs(argv, { options: ['wrt', 'vars', 'seed'], flags: ['json', 'latex', 'unicode', 'no-check', 'help'], single: ['seed'] });
  if (a.flags.has('help')) {
    io.stdout(helpText() + '\n');
    return 0;
  }
  if (a.positional.length !== 1) throw new MatdiffError('parse', a.positional.length === 0 ? 'derive needs an expression: matdiff derive "<expr>" --wrt W' : `derive takes one expression (quote it), got ${a.positional.length} arguments`);
  const wrt = (a.options.get('wrt') ?? []).flatMap((w) => w.split(/[\s,]+/).filter(Boolean));
  if (wrt.length === 0) throw new MatdiffError('unknown-name', 'give the variable to differentiate with respect to: --wrt W');
  const vars = (a.options.get('vars') ?? []).join('; ');
  const seed = a.options.get('seed')?.[0];
  const check = a.flags.has('no-check') ? false : seed !== undefined ? { seed: Number(seed) } : true;
  let result: Derivation | CheckFailed;
  try {
    result = derive(a.positional[0]!, { wrt, vars, check });
  } catch (e) {
    if (!(e instanceof CheckFailed)) throw e;
    result = e;
  }
  const r = derivationOutput(result, { json: a.flags.has('json'), style: a.flags.has('latex') ? 'latex' : a.flags.has('unicode') ? 'unicode' : 'text' });
  if (r.stderr) io.stderr(r.stderr);
  if (r.stdout) io.stdout(r.stdout);
  return r.code;
}

/**
 * The `matdiff` command: runs `argv` (the arguments after the program name) and returns the exit
 * code — 0 ok, 1 a wrong result or a failed check, 2 a user's mistake, 3 matdiff's own bug. All
 * output, files and environment go through `io` (the process's own by default), so a test or
 * another program can run the command in-process.
 */
export function main(argv: string[], io: CliIO = nodeIO()): number {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(helpText() + '\n');
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === 'derive') return runDerive(rest, io);
    if (cmd === 'report') return runReport(rest, io);
    if (cmd === 'check') return runCheck(rest, io);
    if (cmd === 'jacobian' || cmd === 'hessian') return runJacobian(cmd, rest, io);
    if (cmd === 'export') return runExport(rest, io);
    throw new MatdiffError('parse', `unknown command \`${cmd}\``, { hint: 'commands: derive, jacobian, hessian, report, check, export (see matdiff --help)' });
  } catch (e) {
    return failure(e, io);
  }
}
