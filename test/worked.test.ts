// Worked gradients: a table of rows { source, expr, vars, wrt, expected }. Each `expected` is a
// closed form worked by hand from the cited source (Matrix Cookbook, Nov 15 2012 version, equation
// numbers; Magnus–Neudecker; standard machine-learning losses), written independently of what
// matdiff prints. For every row, at several random points:
//   (a) derive() succeeds and its own numeric check passed;
//   (b) the gradient has the shape of the variable;
//   (c) the derived gradient equals `expected` (relative error < 1e-8) and its text parses back;
//   (d) the derived gradient equals an independent oracle: central differences of f entry by entry
//       (test/helpers/numeric.ts), which does not use derive's check.
// The checks live in test/helpers/worked.ts (test/seeds.test.ts uses them too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkWorkedRow } from './helpers/worked.js';
import { WORKED } from './helpers/worked-table.js';

test('worked: the table has at least 45 rows, each with a source', () => {
  assert.ok(WORKED.length >= 45, `${WORKED.length} rows`);
  for (const r of WORKED) assert.ok(r.source.length > 5, r.expr);
});

for (const [index, row] of WORKED.entries()) {
  test(`worked ${index + 1}: ${row.source}`, () => {
    checkWorkedRow(row, 1000 * (index + 1));
  });
}

test.run();
