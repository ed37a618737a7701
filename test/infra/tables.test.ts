/**
 * What becomes of the tables when the stack lets go of them, per stage: prod retains and protects
 * them, a dev stack may destroy them; either way under the same logical IDs.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { rmSync } from 'node:fs';
import { CommunityTable, IdempotencyTable } from '../../lib/constructs/community-table';
import { TABLE_PROTECTION } from '../../lib/stage-config';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, synthChorus, type NagViolation } from './stack';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

describe('a dev stack', () => {
  let dev: ChorusStack;
  let resources: Record<string, Resource>;
  let nagViolations: readonly NagViolation[];
  let assemblyDir: string;

  beforeAll(() => {
    const synthesized = synthChorus({ context: { stage: 'dev' } });
    ({ stack: dev, nagViolations, assemblyDir } = synthesized);
    resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
  });
  afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

  test.each([
    ['community', 'CommunityTableD43226C7'],
    ['idempotency', 'IdempotencyTableE9369C9C'],
  ] as const)('may destroy the %s table with the stack, which keeps its logical ID %s', (name, logicalId) => {
    const table = name === 'community' ? dev.communityTable.table : dev.idempotencyTable.table;
    expect(logicalIdOf(table)).toBe(logicalId);
    const resource = resources[logicalId]!;
    expect({ deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy, protection: resource.Properties.DeletionProtectionEnabled }).toEqual({
      deletion: 'Delete',
      replace: 'Delete',
      protection: false,
    });
  });

  test('has no unacknowledged cdk-nag finding either', () => {
    expect(nagViolations.filter((v) => v.constructPaths.some((path) => path.startsWith(`${dev.stackName}/`)))).toEqual([]);
  });
});

describe('TABLE_PROTECTION', () => {
  test('prod retains its tables and refuses their deletion; dev may destroy them', () => {
    expect(TABLE_PROTECTION).toEqual({
      prod: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true },
      dev: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false },
    });
  });
});

describe('the table constructs', () => {
  const tableIn = (build: (stack: Stack) => void): Resource => {
    const stack = new Stack(new App(), 'Tables');
    build(stack);
    const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')) as Resource[];
    return table!;
  };

  const constructs = [
    ['CommunityTable', CommunityTable],
    ['IdempotencyTable', IdempotencyTable],
  ] as const;

  test.each(constructs)('%s is retained and deletion-protected when no props say otherwise', (_name, Construct) => {
    const table = tableIn((stack) => new Construct(stack, 'Table'));
    expect([table.DeletionPolicy, table.Properties.DeletionProtectionEnabled]).toEqual(['Retain', true]);
  });

  test.each(constructs)('%s refuses a deletion-protected table that the stack would destroy', (_name, Construct) => {
    expect(() => tableIn((stack) => new Construct(stack, 'Table', { removalPolicy: RemovalPolicy.DESTROY }))).toThrow(
      'deletionProtection must be false when removalPolicy is DESTROY',
    );
    const destroyed = tableIn((stack) => new Construct(stack, 'Table', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }));
    expect(destroyed.DeletionPolicy).toBe('Delete');
  });

  test('refuses a snapshot removal policy, which DynamoDB tables do not have', () => {
    const snapshot = () => tableIn((stack) => new CommunityTable(stack, 'Table', { removalPolicy: RemovalPolicy.SNAPSHOT }));
    expect(snapshot).toThrow(/^removalPolicy must be one of .*, got snapshot$/);
  });
});
