/**
 * The Chorus CDK app. The stage's settings enter here, from context, and nowhere else:
 *
 *   npx cdk synth -c stage=dev
 *   npx cdk deploy -c stage=prod -c corsOrigins=https://community.example.com -c costCenter=CC-1234 -c alarmEmail=ops@example.com
 */
import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { acknowledgedRules, addChorus } from '../lib/chorus-app';
import { parseStageConfig, StageConfigError } from '../lib/stage-config';

const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key);

try {
  const config = parseStageConfig({
    stage: context('stage'),
    corsOrigins: context('corsOrigins'),
    costCenter: context('costCenter'),
    alarmEmail: context('alarmEmail'),
    monthlyBudgetUsd: context('monthlyBudgetUsd'),
    budgetActualThresholds: context('budgetActualThresholds'),
    budgetForecastThresholds: context('budgetForecastThresholds'),
    budgetEmails: context('budgetEmails'),
  });
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const stack = addChorus(app, config, { serviceVersion: version });
  // Synthesising here rather than on exit lets the app say the checks passed: a finding nobody
  // acknowledged fails synth with the validation report, so reaching the next line means none.
  app.synth();
  const acknowledged = acknowledgedRules(app);
  console.error(
    `${stack.stackName}: cdk-nag AwsSolutions checks passed (${acknowledged.length} findings acknowledged with a reason: Validations.of(...).acknowledge in lib/)`,
  );
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(`chorus: ${error.message}`);
  process.exit(1);
}
