/**
 * The members API signs archive URLs without the S3 client (lambdas/members/signed-archive-urls.ts):
 * each URL must be the one the SDK's presigner returns for a GetObject of the same object, with the
 * same credentials, region, endpoint and clock. Signing is local: no request is sent.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { readArchiveUrlConfig } from '../../../lambdas/config';
import { signedArchiveUrls } from '../../../lambdas/members/signed-archive-urls';

const SIGNED_AT = new Date('2026-11-30T20:15:42.000Z');
const ROLE_CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/token+with=padding',
};

async function presignerUrl(input: { bucket: string; key: string; region: string; endpoint?: string; seconds: number }, credentials = ROLE_CREDENTIALS) {
  const client = new S3Client({ region: input.region, credentials, ...(input.endpoint ? { endpoint: input.endpoint } : {}) });
  try {
    return await getSignedUrl(client, new GetObjectCommand({ Bucket: input.bucket, Key: input.key }), { expiresIn: input.seconds, signingDate: SIGNED_AT });
  } finally {
    client.destroy();
  }
}

// The SDK client reads the endpoint variables (the integration suites' setup sets them for every project): compare
// against S3 itself unless a case gives an endpoint, as the adapter's own config does.
const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const;
const saved = Object.fromEntries(ENDPOINT_VARIABLES.map((name) => [name, process.env[name]]));
beforeAll(() => {
  for (const name of ENDPOINT_VARIABLES) delete process.env[name];
});
afterAll(() => {
  for (const name of ENDPOINT_VARIABLES) if (saved[name] !== undefined) process.env[name] = saved[name];
});

describe('signed archive URLs', () => {
  it.each([
    { case: "S3's regional endpoint", region: 'eu-west-1', endpoint: undefined },
    { case: 'us-east-1', region: 'us-east-1', endpoint: undefined },
    { case: 'another partition', region: 'cn-north-1', endpoint: undefined },
    { case: 'a local endpoint with a port (the emulator)', region: 'eu-west-1', endpoint: 'http://s3.localhost:4566' },
  ])('equal the presigner URL of a GetObject, character for character: $case', async ({ region, endpoint }) => {
    const object = { bucket: 'chorus-member-exports-1a2b3c', key: 'exports/01JDWQ8V6M3K2ZP7Y5F4X9A0BC.json', region, seconds: 900 };
    const expected = await presignerUrl({ ...object, ...(endpoint ? { endpoint } : {}) });

    const url = await signedArchiveUrls({ bucket: object.bucket, region, endpoint, credentials: ROLE_CREDENTIALS, clock: () => SIGNED_AT }).urlOf(
      object.key,
      object.seconds,
    );

    expect(url).toBe(expected);
  });

  it('escape a key the way the presigner does (spaces, reserved and non-ASCII characters), keeping its slashes', async () => {
    const object = { bucket: 'chorus-member-exports-1a2b3c', key: "exports/a b+c!'(*)~é/ü=&.json", region: 'eu-west-1', seconds: 60 };
    const expected = await presignerUrl(object);

    const url = await signedArchiveUrls({ ...object, endpoint: undefined, credentials: ROLE_CREDENTIALS, clock: () => SIGNED_AT }).urlOf(
      object.key,
      object.seconds,
    );

    expect(url).toBe(expected);
  });

  it('sign with long-term keys too (no session token in the URL), and with the credentials a provider resolves', async () => {
    const keys = { accessKeyId: 'AKIAEXAMPLEEXAMPLE02', secretAccessKey: 'another/secret+key' };
    const object = { bucket: 'chorus-member-exports-1a2b3c', key: 'exports/x.json', region: 'eu-central-1', seconds: 300 };
    const expected = await presignerUrl(object, keys as typeof ROLE_CREDENTIALS);

    const url = await signedArchiveUrls({ ...object, endpoint: undefined, credentials: async () => keys, clock: () => SIGNED_AT }).urlOf(
      object.key,
      object.seconds,
    );

    expect(url).toBe(expected);
    expect(new URL(url).searchParams.has('X-Amz-Security-Token')).toBe(false);
  });

  it('take the bucket, region and endpoint the function is given, the endpoint as the SDK reads it', () => {
    const lambda = { EXPORT_BUCKET: 'chorus-member-exports-1a2b3c', AWS_REGION: 'eu-west-1' };

    expect(readArchiveUrlConfig(lambda)).toEqual({ bucket: lambda.EXPORT_BUCKET, region: 'eu-west-1', endpoint: undefined });
    expect(readArchiveUrlConfig({ ...lambda, AWS_ENDPOINT_URL: 'http://localhost:1', AWS_ENDPOINT_URL_S3: 'http://s3.localhost:2' }).endpoint).toBe(
      'http://s3.localhost:2',
    );
    expect(readArchiveUrlConfig({ ...lambda, AWS_ENDPOINT_URL: 'http://localhost:1' }).endpoint).toBe('http://localhost:1');
    expect(() => readArchiveUrlConfig({ AWS_REGION: 'eu-west-1' })).toThrow('missing required environment variable EXPORT_BUCKET');
  });

  it('refuse a bucket the presigner would address path-style (dots in its name) rather than sign a URL S3 would not serve', () => {
    expect(() => signedArchiveUrls({ bucket: 'exports.example.com', region: 'eu-west-1', endpoint: undefined, credentials: ROLE_CREDENTIALS })).toThrow(
      'cannot be addressed virtual-hosted',
    );
  });
});
