// Piecewise-linear value maps: a model says "at 250,000 the deal value is worth 0.45, at 1,000,000 it is worth
// 0.75" and values in between are interpolated; values beyond either end take the end's goodness.

export type Curve = readonly (readonly [number, number])[];

/** A curve as two flat arrays, the form the per-row hot path reads. */
export interface FlatCurve {
  xs: Float64Array;
  ys: Float64Array;
}

export function flatten(curve: Curve): FlatCurve {
  return { xs: Float64Array.from(curve, (p) => p[0]), ys: Float64Array.from(curve, (p) => p[1]) };
}

export function interpolate(c: FlatCurve, x: number): number {
  const { xs, ys } = c;
  const n = xs.length;
  if (!(x > xs[0])) return ys[0]; // also catches NaN, which then takes the worst-case end's value
  if (x >= xs[n - 1]) return ys[n - 1];
  let i = 1;
  while (x > xs[i]) i++;
  if (x === xs[i]) return ys[i];
  return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
}
