import { describe, expect, it } from 'vitest';
import { countOutcome, isDone, KEPT_BATCHES, type SaveBatch, startBatch } from './save-batches';

const batch = (id: string, total = 3): SaveBatch => ({
  id,
  boardId: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11',
  boardName: 'Lamps',
  total,
  created: 0,
  alreadySaved: 0,
  createdAt: 0,
});

describe('save-many tallies', () => {
  it('counts each outcome in its own batch until every save is in', () => {
    let batches = startBatch(startBatch([], batch('one')), batch('two'));
    batches = countOutcome(batches, 'one', 'created');
    batches = countOutcome(batches, 'one', 'already-saved');
    batches = countOutcome(batches, 'two', 'created');
    const one = batches.find((b) => b.id === 'one')!;
    expect(one).toMatchObject({ created: 1, alreadySaved: 1 });
    expect(isDone(one)).toBe(false);
    expect(isDone(countOutcome(batches, 'one', 'created').find((b) => b.id === 'one')!)).toBe(true);
    expect(batches.find((b) => b.id === 'two')).toMatchObject({ created: 1, alreadySaved: 0 });
  });

  it('keeps only the newest batches, newest first; an outcome for a forgotten batch changes nothing', () => {
    let batches: SaveBatch[] = [];
    for (let n = 0; n < KEPT_BATCHES + 2; n++) batches = startBatch(batches, batch(`b${n}`));
    expect(batches.map((b) => b.id)).toEqual(
      Array.from({ length: KEPT_BATCHES }, (_, n) => `b${KEPT_BATCHES + 1 - n}`),
    );
    expect(countOutcome(batches, 'b0', 'created')).toEqual(batches);
  });
});
