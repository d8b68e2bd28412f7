/** Figures the benches print: a run's median and quartiles, and its spread in words. */

/** The value a `share` (0–1) of `values` lie below, by rank: 0.5 the median, 0.25 and 0.75 the quartiles. */
export const quantile = (values: number[], share: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * share)]!;

/** The middle value (of an even count, the upper of the two middle ones). */
export const median = (values: number[]) => quantile(values, 0.5);

/** "median 75 ms (min 37, max 83)"; `unit` '' for counts. */
export const spread = (values: number[], unit = ' ms') =>
  `median ${median(values).toFixed(0)}${unit} (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
