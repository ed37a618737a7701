/**
 * S3 behind the CompactableLake port (list, read back, delete): the compactor's alone, so the
 * archiver's bundle carries only PutObject.
 */
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { CompactableLake, LakeObject } from './ports';
import { s3LakeStore } from './s3-lake-store';

/** DeleteObjects takes at most 1,000 keys a request. */
const DELETE_BATCH = 1000;

export const s3CompactableLake = (client: S3Client, bucket: string): CompactableLake => ({
  ...s3LakeStore(client, bucket),
  async list(prefix) {
    const objects: LakeObject[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, bytes: o.Size ?? 0 });
      token = page.NextContinuationToken;
    } while (token);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  },
  async get(key) {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body!.transformToByteArray();
  },
  async delete(keys) {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const out = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + DELETE_BATCH).map((Key) => ({ Key })), Quiet: true } }),
      );
      // DeleteObjects answers 200 with per-key errors: an object that could not be deleted is a failed run (the next one retries).
      if (out.Errors && out.Errors.length > 0)
        throw new Error(`S3 kept ${out.Errors.length} of ${keys.length} objects: ${out.Errors[0]!.Key} ${out.Errors[0]!.Code}`);
    }
  },
});
