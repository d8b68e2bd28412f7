import { describe, expect, it } from 'vitest';
import { fuseRankings, interleaveRankings } from './rank-fusion';

describe('reciprocal rank fusion', () => {
  it('puts what several lists agree on above what one list ranks first', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['d', 'b'],
    ]);
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused.find((item) => item.id === 'b')?.from).toEqual([0, 1]);
  });

  it('weighs every list the same, whatever its length', () => {
    // A long list cannot crowd out a short one: each list's first item scores alike.
    const long = Array.from({ length: 50 }, (_, i) => `long-${i}`);
    const fused = fuseRankings([long, ['short-0']]);
    expect(fused.slice(0, 2).map((item) => item.score)).toEqual([0.5, 0.5]);
    expect(fused.slice(0, 2).map((item) => item.id)).toEqual(['long-0', 'short-0']);
  });

  it('scores 1 for first place in every list, and says where each item came from, best rank first', () => {
    expect(fuseRankings([['x'], ['x', 'y']])[0]).toEqual({ id: 'x', score: 1, from: [0, 1] });
    const fused = fuseRankings([['x', 'y'], ['x'], ['z', 'y']]);
    expect(fused[0]).toMatchObject({ id: 'x', from: [0, 1] });
    expect(fused[0]!.score).toBeCloseTo(2 / 3);
    expect(fused.find((item) => item.id === 'y')?.from).toEqual([0, 2]);
  });

  it('counts an id once per list and ignores empty lists', () => {
    expect(fuseRankings([['a', 'a'], []])).toEqual([{ id: 'a', score: 1, from: [0] }]);
    expect(fuseRankings([])).toEqual([]);
  });
});

describe('round robin', () => {
  it('puts every list’s first before any list’s second, the items more lists agree on first within a round', () => {
    const lists = [
      ['a1', 'shared', 'a3'],
      ['b1', 'shared'],
      ['c1', 'shared'],
    ];
    // Fusion alone ranks the item second in three lists above every first place.
    expect(fuseRankings(lists)[0]?.id).toBe('shared');
    const robin = interleaveRankings(lists);
    expect(robin.map((item) => item.id)).toEqual(['a1', 'b1', 'c1', 'shared', 'a3']);
    expect(robin[3]).toMatchObject({ id: 'shared', from: [0, 1, 2] });
  });
});
