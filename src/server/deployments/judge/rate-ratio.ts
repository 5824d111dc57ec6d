/**
 * A sequential test for the ratio of two error rates, by conditioning on the errors (the count
 * model of Lindon, Ham, Tingley and Bojinov, "Rapid regression detection in software
 * deployments through sequential testing", KDD 2022). When an invocation is routed to the new
 * version with probability w independently of how it ends, an error comes from the new version
 * with probability
 *
 *   p(theta) = w theta / (w theta + 1 - w),   theta = new rate / current rate,
 *
 * whatever the base rate is, and whatever it does over time. Each error's version is then a coin
 * with a known bias under any hypothesised theta, so the likelihood ratio over the errors seen,
 * mixed over theta (Robbins' method of mixtures, a mixture SPRT after Wald), is a martingale
 * under the hypothesis, and by Ville's inequality crosses 1/alpha with probability at most alpha
 * however often it is looked at. Inverting it gives a confidence sequence for theta. The traffic
 * split changes from step to step, so errors are counted per step (a stratum) with that step's
 * observed share.
 */

export interface Stratum {
  current: { invocations: number; errors: number };
  target: { invocations: number; errors: number };
}

/** The mixing prior on log theta: normal, centred on no change, sd 1 (a factor of e either way). */
const PRIOR_SD = 1;
const GRID_STEP = 0.02;
const GRID_HALF_WIDTH = 5;

interface Cell {
  /** log of the share of invocations on the new version in this stratum, and of the rest. */
  logShare: number;
  logRest: number;
  /** Errors on the new version, and in all. */
  target: number;
  total: number;
}

function cellsOf(strata: readonly Stratum[]): Cell[] {
  return strata
    .filter((s) => s.current.invocations > 0 && s.target.invocations > 0)
    .map((s) => {
      const share = s.target.invocations / (s.current.invocations + s.target.invocations);
      return {
        logShare: Math.log(share),
        logRest: Math.log1p(-share),
        target: s.target.errors,
        total: s.current.errors + s.target.errors,
      };
    })
    .filter((c) => c.total > 0);
}

/** Log-likelihood of the errors' versions under log theta = u. */
function logLikelihood(cells: readonly Cell[], u: number): number {
  let sum = 0;
  for (const c of cells) {
    // log p = log(w e^u) - log(w e^u + 1 - w), computed stably.
    const a = c.logShare + u;
    const b = c.logRest;
    const logDenominator = Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    sum += c.target * (a - logDenominator) + (c.total - c.target) * (b - logDenominator);
  }
  return sum;
}

/**
 * The grid of log theta the mixture is summed on, with the log of each point's prior mass: the
 * same for every test, so computed once (the judge builds a test at every look).
 */
const GRID: readonly { u: number; logPrior: number }[] = (() => {
  const logNormaliser = Math.log(PRIOR_SD * Math.sqrt(2 * Math.PI)) - Math.log(GRID_STEP);
  const grid: { u: number; logPrior: number }[] = [];
  for (let u = -GRID_HALF_WIDTH; u <= GRID_HALF_WIDTH + 1e-9; u += GRID_STEP) {
    grid.push({ u, logPrior: -(u * u) / (2 * PRIOR_SD * PRIOR_SD) - logNormaliser });
  }
  return grid;
})();

export interface RateRatioTest {
  /** Errors that carried information (in strata where both versions had traffic). */
  errors: number;
  /** The maximum-likelihood ratio (undefined without errors). */
  estimate: number | undefined;
  /** log of the mixture likelihood ratio against theta. */
  logE(theta: number): number;
  /** The confidence sequence for theta at level 1 - alpha: [lower, upper] (0 and Infinity when unbounded). */
  bounds(alpha: number): { lower: number; upper: number };
}

export function rateRatioTest(strata: readonly Stratum[]): RateRatioTest {
  const cells = cellsOf(strata);
  const errors = cells.reduce((n, c) => n + c.total, 0);
  // log of the mixture's integral of the likelihood, on the grid of log theta.
  const points = GRID.map((g) => {
    const ll = logLikelihood(cells, g.u);
    return { u: g.u, ll, logPosterior: ll + g.logPrior };
  });
  const peak = points.reduce((m, p) => Math.max(m, p.logPosterior), -Infinity);
  const logMixture = peak + Math.log(points.reduce((s, p) => s + Math.exp(p.logPosterior - peak), 0));
  const best = points.reduce((a, b) => (b.ll > a.ll ? b : a));
  const logE = (theta: number) => logMixture - logLikelihood(cells, Math.log(theta));
  // logE is convex in log theta (the likelihood is log-concave), least near the estimate.
  const end = (inside: number, outside: number, threshold: number): number => {
    for (let i = 0; i < 50; i++) {
      const mid = (inside + outside) / 2;
      if (logMixture - logLikelihood(cells, mid) >= threshold) outside = mid;
      else inside = mid;
    }
    return outside;
  };
  return {
    errors,
    estimate: errors > 0 ? Math.exp(best.u) : undefined,
    logE,
    bounds(alpha) {
      const threshold = Math.log(1 / alpha);
      const centre = best.u;
      if (logMixture - best.ll >= threshold) return { lower: Math.exp(centre), upper: Math.exp(centre) };
      const far = 50;
      const lowOut = logMixture - logLikelihood(cells, centre - far) >= threshold;
      const highOut = logMixture - logLikelihood(cells, centre + far) >= threshold;
      return {
        lower: lowOut ? Math.exp(end(centre, centre - far, threshold)) : 0,
        upper: highOut ? Math.exp(end(centre, centre + far, threshold)) : Infinity,
      };
    },
  };
}
