/**
 * Swagger UI at /docs, from the swagger-ui-dist package's files, loading /v1/openapi.json. Local
 * only: API Gateway serves no such page.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { sendProblem } from './problem';

const OPENAPI_URL = '/v1/openapi.json';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

const initializer = `window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_URL)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
};
`;

// The package's index.html with absolute asset URLs, so /docs and /docs/ both work.
const indexHtml = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Chorus API (local)</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

let distFiles: Promise<{ dir: string; names: Set<string> }> | undefined;
const swaggerDist = () =>
  (distFiles ??= (async () => {
    const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    return { dir, names: new Set(await readdir(dir)) };
  })());

export async function serveDocs(path: string, res: ServerResponse): Promise<void> {
  const name = path.slice('/docs/'.length);
  if (name === '' || name === 'index.html') {
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' });
    res.end(indexHtml);
    return;
  }
  if (name === 'swagger-initializer.js') {
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.js']!, 'cache-control': 'no-cache' });
    res.end(initializer);
    return;
  }
  const { dir, names } = await swaggerDist();
  // Only the package's own top-level files: no path from the URL reaches the file system otherwise.
  if (!names.has(name) || !(extname(name) in CONTENT_TYPES)) {
    sendProblem(res, 404, `no such documentation file: ${path}`);
    return;
  }
  const content = await readFile(join(dir, name));
  res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)]!, 'cache-control': 'max-age=3600' });
  res.end(content);
}
