// L2-regularised logistic regression over categorical rows, with lower bounds on parameters: the fit behind the
// learned win probability. Every feature is a level of a field (a named level, a band of a number, or
// "missing"), so a row is one level per field and the Hessian is built from level pairs, never from a dense
// design matrix: 100,000 rows cost n × fields² per Newton step.
//
// A level's coefficient is a sum of parameters (a parametrisation): one parameter per level (plain one-hot), or,
// for a field whose levels are ordered best to worst as a rule, non-negative increments added up from the worst
// level, so the coefficients can only fall from best to worst. The bounds are enforced during the fit
// (projected Newton, Bertsekas 1982), not checked afterwards.
import { solveSpd } from "./cholesky";

/** Rows as level codes: row i's level of field f is codes[i * fields + f], an index into the levels. */
export interface CategoricalRows {
  n: number;
  fields: number;
  codes: Int32Array;
  y: Uint8Array; // 1 won, 0 lost
  weight?: Float64Array; // 1 for every row when absent
  patterns?: Patterns; // rows grouped by their levels (patternsOf); worked out by each fit when absent
}

/** Rows with the same level in every field: one pattern. A fit's work grows with patterns, not rows. */
export interface Patterns {
  id: Int32Array; // each row's pattern
  first: Int32Array; // a row of each pattern (whose codes the pattern has)
}

export function patternsOf(data: Pick<CategoricalRows, "n" | "fields" | "codes">): Patterns {
  const F = data.fields;
  const seen = new Map<string, number>();
  const id = new Int32Array(data.n);
  const first: number[] = [];
  for (let i = 0; i < data.n; i++) {
    const key = data.codes.subarray(i * F, i * F + F).join(",");
    let k = seen.get(key);
    if (k === undefined) {
      k = first.length;
      seen.set(key, k);
      first.push(i);
    }
    id[i] = k;
  }
  return { id, first: Int32Array.from(first) };
}

/**
 * How levels' coefficients are made of parameters. Parameter 0 is the intercept (it belongs to no level).
 * `levelParams[l]` lists the parameters whose sum is level l's coefficient (empty: a reference level at 0).
 */
export interface Parametrisation {
  levels: number;
  params: number;
  levelParams: Int32Array[];
  lower: Float64Array; // each parameter's lower bound: -Infinity, or 0 for an increment
  penalised: Uint8Array; // 1 where the L2 penalty applies (not the intercept)
}

export interface FitOptions {
  lambda: number; // the L2 penalty: lambda / 2 × Σ θ² over penalised parameters
  rows?: Int32Array; // fit on these rows only (a cross-validation fold's training rows); all rows otherwise
  maxIterations?: number;
  tolerance?: number; // on the projected gradient, relative to the rows' total weight (1e-8)
  start?: Float64Array; // parameters to start from (another fit's, on similar rows); the base rate otherwise
  /**
   * A level-space Hessian to start with (another fit's `hessian`, on rows like these), times `hessianScale`:
   * a cross-validation fold's fit then needs gradient passes only, unless a step with it fails.
   */
  hessian?: Float64Array;
  hessianScale?: number;
}

export interface LogisticFit {
  theta: Float64Array; // the parameters
  intercept: number;
  coef: Float64Array; // each level's coefficient (log-odds), from theta
  iterations: number;
  converged: boolean;
  objective: number;
  hessian: Float64Array; // in level space (levels, then the intercept), as last worked out
}

/** Log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Each level's coefficient from the parameters. */
export function levelCoefficients(par: Parametrisation, theta: Float64Array): Float64Array {
  const c = new Float64Array(par.levels);
  for (let l = 0; l < par.levels; l++) {
    let s = 0;
    for (const j of par.levelParams[l]) s += theta[j];
    c[l] = s;
  }
  return c;
}

/** The linear predictor (log-odds) of a row. */
export function rowLogit(data: CategoricalRows, i: number, intercept: number, coef: Float64Array): number {
  let eta = intercept;
  const base = i * data.fields;
  for (let f = 0; f < data.fields; f++) eta += coef[data.codes[base + f]];
  return eta;
}

