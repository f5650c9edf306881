// What a numeric check returns and what it is asked (src/check/check.ts), in a file of its own so
// that each kind of trial (exact.ts, float-check.ts) can return a result without importing the
// driver that calls it.

export interface CheckResult {
  readonly ok: boolean;
  readonly method: 'exact' | 'float';
  /** largest relative error seen (0 for an exact check that passed) */
  readonly maxRelError: number;
  readonly trials: number;
  /** the sizes tried, one map per trial */
  readonly sizes: readonly Record<string, number>[];
  /**
   * float: where some trial agreed only to within the rounding noise of f's values (a gradient
   * that is zero along V, or f computed with cancellation), the largest such noise bound on the
   * directional derivative
   */
  readonly roundingFloor?: number;
  /** the domain probe: points (doubles) where f has a value, and how many of them the gradient formula has none at */
  readonly domain?: { readonly points: number; readonly formulaUndefined: number };
  /** when the check failed: what was seen */
  readonly failure?: string;
}

export interface CheckOptions {
  trials?: number;
  seed?: number;
  /** relative tolerance of the float check */
  tolerance?: number;
}
