/**
 * From a settings file's contents to one stage's resolved settings: validate every stage,
 * follow `extends`, fill defaults, check the rules across keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedSettings } from '@tsappa/templates';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { applyDefaults, type ParsedStage, type StageContext } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import { SettingsError, describeValue, type SettingsProblem } from './errors.js';
import { extendsChain, mergeChain } from './extends.js';
import { problemsFromIssues } from './issues.js';
import { checkRules } from './rules.js';
import { STAGE_KEYS, STAGE_NAME, stageSchema } from './schema.js';
import type { SettingsFile } from './load-file.js';

export interface ResolvedStage {
  settings: ResolvedSettings;
  /** problems that do not stop the command (print them with formatProblem) */
  warnings: SettingsProblem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems in the order their keys are written in the stage. */
function inFileOrder(problems: SettingsProblem[], stage: Record<string, unknown>): SettingsProblem[] {
  const order = Object.keys(stage);
  const rank = (p: SettingsProblem) => {
    const index = order.indexOf(p.path.split(/[.[]/)[0] ?? '');
    return index === -1 ? order.length : index;
  };
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

/** Checks the file's shape and every stage in it; returns the stages or throws every problem. */
export function validateStages(source: SettingsFile): Record<string, Record<string, unknown>> {
  const { file, contents } = source;
  if (!isPlainObject(contents)) {
    throw new SettingsError([{ file, stage: null, path: '', message: `expected an object of named stages, found ${describeValue(contents)}` }]);
  }
  const problems: SettingsProblem[] = [];
  // no prototype: a stage named like an Object.prototype key stays a plain entry
  const stages: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  for (const [name, stage] of Object.entries(contents)) {
    if (STAGE_KEYS.includes(name)) {
      problems.push({ file, stage: null, path: name, message: `expected a stage name at the top level, found the setting "${name}": put settings inside a stage such as "dev"` });
      continue;
    }
    if (!STAGE_NAME.test(name)) {
      problems.push({ file, stage: name, path: '', message: 'expected a stage name of letters, digits, "-" and "_"' });
      continue;
    }
    if (!isPlainObject(stage)) {
      problems.push({ file, stage: name, path: '', message: `expected an object of settings, found ${describeValue(stage)}` });
      continue;
    }
    const parsed = stageSchema.safeParse(stage, { reportInput: true });
    if (!parsed.success) problems.push(...inFileOrder(problemsFromIssues(parsed.error.issues, stageSchema, { file, stage: name }), stage));
    stages[name] = stage;
  }
  for (const name of Object.keys(stages)) {
    const result = extendsChain(stages, name, file);
    if ('problem' in result && !problems.some((p) => p.stage === result.problem.stage && p.message === result.problem.message)) {
      problems.push(result.problem);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return stages;
}

/** The stage to use: the one named, or the only one. */
export function pickStage(stages: Record<string, unknown>, requested: string | undefined, file: string): string {
  const names = Object.keys(stages);
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    const suggestion = didYouMean(requested, names);
    throw new SettingsError([
      {
        file,
        stage: requested,
        path: '',
        message: `expected one of the stages in this file (${names.join(', ') || 'none'}), found no stage "${requested}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      },
    ]);
  }
  if (names.length === 1 && names[0]) return names[0];
  throw new SettingsError([
    { file, stage: null, path: '', message: `expected a stage argument: this file has ${names.length === 0 ? 'no stages' : `several (${names.join(', ')})`}` },
  ]);
}

function readPackageName(projectDir: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : null;
  } catch {
    return null;
  }
}

/** AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region in the shared config files. */
export async function ambientRegion(profile: string | null): Promise<string | null> {
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  try {
    const { configFile, credentialsFile } = await loadSharedConfigFiles();
    const name = profile ?? process.env.AWS_PROFILE ?? 'default';
    return configFile[name]?.region ?? credentialsFile[name]?.region ?? null;
  } catch {
    return null;
  }
}

/** Resolves one stage of a settings file, with every default filled in. */
export async function resolveStage(source: SettingsFile, requested: string | undefined): Promise<ResolvedStage> {
  const stages = validateStages(source);
  const stage = pickStage(stages, requested, source.file);
  const chain = extendsChain(stages, stage, source.file);
  if ('problem' in chain) throw new SettingsError([chain.problem]);
  const merged = stageSchema.parse(mergeChain(stages, chain.chain)) as ParsedStage;

  const profile = merged.profile ?? null;
  const region = merged.awsRegion ?? (await ambientRegion(profile));
  const context: StageContext = {
    stage,
    configFile: source.file,
    projectDir: source.projectDir,
    packageName: readPackageName(source.projectDir),
    ambientRegion: () => region,
  };
  if (!region) {
    throw new SettingsError([
      { file: source.file, stage, path: 'awsRegion', message: 'expected a region, found none in the settings, AWS_REGION or the AWS profile' },
    ]);
  }
  const settings = applyDefaults(merged, context, region);
  const { errors, warnings } = checkRules(settings, new Set(Object.keys(merged)));
  if (errors.length > 0) {
    throw new SettingsError(errors.map((e) => ({ file: source.file, stage, path: e.path, message: e.message })));
  }
  return {
    settings,
    warnings: warnings.map((w) => ({ file: source.file, stage, path: w.path, message: w.message })),
  };
}
