/**
 * What the local API Gateway answers to a request Node cannot parse. Node's default answer to an
 * over-long URL or header block is a bare 431 with an empty body; every answer of the API is a
 * problem document (the contract declares 431 on every route), so this one is too.
 */
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem } from './problem';

export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A connection the client already dropped (ECONNRESET) or closed has nobody to answer.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 431
      ? `the URL and headers must be at most ${maxHeaderSize} bytes together; send long values in a body`
      : `the request is not valid HTTP/1.1: ${error.code ?? error.message}`;
  const body = JSON.stringify(problem(status, detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
