import { describe, expect, it } from '@jest/globals';
import { byPriority } from './queue-order.js';

describe('byPriority', () => {
  it('retries higher-priority jobs first, ties in the order they started waiting (default priority 50)', () => {
    const priorities: Record<string, number | undefined> = { 'ns/low': 30, 'ns/high': 70, 'ns/mid': undefined, 'ns/mid2': 50 };
    expect(byPriority(new Set(['ns/low', 'ns/mid', 'ns/high', 'ns/mid2']), (k) => priorities[k])).toEqual(['ns/high', 'ns/mid', 'ns/mid2', 'ns/low']);
  });
});
