/**
 * The S3 client of this container, created once at module scope. The endpoint comes from the SDK's
 * own configuration (AWS_ENDPOINT_URL_S3 locally); the local runtime instruments this instance
 * through its middleware stack.
 */
import { S3Client } from '@aws-sdk/client-s3';

export const s3Client = new S3Client({});
