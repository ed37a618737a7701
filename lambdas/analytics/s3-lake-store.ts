/**
 * S3 behind the LakeStore port. A module of its own so the functions that only queue events do not
 * carry the S3 client in their bundle.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LakeStore } from './ports';

export const s3LakeStore = (client: S3Client, bucket: string): LakeStore => ({
  async put(key, body, contentType) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  },
});