/** Fits the regression; deterministic (no randomness: the same rows give the same parameters to the bit). */
export function fitLogistic(data: CategoricalRows, par: Parametrisation, options: FitOptions): LogisticFit {
  const rows = options.rows ?? Int32Array.from({ length: data.n }, (_, i) => i);
  // The rows as weighted patterns: a pattern's weight and won weight are its rows' sums.
  const patterns = data.patterns ?? patternsOf(data);
  const sumW = new Float64Array(patterns.first.length);
  const sumWon = new Float64Array(patterns.first.length);
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t];
    const w = data.weight ? data.weight[i] : 1;
    sumW[patterns.id[i]] += w;
    sumWon[patterns.id[i]] += w * data.y[i];
  }
  const present: number[] = [];
  for (let k = 0; k < sumW.length; k++) if (sumW[k] > 0) present.push(k);
  const m0 = present.length;
  const at = Int32Array.from(present, (k) => patterns.first[k] * data.fields); // where its codes start
  const pw = Float64Array.from(present, (k) => sumW[k]);
  const pwon = Float64Array.from(present, (k) => sumWon[k]);
  const maxIterations = options.maxIterations ?? 100;
  const P = par.params;
  const L = par.levels;
  const F = data.fields;
  const { codes } = data;
  const lambda = options.lambda;
  let totalWeight = 0;
  for (let k = 0; k < m0; k++) totalWeight += pw[k];
  const tolerance = (options.tolerance ?? 1e-8) * Math.max(1, totalWeight);

  // Which levels each parameter feeds: the transpose of levelParams, for the chain rule.
  const paramLevels: number[][] = Array.from({ length: P }, () => []);
  par.levelParams.forEach((ps, l) => ps.forEach((j) => paramLevels[j].push(l)));

  const objective = (theta: Float64Array): number => {
    const c = levelCoefficients(par, theta);
    let f = 0;
    for (let t = 0; t < m0; t++) {
      let eta = theta[0];
      const base = at[t];
      for (let k = 0; k < F; k++) eta += c[codes[base + k]];
      f += pw[t] * softplus(eta) - pwon[t] * eta;
    }
    for (let j = 0; j < P; j++) if (par.penalised[j]) f += 0.5 * lambda * theta[j] * theta[j];
    return f;
  };

  // Start inside the bounds, at zero (every bound is 0 or -Infinity), with the intercept at the base rate.
  const theta = new Float64Array(P);
  let won = 0;
  for (let k = 0; k < m0; k++) won += pwon[k];
  const rate = Math.min(Math.max(won / Math.max(totalWeight, 1e-300), 1e-6), 1 - 1e-6);
  theta[0] = Math.log(rate / (1 - rate));
  if (options.start) for (let j = 0; j < P; j++) theta[j] = Math.max(par.lower[j], options.start[j]);
  let f = objective(theta);

  // Gradient and Hessian in level space (level L is the intercept, always on), then carried to parameters.
  const S = L + 1;
  const gl = new Float64Array(S);
  const hl = new Float64Array(S * S);
  const active = new Int32Array(F + 1);
  const curvature = new Float64Array(m0); // each pattern's weight × p(1 − p), from the gradient's pass
  let iterations = 0;
  let converged = false;
  let lastPg = Infinity;
  let refresh = false; // a step with the old Hessian failed: work it out again
  for (; iterations < maxIterations; iterations++) {
    // The gradient first: at the minimum the Hessian (the costly pass) is not needed.
    gl.fill(0);
    const c = levelCoefficients(par, theta);
    let interceptGradient = 0;
    for (let t = 0; t < m0; t++) {
      const base = at[t];
      let eta = theta[0];
      for (let k = 0; k < F; k++) eta += c[codes[base + k]];
      const p = 1 / (1 + Math.exp(-eta));
      const r = pw[t] * p - pwon[t];
      curvature[t] = pw[t] * p * (1 - p);
      interceptGradient += r;
      for (let k = 0; k < F; k++) gl[codes[base + k]] += r;
    }
    gl[L] = interceptGradient;
    const levelsOf = (j: number): number[] => (j === 0 ? [L] : paramLevels[j]);
    const g = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (const l of levelsOf(j)) s += gl[l];
      g[j] = s + (par.penalised[j] ? lambda * theta[j] : 0);
    }
    // Projected gradient: a parameter at its bound that the gradient pushes further out does not move.
    let pg = 0;
    for (let j = 0; j < P; j++) {
      const step = theta[j] - Math.max(par.lower[j], theta[j] - g[j]);
      pg = Math.max(pg, Math.abs(step));
    }
    if (pg <= tolerance) {
      converged = true;
      break;
    }
    // The Hessian costs rows × fields² and changes little between steps: it is worked out again only when the
    // last step (with the one before's Hessian) did not cut the projected gradient tenfold.
    const given = iterations === 0 && options.hessian !== undefined;
    if (given) {
      const k = options.hessianScale ?? 1;
      for (let x = 0; x < hl.length; x++) hl[x] = k * options.hessian![x];
    }
    const stale = given || (!refresh && iterations > 0 && pg <= 0.1 * lastPg);
    refresh = false;
    lastPg = pg;
    if (!stale) {
      hl.fill(0);
      for (let t = 0; t < m0; t++) {
        const base = at[t];
        for (let k = 0; k < F; k++) active[k] = codes[base + k];
        active[F] = L;
        const h = curvature[t];
        for (let a = 0; a <= F; a++) {
          const row = active[a] * S;
          for (let b = 0; b <= a; b++) hl[row + active[b]] += h;
        }
      }
      // Level pairs were added once per (a, b ≤ a); a row's two fields may hold levels in either order: symmetrise.
      for (let a = 0; a < S; a++)
        for (let b = 0; b < a; b++) {
          const s = hl[a * S + b] + hl[b * S + a];
          hl[a * S + b] = s;
          hl[b * S + a] = s;
        }
    }
    // Parameters held at their bound this step: at (or within eps of) it with the gradient pushing outwards.
    const eps = Math.min(1e-6, pg);
    const free: number[] = [];
    for (let j = 0; j < P; j++) if (!(theta[j] <= par.lower[j] + eps && g[j] > 0)) free.push(j);
    const m = free.length;
    const hf = new Float64Array(m * m);
    const gf = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const ja = free[a];
      gf[a] = -g[ja];
      const la = levelsOf(ja);
      for (let b = 0; b <= a; b++) {
        const jb = free[b];
        let s = 0;
        for (const x of la) for (const z of levelsOf(jb)) s += hl[x * S + z];
        if (a === b && par.penalised[ja]) s += lambda;
        hf[a * m + b] = s;
        hf[b * m + a] = s;
      }
    }
    const step = solveSpd(hf, gf, m);
    const d = new Float64Array(P);
    free.forEach((j, a) => (d[j] = step[a]));
    // The Newton decrement: what the step would save. Below the objective's own rounding it cannot be seen, and
    // the parameters are as good as the arithmetic allows.
    let saving = 0;
    for (let a = 0; a < m; a++) saving += gf[a] * step[a];
    if (saving <= 1e-13 * (1 + Math.abs(f))) {
      converged = true;
      break;
    }
    // Projected line search (Armijo along the projection arc).
    let alpha = 1;
    let accepted = false;
    for (let tries = 0; tries < 60 && !accepted; tries++, alpha /= 2) {
      const next = new Float64Array(P);
      let decrease = 0;
      for (let j = 0; j < P; j++) {
        next[j] = Math.max(par.lower[j], theta[j] + alpha * d[j]);
        decrease += g[j] * (next[j] - theta[j]);
      }
      const fn = objective(next);
      if (fn <= f + 1e-4 * decrease && fn <= f) {
        theta.set(next);
        f = fn;
        accepted = true;
      }
    }
    if (!accepted && stale) {
      refresh = true; // the old Hessian's step found no decrease: try again with a fresh one
      continue;
    }
    if (!accepted) {
      // No step lowers the objective any more: it is at its minimum to the precision of the arithmetic.
      converged = true;
      break;
    }
  }
  return {
    theta,
    intercept: theta[0],
    coef: levelCoefficients(par, theta),
    iterations,
    converged,
    objective: f,
    hessian: hl,
  };
}
