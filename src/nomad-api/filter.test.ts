import { describe, expect, it } from '@jest/globals';
import { compileFilter } from './filter.js';

const job = { ID: 'example', Type: 'service', Status: 'running', Datacenters: ['dc1', 'dc2'], Meta: { owner: 'team-a', 'cost-center': '42' }, Priority: 50, Stop: false };

describe('compileFilter', () => {
  it.each([
    ['Type == "service"', true],
    ['Type != "service"', false],
    ['Datacenters contains "dc2"', true],
    ['"dc3" in Datacenters', false],
    ['"dc1" in Datacenters and Status == "running"', true],
    ['Type == "batch" or Meta.owner == "team-a"', true],
    ['not (Type == "service")', false],
    ['Meta["cost-center"] == "42"', true],
    ['ID matches "^ex.*e$"', true],
    ['ID not matches "^x"', true],
    ['Meta is not empty', true],
    ['Meta.missing is empty', true],
    ['Priority == 50', true],
    ['Stop == false', true],
    ['Meta contains "owner"', true],
    ['"dc9" not in Datacenters', true],
  ])('%s → %s', (expr, expected) => {
    expect(compileFilter(expr)(job)).toBe(expected);
  });

  it.each(['Type ==', 'Type = "x"', '(Type == "x"', 'Type == "x" and', 'ID matches "("', '== "x"'])('refuses %s with a 400', (expr) => {
    expect(() => compileFilter(expr)).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('failed to read filter expression') }));
  });
});
