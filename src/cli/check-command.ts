// `matdiff check`: judge a hand derivation. Exit codes: 0 correct, 1 wrong, 2 bad input,
// 3 internal error.
//   matdiff check "<expr>" --wrt W --vars "..." --claim "<G>"          a claimed gradient
//   matdiff check --steps FILE [--defs "<definitions>"] [--vars "..."]  a chain of steps
import { MatdiffError } from '../errors.js';
import { failure } from './fail.js';
import { nodeIO, type CliIO } from './io.js';
import { parseArgs } from './args.js';
import { nearest } from '../parse/suggest.js';
import { check } from '../verify/index.js';
import { CHECK_FORMATS } from '../verify/render.js';
import type { CheckFormat } from '../verify/claim.js';

export const CHECK_HELP = `matdiff check — judge a hand derivation: a claimed gradient, or a chain of steps

Usage:
  matdiff check "<expr>" --wrt W [--vars "<declarations>"] --claim "<G>"
  matdiff check --steps FILE [--defs "<definitions>"] [--vars "..."] [--wrt W]
  options: --format text|md|latex|html|json   -o FILE   --seed N   --help

A claim is correct when it equals the gradient: symbolically where the canonical forms agree,
else by exact rational evaluation at random points (rational expressions), else by floating-point
evaluation at random points with a stated tolerance. A wrong claim gets a counterexample (small
integer values, both values printed) and, where one fits, a diagnosis: transpose (layout),
constant factor, sign, 2Ax for a non-symmetric A, Hadamard/product swap, missing σ′ or chain
factor, missing term, the gradient of another variable, or a shape the gradient cannot have —
or two of these at once (transposed and off by 2), each part checked numerically.
The claim may name the function's definitions and add its own: "S = Diag(s); (S - S^2)*(s - y)*x'".

A chain is a first line and then lines "= <expression>", with dX (or d(X), d(expr)) for
differentials and ":" for the Frobenius product. The file may begin with the definitions
(one "name = expression" a line) and a line "vars: ...". Each "=" is judged for all values of
the variables and of the differentials of the variables; the differential of a definition is
expanded through it. A last line "G : dW" (or "dE/dW = G") is checked as the gradient. A name
that is not a variable, a definition or the differential of one (a typo: dq for ds) is an error.

Exit codes: 0 correct, 1 wrong, 2 bad input or undecided (the points tried could not separate the
pieces of relu/abs/sign/step, or rounding error could explain a difference).

Examples:
  matdiff check "x'*A*x" --wrt x --claim "2*A*x"
  matdiff check "v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)" --wrt W --vars "W: n x m; x: m; y: n" --claim "S = Diag(s); (S - S^2)*(s - y)*x'"
  matdiff check --steps chain.txt --defs "v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)" --vars "W: n x m; x: m; y: n"
`;

export function runCheck(argv: string[], io: CliIO = nodeIO()): number {
  const out = (s: string) => io.stdout(s);
  const err = (s: string) => io.stderr(s + '\n');
  try {
    const a = parseArgs(argv, { options: ['wrt', 'vars', 'claim', 'steps', 'defs', 'format', 'o', 'output', 'seed'], flags: ['help', 'h'], single: ['claim', 'steps', 'format', 'o', 'output', 'seed'] });
    if (a.flags.has('help') || a.flags.has('h')) {
      out(CHECK_HELP);
      return 0;
    }
    const format = (a.options.get('format')?.at(-1) ?? 'text') as CheckFormat;
    if (!CHECK_FORMATS.includes(format)) {
      const near = nearest(format, CHECK_FORMATS);
      throw new MatdiffError('parse', `unknown check report format \`${format}\``, { hint: near ? `did you mean \`${near}\`? (formats: ${CHECK_FORMATS.join(', ')})` : `formats: ${CHECK_FORMATS.join(', ')}` });
    }
    const file = a.options.get('o')?.at(-1) ?? a.options.get('output')?.at(-1);
    const vars = (a.options.get('vars') ?? []).join('; ');
    const wrt = (a.options.get('wrt') ?? []).flatMap((w) => w.split(/[\s,]+/).filter(Boolean));
    const seedText = a.options.get('seed')?.at(-1);
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && !Number.isInteger(seed)) throw new MatdiffError('parse', `--seed takes an integer, not \`${seedText}\``);
    const claim = a.options.get('claim')?.at(-1);
    const stepsFile = a.options.get('steps')?.at(-1);
    let result;
    if (stepsFile !== undefined) {
      if (claim !== undefined) throw new MatdiffError('parse', 'give either --claim or --steps, not both');
      // a file that cannot be read is an 'io' error naming it and why; a huge one (/dev/zero)
      // a 'limit' error, refused before it is read whole
      const steps = io.readFile(stepsFile);
      const defs = [...(a.options.get('defs') ?? []), ...a.positional].join('\n');
      result = check(defs, { steps, vars, wrt, seed });
    } else {
      if (claim === undefined) throw new MatdiffError('parse', 'check needs --claim "<G>" (with an expression and --wrt) or --steps FILE', { hint: 'see matdiff check --help' });
      if (a.positional.length !== 1) throw new MatdiffError('parse', a.positional.length === 0 ? 'check needs the function: matdiff check "<expr>" --wrt W --claim "<G>"' : `check takes one expression (quote it), got ${a.positional.length} arguments`);
      if (wrt.length !== 1) throw new MatdiffError('unknown-name', wrt.length === 0 ? 'give the variable the claim is the gradient for: --wrt W' : 'a claim is the gradient for one variable: give one --wrt');
      result = check(a.positional[0]!, { wrt: wrt[0]!, vars, claim, seed });
    }
    const text = result.report(format);
    if (file) {
      io.writeFile(file, text);
      err(`matdiff: ${result.verdict}; wrote the ${format} report to ${file}`);
    } else out(text);
    // undecided (the judge could neither confirm nor refute): 2, as for a check that cannot be made
    return result.verdict === 'correct' ? 0 : result.verdict === 'wrong' ? 1 : 2;
  } catch (e) {
    return failure(e, io);
  }
}
