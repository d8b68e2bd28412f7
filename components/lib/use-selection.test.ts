import { describe, expect, it } from 'vitest';
import { type SelectionState, toggleSelection } from './use-selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const none: SelectionState = { selected: new Set() };
const picked = (state: SelectionState) => [...state.selected].sort();

describe('selecting several items', () => {
  it('a click toggles one item and becomes the anchor', () => {
    const once = toggleSelection(none, order, 'b');
    expect(picked(once)).toEqual(['b']);
    expect(once.anchor).toBe('b');
    expect(picked(toggleSelection(once, order, 'b'))).toEqual([]);
  });

  it('a shift-click selects everything between the anchor and the item, either way round', () => {
    const anchored = toggleSelection(none, order, 'd');
    expect(picked(toggleSelection(anchored, order, 'b', { range: true }))).toEqual(['b', 'c', 'd']);
    const down = toggleSelection(toggleSelection(none, order, 'a'), order, 'c', { range: true });
    expect(picked(down)).toEqual(['a', 'b', 'c']);
  });

  it('a shift-click after unselecting unselects the range (the anchor’s state wins)', () => {
    let state = toggleSelection(none, order, 'a');
    state = toggleSelection(state, order, 'e', { range: true });
    state = toggleSelection(state, order, 'c');
    state = toggleSelection(state, order, 'e', { range: true });
    expect(picked(state)).toEqual(['a', 'b']);
  });

  it('a shift-click without an anchor (or on an item not in the list) is a plain click', () => {
    expect(picked(toggleSelection(none, order, 'c', { range: true }))).toEqual(['c']);
    const gone = toggleSelection({ selected: new Set(['z']), anchor: 'z' }, order, 'b', { range: true });
    expect(picked(gone)).toEqual(['b', 'z']);
  });
});
