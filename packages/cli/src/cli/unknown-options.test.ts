import { describe, expect, it } from 'vitest';
import { describeUnknownFlags, findUnknownFlags, namedIn } from './unknown-options.js';

/** The shape yargs' getOptions() has for `tsappa tail`: its own options and the global ones. */
const TAIL = {
  key: { help: true, version: true, config: true, json: true, yes: true, quiet: true, verbose: true, since: true, filter: true, follow: true, 'bundle-aws-sdk': true },
  alias: { yes: ['y'], quiet: ['q'], help: ['h'], stage: [] },
};

describe('findUnknownFlags', () => {
  it('suggests the option a misspelled flag most likely meant', () => {
    expect(findUnknownFlags(['dev', '--folow'], TAIL)).toEqual([{ typed: '--folow', name: 'folow', suggestion: '--follow' }]);
    expect(findUnknownFlags(['dev', '--sinse=1h'], TAIL)).toEqual([{ typed: '--sinse', name: 'sinse', suggestion: '--since' }]);
  });

  it('keeps the negation in the suggestion', () => {
    expect(findUnknownFlags(['--no-folow'], TAIL)).toEqual([{ typed: '--no-folow', name: 'folow', suggestion: '--no-follow' }]);
  });

  it('accepts every form yargs accepts: aliases, camelCase, negations, values', () => {
    expect(findUnknownFlags(['-y', '-qh', '--no-follow', '--bundleAwsSdk', '--since=1h', '--config', 'x.json', '--JSON'], TAIL).map((f) => f.typed)).toEqual(['--JSON']);
  });

  it('matches a camelCase typo against the kebab-case option', () => {
    expect(findUnknownFlags(['--bundleAwsSdkk'], TAIL)[0]?.suggestion).toBe('--bundle-aws-sdk');
  });

  it('offers nothing when no option is close, and never guesses for single letters', () => {
    expect(findUnknownFlags(['--region'], TAIL)).toEqual([{ typed: '--region', name: 'region' }]);
    expect(findUnknownFlags(['-z'], TAIL)).toEqual([{ typed: '-z', name: 'z' }]);
  });

  it('ignores values that look like numbers and everything after --', () => {
    expect(findUnknownFlags(['-1', '--', '--anything'], TAIL)).toEqual([]);
  });
});

describe('namedIn', () => {
  it('finds the name yargs reports, whole words only', () => {
    const flag = { typed: '--folow', name: 'folow' };
    expect(namedIn('Unknown argument: folow', flag)).toBe(true);
    expect(namedIn('Unknown arguments: x, folow', flag)).toBe(true);
    expect(namedIn('Unknown argument: folowing', flag)).toBe(false);
  });
});

describe('describeUnknownFlags', () => {
  it('says what was typed and what was meant, in one line', () => {
    expect(describeUnknownFlags([{ typed: '--analyse', name: 'analyse', suggestion: '--analyze' }])).toBe('unknown option --analyse (did you mean --analyze?)');
    expect(describeUnknownFlags([{ typed: '--a', name: 'a', suggestion: '--b' }, { typed: '-z', name: 'z' }])).toBe('unknown options --a (did you mean --b?), -z');
  });
});
