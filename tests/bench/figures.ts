/** Figures the side panel benches print: a run's median, and its spread in words. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** "median 75 ms (min 37, max 83)"; `unit` '' for counts. */
export const spread = (values: number[], unit = ' ms') =>
  `median ${median(values).toFixed(0)}${unit} (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
