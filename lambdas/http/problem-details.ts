/**
 * Errors to RFC 9457 problem responses, written once. Known failures are described by
 * error-mapping.ts; anything else is a bug, logged with its stack and answered as a bare 500 that
 * leaks nothing.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemOf } from './error-mapping';
import { logger } from './logger';
import { SECURITY_HEADERS } from './responses';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemResponse(
  error: unknown,
  event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'requestContext' | 'headers'>,
): APIGatewayProxyStructuredResultV2 {
  const instance = event.rawPath;
  const problem = problemOf(error, event.headers ?? {});
  if (problem) {
    return {
      statusCode: problem.status,
      headers: { ...SECURITY_HEADERS, ...problem.headers, 'content-type': PROBLEM_CONTENT_TYPE },
      body: JSON.stringify({
        type: `urn:chorus:problem:${problem.slug}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extensions,
      }),
    };
  }
  logger.error('unhandled error', error as Error);
  return {
    statusCode: 500,
    headers: { ...SECURITY_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: 'urn:chorus:problem:internal',
      title: 'Internal error',
      status: 500,
      detail: `the request could not be completed; quote reference ${event.requestContext?.requestId ?? 'unknown'} when reporting it`,
      instance,
    }),
  };
}

export const problemDetails = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    request.response = problemResponse(request.error, request.event);
  },
});
