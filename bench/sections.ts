/**
 * The benchmark's sections, and `npm run bench -- --only <section,...>`: anyone can measure the part
 * they changed in a minute or two instead of the whole run. Sections not run keep the figures of the
 * run that last measured them (bench/results.json), and BENCHMARKS.md says which ran when.
 */

/** Each section, in run order, with what it measures. */
export const SECTIONS = {
  bundles: 'bundle sizes (esbuild, as CDK bundles)',
  'cold-init': 'cold init of every bundle in fresh processes (builds the bundles)',
  routes: 'warm handler overhead, DynamoDB units and cost per route',
  analytics: 'the lake pipeline under a steady load: SQS requests, objects, archiver throughput',
  scale: 'the same requests at 1 k and 100 k posts',
  lake: 'two weeks of realistic events in the lake: bytes per event, compaction, what a 7-day report reads',
  'member-data': "issue 15: the sanction check's units per request, the export of a member with 1,000 contributions",
} as const;

export type Section = keyof typeof SECTIONS;

export const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

const isSection = (name: string): name is Section => Object.hasOwn(SECTIONS, name);

/**
 * The sections `argv` asks for: every one without `--only`, else the listed ones (`--only a,b` or
 * `--only=a,b`), in run order. Throws naming what it got and what it accepts.
 */
export function selectedSections(argv: readonly string[]): Section[] {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--only' && !a.startsWith('--only='));
  if (unknownFlag) throw new Error(`unknown option ${unknownFlag}; accepted: --only <${SECTION_NAMES.join(',')}>`);
  if (at < 0) return [...SECTION_NAMES];
  const value = argv[at]!.startsWith('--only=') ? argv[at]!.slice('--only='.length) : argv[at + 1];
  if (value === undefined || value === '') throw new Error(`--only needs a comma-separated list of sections: ${SECTION_NAMES.join(', ')}`);
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isSection(n));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')}; sections: ${SECTION_NAMES.join(', ')}`);
  return SECTION_NAMES.filter((s) => names.includes(s));
}
