// Piecewise-linear value maps: a model says "at 250,000 the deal value is worth 0.45, at 1,000,000 it is worth
// 0.75" and values in between are interpolated; values beyond either end take the end's goodness.

export type Curve = readonly (readonly [number, number])[];

export function interpolate(curve: Curve, x: number): number {
  const n = curve.length;
  if (x <= curve[0][0]) return curve[0][1];
  if (x >= curve[n - 1][0]) return curve[n - 1][1];
  for (let i = 1; i < n; i++) {
    const [x1, y1] = curve[i];
    if (x === x1) return y1;
    if (x < x1) {
      const [x0, y0] = curve[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return curve[n - 1][1];
}
