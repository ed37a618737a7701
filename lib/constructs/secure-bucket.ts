import { BlockPublicAccess, Bucket, BucketEncryption, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * Everything a bucket may be given except what makes it secure, which `SecureBucket` fixes. See
 * BucketProps for each; the defaults are the Bucket's.
 */
export type SecureBucketProps = Omit<BucketProps, 'encryption' | 'encryptionKey' | 'blockPublicAccess' | 'enforceSSL' | 'publicReadAccess'>;

/**
 * A bucket no one reaches from outside or in clear text: S3-managed encryption, every public access
 * blocked, requests without TLS denied by the bucket policy. Every Chorus bucket is one.
 */
export class SecureBucket extends Bucket {
  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id, {
      ...props,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
  }
}
