import { Tags, Validations, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChorusStack } from './chorus-stack';
import type { StageConfig } from './stage-config';

export interface ChorusAppOptions {
  /** Reported by GET /v1/health. */
  readonly serviceVersion: string;
}

/**
 * Adds the Chorus stack of `config.stage` to `app` with the governance every deployment carries:
 * the cost-allocation tags and the cdk-nag AwsSolutions checks. bin/chorus.ts and the infra tests
 * both build the app through this, so the tests check what is deployed.
 */
export function addChorus(app: App, config: StageConfig, options: ChorusAppOptions): ChorusStack {
  const tags = { Project: 'chorus', Environment: config.stage, CostCenter: config.costCenter };

  const stack = new ChorusStack(app, `Chorus-${config.stage}`, {
    description: `Chorus community backend (${config.stage})`,
    config,
    serviceVersion: options.serviceVersion,
    terminationProtection: config.stage === 'prod',
    // Stack tags reach resources CloudFormation tags itself; Tags.of reaches the template.
    tags,
  });
  for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/**
 * The cdk-nag rules acknowledged under `scope` (Validations.of(x).acknowledge, each with its reason),
 * one per construct and rule: what a passing synth accepted rather than fixed.
 */
export function acknowledgedRules(scope: IConstruct): { readonly path: string; readonly rule: string; readonly reason: string }[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))),
    );
}
