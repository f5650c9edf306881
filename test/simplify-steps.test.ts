// Every rewrite the simplifier records is sound: over the worked table, each step of the canonical
// form and of the catalogue's rules (a catalogue id or a `canon.*` id) relates two terms that are
// equal — evaluated at random points (the variables' facts honoured) with the engine's float
// evaluator, both sides agree. The canonical form's rewrites are code that names the entry it
// implements; this is the check that what it did is an instance of an identity, not a slip.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive } from '../src/index.js';
import { CATALOGUE } from '../src/identities/catalogue.js';
import { CANON_RULES } from '../src/simplify/normal.js';
import { WORKED } from './helpers/worked-table.js';
import { randomPoint, evalAt, relDiff, allFinite } from './helpers/numeric.js';

const simplification = (rule: string) => rule.startsWith('canon.') || (CATALOGUE.has(rule) && !rule.startsWith('d.') && !rule.startsWith('adj.') && rule !== 'identify');

test('simplify: every recorded rewrite of the worked table holds at random points', () => {
  let steps = 0;
  let compared = 0;
  const ids = new Set<string>();
  const bad: string[] = [];
  for (const [i, row] of WORKED.entries()) {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars, check: false });
    for (const s of d.steps) {
      if (!simplification(s.rule) || s.before.hasDiff || s.after.hasDiff || s.before === s.after) continue;
      if (s.rule.startsWith('canon.')) assert.ok(CANON_RULES[s.rule], `${s.rule} is not explained in CANON_RULES`);
      steps++;
      ids.add(s.rule);
      for (let k = 0; k < 2; k++) {
        const p = randomPoint([s.before, s.after], 7000 + 31 * i + k, { lo: 2, hi: 3, positive: row.positive });
        let a: number[][];
        let b: number[][];
        try {
          a = evalAt(s.before, p);
          b = evalAt(s.after, p);
        } catch {
          continue; // outside the domain at this point (a log, an inverse): another point decides
        }
        if (!allFinite(a) || !allFinite(b)) continue;
        compared++;
        if (relDiff(a, b) > 1e-8) bad.push(`${row.source}: ${s.rule}: ${String(s.before)} → ${String(s.after)} (relative difference ${relDiff(a, b).toExponential(1)})`);
      }
    }
  }
  if (process.env.MATDIFF_VERBOSE) console.log(`${steps} steps, ${ids.size} rules (${[...ids].join(", ")}), ${compared} comparisons`);
  assert.equal(bad, []);
  // the table exercises the simplifier: many steps, many distinct rules, nearly all compared
  assert.ok(steps > 200 && ids.size >= 15 && compared > steps, `${steps} steps, ${ids.size} rules, ${compared} comparisons`);
});
test.run();
