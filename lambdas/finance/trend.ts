/** The ledger's trend model: an ordinary least-squares line through the last weeks' figures. */

export interface Line {
  readonly intercept: number;
  readonly slope: number;
}

/** Least squares through (x_i, y_i); a single point gives a flat line. */
export function leastSquares(points: readonly { x: number; y: number }[]): Line {
  const n = points.length;
  if (n === 0) throw new RangeError('a trend needs at least one point');
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { intercept: my - slope * mx, slope };
}

export const at = (line: Line, x: number): number => line.intercept + line.slope * x;

/**
 * The first week index after `last` where the value line reaches the cost line, within `horizon`
 * weeks; undefined when it does not (the lines never meet ahead, or meet too far out).
 */
export function crossing(value: Line, cost: Line, last: number, horizon: number): number | undefined {
  for (let x = last + 1; x <= last + horizon; x++) if (at(value, x) >= at(cost, x)) return x;
  return undefined;
}
