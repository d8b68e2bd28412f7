import { useCallback, useState } from 'react';

/**
 * Picking several items of a list the way file managers do: a click toggles
 * one, a shift-click sets everything between the last item clicked and this
 * one to the state the last click gave.
 */
export interface SelectionState {
  selected: ReadonlySet<string>;
  /** The last item clicked without shift: where a shift-click's range starts. */
  anchor?: string;
}

export function toggleSelection(
  state: SelectionState,
  order: readonly string[],
  key: string,
  { range = false } = {},
): SelectionState {
  const from = state.anchor === undefined ? -1 : order.indexOf(state.anchor);
  const to = order.indexOf(key);
  if (!range || from < 0 || to < 0) {
    const selected = new Set(state.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchor: key };
  }
  // The range takes the anchor's state: shift-click after selecting selects, after unselecting unselects.
  const select = state.selected.has(state.anchor!);
  const selected = new Set(state.selected);
  for (const item of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (select) selected.add(item);
    else selected.delete(item);
  }
  return { selected, anchor: state.anchor };
}

export function useSelection() {
  const [state, setState] = useState<SelectionState>({ selected: new Set() });
  return {
    selected: state.selected,
    toggle: useCallback(
      (order: readonly string[], key: string, range: boolean) =>
        setState((old) => toggleSelection(old, order, key, { range })),
      [],
    ),
    selectAll: useCallback((keys: readonly string[]) => setState({ selected: new Set(keys) }), []),
    clear: useCallback(() => setState({ selected: new Set() }), []),
  };
}
