import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseStageConfig, StageConfigError } from '../../lib/stage-config';

const valid = { stage: 'dev', corsOrigins: 'https://community.example.com', costCenter: 'CC-4711' };

describe('parseStageConfig', () => {
  test('reads a comma-separated origin list from -c corsOrigins, trimmed and deduplicated', () => {
    const config = parseStageConfig({ ...valid, corsOrigins: 'https://a.example.com, https://b.example.com,https://a.example.com' });
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
  });

  test('accepts an origin list given as an array in cdk.json', () => {
    expect(parseStageConfig({ ...valid, corsOrigins: ['https://a.example.com'] }).corsOrigins).toEqual(['https://a.example.com']);
  });

  test('allows plain http only for localhost', () => {
    expect(parseStageConfig({ ...valid, corsOrigins: 'http://localhost:3000' }).corsOrigins).toEqual(['http://localhost:3000']);
    expect(() => parseStageConfig({ ...valid, corsOrigins: 'http://community.example.com' })).toThrow(/must use https/);
  });

  test('rejects an origin with a path, naming it', () => {
    expect(() => parseStageConfig({ ...valid, corsOrigins: 'https://a.example.com/app' })).toThrow(
      'bare origins (scheme, host, port; no path or query), got "https://a.example.com/app"',
    );
  });

  test('rejects an unknown stage, saying which ones exist', () => {
    expect(() => parseStageConfig({ ...valid, stage: 'staging' })).toThrow(
      new StageConfigError('stage must be one of dev, prod (cdk -c stage=dev), got "staging"'),
    );
  });

  test('requires origins and a cost center', () => {
    expect(() => parseStageConfig({ ...valid, corsOrigins: ' , ' })).toThrow(/corsOrigins must list at least one origin/);
    expect(() => parseStageConfig({ ...valid, costCenter: undefined })).toThrow(/costCenter must be a non-empty tag value/);
  });

  test('takes an alarm e-mail only if it looks like one', () => {
    expect(parseStageConfig({ ...valid, alarmEmail: 'ops@example.com' }).alarmEmail).toBe('ops@example.com');
    expect(parseStageConfig(valid).alarmEmail).toBeUndefined();
    expect(() => parseStageConfig({ ...valid, alarmEmail: 'ops' })).toThrow('alarmEmail must be an e-mail address, got "ops"');
  });
});

describe('bin/chorus.ts', () => {
  test('exits with the validation message, not a stack trace, when the stage is wrong', async () => {
    const app = fileURLToPath(new URL('../../bin/chorus.ts', import.meta.url));
    const outcome = await promisify(execFile)(process.execPath, ['--import', 'tsx', app], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      // How the CDK CLI hands -c values to the app.
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...valid, stage: 'qa' }), CDK_OUTDIR: '/nonexistent' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(outcome).toEqual({ code: 1, stderr: 'chorus: stage must be one of dev, prod (cdk -c stage=dev), got "qa"\n' });
    // A child process loading the CDK app through tsx: seconds on a busy 2-core machine.
  }, 30_000);
});
