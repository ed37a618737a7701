/**
 * The user pool's post-confirmation trigger: attached to the pool, allowed exactly one call
 * (AdminAddUserToGroup on this pool). A dependency cycle between pool and function (a grant on the
 * role's default policy would make one) fails every test here: the assertions' Template refuses an
 * undeployable template.
 */
import { rmSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, synthChorus } from './stack';

type Resource = { Type: string; Properties: Record<string, any> };

let stack: ChorusStack;
let template: Template;
let resources: Record<string, Resource>;
let assemblyDir: string;

beforeAll(() => {
  ({ stack, template, assemblyDir } = synthChorus());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

/** Every logical id a value refers to (Ref, Fn::GetAtt), however deep. */
function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') found.add(v);
      else if (key === 'Fn::GetAtt' && Array.isArray(v)) found.add(String(v[0]));
      else referencesIn(v, found);
    }
  }
  return found;
}

test('the pool runs the trigger function after each confirmation', () => {
  const poolId = logicalIdOf(stack.userPool.userPool);
  const fnId = logicalIdOf(stack.userPool.postConfirmation);

  expect(resources[poolId]?.Properties.LambdaConfig).toMatchObject({ PostConfirmation: { 'Fn::GetAtt': [fnId, 'Arn'] } });
  template.hasResourceProperties('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
    Principal: 'cognito-idp.amazonaws.com',
    SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
  });
});

test("the trigger's role may add accounts of this pool to groups and do nothing else with Cognito", () => {
  const poolId = logicalIdOf(stack.userPool.userPool);
  const roleId = logicalIdOf(stack.userPool.postConfirmation.role);
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && referencesIn(r.Properties.Roles).has(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const cognito = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')));

  expect(cognito).toEqual([{ Effect: 'Allow', Action: 'cognito-idp:AdminAddUserToGroup', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } }]);
  // Besides it: its own log group and X-Ray (the house function's defaults), nothing on the table or the lake.
  const others = statements.flatMap((s) => [s.Action].flat()).filter((a) => !a.startsWith('cognito-idp:'));
  expect(others.every((a) => a.startsWith('logs:') || a.startsWith('xray:'))).toBe(true);
});

test('the pool copies custom:team into access tokens (V2 trigger), and the app client cannot write it', () => {
  const poolId = logicalIdOf(stack.userPool.userPool);
  const fnId = logicalIdOf(stack.userPool.preTokenGeneration);
  expect(resources[poolId]?.Properties.LambdaConfig.PreTokenGenerationConfig).toEqual({ LambdaArn: { 'Fn::GetAtt': [fnId, 'Arn'] }, LambdaVersion: 'V2_0' });
  expect(resources[poolId]?.Properties.Schema).toEqual(
    expect.arrayContaining([expect.objectContaining({ Name: 'team', Mutable: true, AttributeDataType: 'String' })]),
  );
  const client = Object.values(resources).find((r) => r.Type === 'AWS::Cognito::UserPoolClient');
  expect(client?.Properties.WriteAttributes).toEqual(['email']);
});
