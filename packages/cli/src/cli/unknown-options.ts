/**
 * "did you mean" for misspelled flags. yargs' strict mode rejects an unknown flag but only names
 * it ("Unknown argument: analyse"); this finds the flags as typed and the option each most likely
 * meant, among the options the command really takes.
 */
import { didYouMean } from '../settings/did-you-mean.js';

/** The part of yargs' `getOptions()` this reads: every option's key and its aliases. */
export interface KnownOptions {
  key: Record<string, unknown>;
  alias: Record<string, readonly string[]>;
}

export interface UnknownFlag {
  /** as typed, without a value: `--analyse`, `--no-folow`, `-z` */
  typed: string;
  /** the name yargs reports: `analyse`, `folow`, `z` */
  name: string;
  /** the flag it most likely meant, as it should be typed: `--analyze`, `--no-follow` */
  suggestion?: string;
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function knownNames(known: KnownOptions): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => {
    names.add(name);
    names.add(kebab(name));
    names.add(camel(name));
  };
  for (const key of Object.keys(known.key)) add(key);
  for (const [key, aliases] of Object.entries(known.alias)) {
    add(key);
    for (const alias of aliases) add(alias);
  }
  return names;
}

/** The long options worth suggesting, in the kebab-case form users type. */
function suggestible(known: KnownOptions): string[] {
  const long = [...Object.keys(known.key), ...Object.values(known.alias).flat()].filter((name) => name.length > 1);
  return [...new Set(long.map(kebab))];
}

/** The flags in `args` (up to a `--`), each with the name yargs would give it. */
function typedFlags(args: readonly string[]): { typed: string; name: string; negated: boolean; short: boolean }[] {
  const flags: { typed: string; name: string; negated: boolean; short: boolean }[] = [];
  for (const arg of args) {
    if (arg === '--') break;
    const long = /^--([^=]+)/.exec(arg);
    if (long?.[1]) {
      const negated = long[1].startsWith('no-') && long[1].length > 3;
      flags.push({ typed: `--${long[1]}`, name: negated ? long[1].slice(3) : long[1], negated, short: false });
      continue;
    }
    const short = /^-([A-Za-z]+)$/.exec(arg);
    if (short?.[1]) for (const letter of short[1]) flags.push({ typed: `-${letter}`, name: letter, negated: false, short: true });
  }
  return flags;
}

/** The flags in `args` that none of the `known` options (keys, aliases, their camelCase and `no-` forms) accepts. */
export function findUnknownFlags(args: readonly string[], known: KnownOptions): UnknownFlag[] {
  const names = knownNames(known);
  const candidates = suggestible(known);
  const unknown: UnknownFlag[] = [];
  for (const flag of typedFlags(args)) {
    if (names.has(flag.name) || (flag.negated && names.has(`no-${flag.name}`))) continue;
    const meant = flag.short ? null : didYouMean(kebab(flag.name), candidates);
    unknown.push({ typed: flag.typed, name: flag.name, ...(meant ? { suggestion: `--${flag.negated ? 'no-' : ''}${meant}` } : {}) });
  }
  return unknown;
}

/** Whether yargs' failure `message` names `flag` (names are never translated, the message may be). */
export function namedIn(message: string, flag: UnknownFlag): boolean {
  const escaped = flag.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s,:"'])${escaped}($|[\\s,."'])`).test(message);
}

/** `unknown option --analyse (did you mean --analyze?)`; several are listed in one line. */
export function describeUnknownFlags(flags: readonly UnknownFlag[]): string {
  const each = flags.map((flag) => (flag.suggestion ? `${flag.typed} (did you mean ${flag.suggestion}?)` : flag.typed));
  return `unknown option${flags.length > 1 ? 's' : ''} ${each.join(', ')}`;
}
