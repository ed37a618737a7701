/**
 * Pre-signed GET URLs of export archives, without the S3 client. Presigning a GET is SigV4 query
 * signing and nothing else, so this signs with the SDK's own signer (`SignatureV4`) and SHA-256
 * (`Sha256` on Node's crypto, the hash the S3 client itself signs with), and the function's
 * credentials from the SDK's default provider chain, and builds the request the S3 client would have built for GetObject: the virtual-hosted address of the
 * bucket, the key's path, `x-id=GetObject` and the checksum mode the client asks for by default.
 * The URL is the one `getSignedUrl` (@aws-sdk/s3-request-presigner) returns for the same inputs and
 * clock, character for character (test/unit/members/signed-archive-urls.test.ts), and the members
 * bundle no longer carries the S3 client (~130 KB) and the presigner for it.
 */
import { partition } from '@aws-sdk/core/client';
import { Sha256 } from '@smithy/core/checksum';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import type { ArchiveUrlConfig } from '../config';
import type { ArchiveUrls } from './member-data';

/** RFC 3986 escaping, as the SDK escapes path segments and query parameters. */
const uriEscape = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A bucket name S3 serves at <bucket>.<endpoint host> (the SDK addresses such buckets virtual-hosted). */
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export interface SignedArchiveUrlOptions extends ArchiveUrlConfig {
  /** @default the SDK's default credential chain (in Lambda, the function role's credentials in its environment) */
  readonly credentials?: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** When URLs are signed. @default the current time */
  readonly clock?: () => Date;
}

export function signedArchiveUrls({
  bucket,
  region,
  endpoint,
  credentials = defaultProvider(),
  clock = () => new Date(),
}: SignedArchiveUrlOptions): ArchiveUrls {
  if (!VIRTUAL_HOSTABLE.test(bucket))
    throw new Error(`export bucket ${bucket} cannot be addressed virtual-hosted: signed URLs need a DNS-compatible name without dots`);
  // S3's regional endpoint in the region's partition (amazonaws.com, amazonaws.com.cn, ...), from the SDK's partition table.
  const base = new URL(endpoint ?? `https://s3.${region}.${partition(region).dnsSuffix}`);
  const signer = new SignatureV4({ service: 's3', region, credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const hostname = `${bucket}.${base.hostname}`;
  const host = base.port ? `${hostname}:${base.port}` : hostname;
  return {
    async urlOf(key, seconds) {
      const path = `${base.pathname.replace(/\/$/, '')}/${key
        .split('/')
        .map((segment) => uriEscape(segment))
        .join('/')}`;
      const signed = await signer.presign(
        {
          method: 'GET',
          protocol: base.protocol,
          hostname,
          ...(base.port ? { port: Number(base.port) } : {}),
          path,
          query: { 'x-id': 'GetObject' },
          headers: { host, 'x-amz-checksum-mode': 'ENABLED', 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        },
        { expiresIn: seconds, signingDate: clock(), unsignableHeaders: new Set(['content-type']) },
      );
      const parameters = signed.query ?? {};
      const query = Object.keys(parameters)
        .sort()
        .map((name) => `${uriEscape(name)}=${uriEscape(String(parameters[name]))}`)
        .join('&');
      return `${base.protocol}//${host}${path}?${query}`;
    },
  };
}
