import type { IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

export interface EncryptedTopicProps {
  /** The sender shown on e-mail notifications, e.g. 'Chorus alarms'. */
  readonly displayName: string;
  /**
   * Description of the topic's customer-managed key.
   * @default `Encrypts the ${displayName} topic`
   */
  readonly keyDescription?: string;
  /**
   * AWS services that publish to the topic (CloudWatch alarms, AWS Budgets). The key lets each of them
   * encrypt; conditions on the principal (aws:SourceAccount) carry over to the key policy. A service
   * that also needs the topic policy (Budgets does, alarms do not) is given `grantPublish` by its owner.
   * @default - none
   */
  readonly publishingServices?: readonly IPrincipal[];
  /**
   * Addresses e-mailed every message; each confirms the subscription from the first mail.
   * @default - none; subscribe another way
   */
  readonly emailSubscribers?: readonly string[];
}

/**
 * An SNS topic encrypted with its own rotating customer-managed key (AWS services can only publish
 * to an encrypted topic whose key lets them, which the AWS-managed SNS key never does), TLS only.
 */
export class EncryptedTopic extends Topic {
  declare readonly masterKey: IKey;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    if (props.displayName.trim() === '' || props.displayName.length > 100) {
      throw new Error(`displayName must be 1 to 100 characters, got ${JSON.stringify(props.displayName)}`);
    }
    // The topic's constructor takes the key, so the key is its sibling (`<id>Key`).
    const key = new Key(scope, `${id}Key`, {
      description: props.keyDescription ?? `Encrypts the ${props.displayName} topic`,
      enableKeyRotation: true,
    });
    for (const service of props.publishingServices ?? []) key.grant(service, 'kms:Decrypt', 'kms:GenerateDataKey*');

    super(scope, id, { displayName: props.displayName, masterKey: key, enforceSSL: true });
    for (const email of props.emailSubscribers ?? []) this.addSubscription(new EmailSubscription(email));
  }
}
