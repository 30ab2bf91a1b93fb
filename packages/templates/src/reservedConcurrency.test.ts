import { describe, expect, it } from 'vitest';
import { render, resource } from './__fixtures__/template.js';

describe('reservedConcurrency', () => {
  it('reserves the function concurrency, 0 included (the function is then disabled)', () => {
    expect(resource(render({ reservedConcurrency: 25 }), 'Function').Properties.ReservedConcurrentExecutions).toBe(25);
    expect(resource(render({ reservedConcurrency: 0 }), 'Function').Properties.ReservedConcurrentExecutions).toBe(0);
    expect(resource(render(), 'Function').Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('does not publish a new version: the reservation belongs to the function, not to a version', () => {
    const description = (reserved: number | null) => resource(render({ reservedConcurrency: reserved }), 'FunctionVersion').Properties.Description;
    expect(description(25)).toBe(description(null));
    expect(description(0)).toBe(description(null));
  });
});
