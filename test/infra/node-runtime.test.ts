/**
 * The Node.js pin: the `node` devDependency puts Node 24 first on the PATH of every npm script, so
 * the tests and the local runtime run on the Lambda runtime's major whatever the system Node is.
 * `engines.node` used to say so too, and made npm warn (EBADENGINE) on every install with an older
 * system Node, though nothing ever ran on it; this test is what keeps the pin honest instead.
 */
import { readFileSync } from 'node:fs';
import { CHORUS_RUNTIME } from '../../lib/constructs/chorus-function';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  devDependencies: Record<string, string>;
  engines?: Record<string, string>;
};
const lambdaMajor = Number(/^nodejs(\d+)\.x$/.exec(CHORUS_RUNTIME.name)?.[1]);

it('runs on the Node.js major of the Lambda runtime, pinned by the node devDependency', () => {
  expect(lambdaMajor).toBe(24);
  expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${lambdaMajor}\\.`));
  expect(Number(process.versions.node.split('.')[0])).toBe(lambdaMajor);
});

it('declares no engines.node that npm would check against the system Node at install', () => {
  expect(pkg.engines?.node).toBeUndefined();
});
