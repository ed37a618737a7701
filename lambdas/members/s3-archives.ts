/** Export archives in S3: written by the worker, deleted by erasure (the API signs their URLs: signed-archive-urls.ts). */
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Archives } from './member-data';

export function s3Archives(client: S3Client, bucket: string): Archives {
  return {
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json; charset=utf-8' }));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
