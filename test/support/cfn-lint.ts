/**
 * cfn-lint, AWS's CloudFormation linter, over a generated template. Under `CI=true` a missing
 * cfn-lint is a failure; elsewhere callers skip with the printed reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function cfnLintAvailable(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { ok: false, reason: 'cfn-lint is not on PATH (install it with: pip install cfn-lint)' };
  }
  return { ok: true };
}

export interface LintResult {
  errors: { rule: string; message: string; path: string }[];
  warnings: { rule: string; message: string; path: string }[];
}

/** Lints one template (an object); returns its errors and warnings as data. */
export function cfnLint(template: unknown, regions: string[] = ['us-east-1']): LintResult {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-cfn-lint-'));
  const file = join(dir, 'template.json');
  try {
    writeFileSync(file, JSON.stringify(template, null, 2));
    const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', ...regions, '--', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    const findings = JSON.parse(run.stdout || '[]') as {
      Rule: { Id: string };
      Level: string;
      Message: string;
      Location: { Path?: (string | number)[] };
    }[];
    const toFinding = (f: (typeof findings)[number]) => ({
      rule: f.Rule.Id,
      message: f.Message,
      path: (f.Location.Path ?? []).join('/'),
    });
    return {
      errors: findings.filter((f) => f.Level === 'Error').map(toFinding),
      warnings: findings.filter((f) => f.Level === 'Warning').map(toFinding),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
