import { describe, expect, it } from 'vitest';
import { serializeArgs, TaskArgumentError } from './json.js';

describe('serializeArgs', () => {
  it('accepts JSON values, plain objects, toJSON objects and undefined properties', () => {
    const when = new Date('2026-11-21T16:00:00Z');
    expect(serializeArgs('t', ['a', 1, true, null, [1, [2]], { a: { b: 'c' }, skip: undefined }, when])).toHaveLength(7);
    expect(serializeArgs('t', [Object.create(null)])).toHaveLength(1);
  });

  it('drops trailing undefined arguments', () => {
    expect(serializeArgs('t', [1, undefined, undefined])).toEqual([1]);
  });

  it.each([
    [[() => 1], 'task t: args[0] is a function, which JSON cannot carry'],
    [[{ n: 10n }], 'task t: args[0].n is a BigInt, which JSON cannot carry'],
    [[{ s: Symbol('x') }], 'task t: args[0].s is a symbol'],
    [[Number.NaN], 'task t: args[0] is NaN, which JSON turns into null'],
    [[{ list: [1, Infinity] }], 'task t: args[0].list[1] is Infinity'],
    [[[1, undefined, 2]], 'task t: args[0][1] is undefined, which JSON turns into null'],
    [[new Map([[1, 2]])], 'task t: args[0] is a Map, which JSON cannot carry (pass a plain object)'],
    [[{ 'odd key': new Set() }], 'task t: args[0]["odd key"] is a Set'],
    [[undefined, 1], 'task t: args[0] is undefined'],
  ])('rejects case %#', (args, message) => {
    expect(() => serializeArgs('t', args)).toThrow(TaskArgumentError);
    expect(() => serializeArgs('t', args)).toThrow(message);
  });

  it('rejects cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => serializeArgs('t', [a])).toThrow('task t: args[0].self is a circular reference');
  });

  it('accepts the same object twice (not a cycle)', () => {
    const shared = { x: 1 };
    expect(serializeArgs('t', [shared, { again: shared }])).toHaveLength(2);
  });
});
