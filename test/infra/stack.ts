/**
 * Builds the Chorus app the way bin/chorus.ts does (addChorus: tags, cdk-nag) with cdk.json's feature
 * flags, and synthesises it once. Each test file calls `synthChorus()` once, in beforeAll.
 *
 * Bundling is skipped unless asked for (`aws:cdk:bundling-stacks`): the template does not depend on
 * the bundle contents; bundles.test.ts asks for it and runs the bundles the synth produced.
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { addChorus } from '../../lib/chorus-app';
import type { ChorusStack } from '../../lib/chorus-stack';
import { parseStageConfig, type StageConfig, type StageContext } from '../../lib/stage-config';

export const TEST_CONTEXT = {
  stage: 'prod',
  corsOrigins: 'https://community.example.com,https://app.example.com',
  costCenter: 'CC-4711',
} as const;
export const TEST_SERVICE_VERSION = '9.8.7-test';
/** The stack that must be flagged by cdk-nag: proof that the checks ran at all. */
export const NAG_CANARY_STACK = 'NagCanary';

export interface NagViolation {
  readonly ruleName: string;
  readonly severity: string;
  readonly constructPaths: readonly string[];
}

export interface SynthesizedChorus {
  /** The cloud assembly directory (a fresh directory under the OS temp dir). */
  readonly assemblyDir: string;
  readonly config: StageConfig;
  readonly stack: ChorusStack;
  readonly template: Template;
  /** Every finding of the AwsSolutions pack left after acknowledgements, across the whole app. */
  readonly nagViolations: readonly NagViolation[];
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly {
      readonly ruleName: string;
      readonly severity: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

const featureFlags = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
};

export interface SynthOptions {
  /**
   * Bundle the functions with esbuild (NodejsFunction, CHORUS_BUNDLING) into the assembly.
   * @default false
   */
  readonly bundle?: boolean;
  /**
   * Context values that replace TEST_CONTEXT's, e.g. `{ stage: 'dev' }`.
   * @default - TEST_CONTEXT as it is (the prod stage)
   */
  readonly context?: StageContext;
}

export function synthChorus(options: SynthOptions = {}): SynthesizedChorus {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'chorus-cdk-')),
    context: {
      ...featureFlags(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      // Report nag findings in validation-report.json instead of throwing, so tests can name them.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  const config = parseStageConfig({ ...TEST_CONTEXT, ...options.context });
  const stack = addChorus(app, config, { serviceVersion: TEST_SERVICE_VERSION });
  // A plain topic (no TLS-only policy, no encryption) that AwsSolutions must report.
  new Topic(new Stack(app, NAG_CANARY_STACK), 'PlainTopic');

  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  const nagViolations = report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) =>
      plugin.violations.map((v) => ({ ruleName: v.ruleName, severity: v.severity, constructPaths: v.violatingConstructs.map((c) => c.constructPath) })),
    );
  return { assemblyDir: assembly.directory, config, stack, template, nagViolations };
}

/** The logical ID of a construct's CloudFormation resource (its default child). */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource as default child`);
  return Stack.of(resource).resolve(resource.logicalId) as string;
}

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

export interface ChorusUnderTest {
  readonly stack: ChorusStack;
  readonly template: Template;
  readonly resources: Record<string, Resource>;
  /** Every resource of a CloudFormation type, as [logical ID, resource]. */
  ofType(type: string): [string, Resource][];
  /** The IAM statements of every policy attached to the role with this logical ID. */
  statementsOfRole(roleId: string): Statement[];
}

/**
 * The app synthesised once for the calling test file (in its beforeAll; the assembly removed in its
 * afterAll), with the queries the infra tests share. Read its properties inside tests, not at import.
 */
export function synthesizeForThisFile(options: SynthOptions = {}): ChorusUnderTest {
  let synthesized: SynthesizedChorus | undefined;
  let resources: Record<string, Resource> = {};
  beforeAll(() => {
    synthesized = synthChorus(options);
    resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
  });
  afterAll(() => {
    if (synthesized) rmSync(synthesized.assemblyDir, { recursive: true, force: true });
  });
  const current = (): SynthesizedChorus => {
    if (!synthesized) throw new Error('the app is synthesised in beforeAll: read it inside a test');
    return synthesized;
  };
  const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);
  return {
    get stack() {
      return current().stack;
    },
    get template() {
      return current().template;
    },
    get resources() {
      current();
      return resources;
    },
    ofType,
    statementsOfRole: (roleId) =>
      ofType('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]),
  };
}
