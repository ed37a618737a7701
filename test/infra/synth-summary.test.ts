/** What `cdk synth` says once the checks pass: how many cdk-nag findings were acknowledged rather than fixed. */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { acknowledgedRules } from '../../lib/chorus-app';

it('lists every acknowledged rule with its construct and reason, and nothing else', () => {
  // Prepare
  const app = new App();
  const stack = new Stack(app, 'Acknowledging');
  const topic = new Topic(stack, 'Plain');
  new Topic(stack, 'Untouched');
  Validations.of(topic).acknowledge(
    { id: 'AwsSolutions-SNS2', reason: 'test: no encryption needed' },
    { id: 'AwsSolutions-SNS3', reason: 'test: no TLS policy needed' },
  );

  // Act
  const acknowledged = acknowledgedRules(app);

  // Assess
  expect(acknowledged).toHaveLength(2);
  expect(acknowledged).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: 'Acknowledging/Plain', reason: 'test: no encryption needed', rule: expect.stringContaining('SNS2') }),
    ]),
  );
});
