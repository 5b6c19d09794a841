import { describe, expect, it } from 'vitest';
import { nearestName } from '../../src/data/nearest-name.ts';

describe('nearestName', () => {
  const columns = ['Model Size', 'Training FLOP', 'loss', 'tokens'];

  it('nearestName suggests the closest column ignoring case', () => {
    expect(nearestName('LOSS', columns)).toBe('loss');
    expect(nearestName('los', columns)).toBe('loss');
    expect(nearestName('model size', columns)).toBe('Model Size');
    expect(nearestName('Trainig FLOPs', columns)).toBe('Training FLOP');
  });

  it('nearestName returns null when nothing is within max(2, 40% of the length)', () => {
    expect(nearestName('xyz', columns)).toBeNull();
    expect(nearestName('parameters', columns)).toBeNull();
    // 'abcdefghij' has length 10, so the limit is 4 edits.
    expect(nearestName('abcdefghij', ['abcdefWXYZ'])).toBe('abcdefWXYZ');
    expect(nearestName('abcdefghij', ['abcdeVWXYZ'])).toBeNull();
    // Short names still allow 2 edits.
    expect(nearestName('ab', ['xy'])).toBe('xy');
    expect(nearestName('ab', ['xyz'])).toBeNull();
  });

  it('nearestName prefers the smallest distance, then the earlier candidate', () => {
    expect(nearestName('lost', ['last', 'loss'])).toBe('last');
    expect(nearestName('loss', ['lost', 'loss'])).toBe('loss');
    expect(nearestName('x', [])).toBeNull();
  });
});
