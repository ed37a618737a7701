import { sectionsMeasuredAt } from '../../../bench/report';
import { SECTION_NAMES, selectedSections } from '../../../bench/sections';

describe('npm run bench -- --only', () => {
  it('runs every section without --only', () => {
    expect(selectedSections([])).toEqual(SECTION_NAMES);
  });

  it('runs the listed sections in run order, in either spelling', () => {
    expect(selectedSections(['--only', 'scale,bundles'])).toEqual(['bundles', 'scale']);
    expect(selectedSections(['--only=routes'])).toEqual(['routes']);
  });

  it('refuses an unknown section or option, naming what it accepts', () => {
    expect(() => selectedSections(['--only', 'bundles,lakes'])).toThrow(/unknown bench section lakes; sections: bundles, cold-init/);
    expect(() => selectedSections(['--only'])).toThrow(/--only needs a comma-separated list/);
    expect(() => selectedSections(['--fast'])).toThrow(/unknown option --fast/);
  });

  it('dates the sections run now and keeps the dates of those carried over', () => {
    const previous = { measuredAt: '2026-11-01T00:00:00.000Z', bundles: [], routes: [], sectionsMeasuredAt: { routes: '2026-11-02T00:00:00.000Z' } };
    const dates = sectionsMeasuredAt(['scale'], '2026-11-30T00:00:00.000Z', previous as never);
    expect(dates.scale).toBe('2026-11-30T00:00:00.000Z');
    expect(dates.routes).toBe('2026-11-02T00:00:00.000Z');
    // Measured before sections were dated: the file's own date.
    expect(dates.bundles).toBe('2026-11-01T00:00:00.000Z');
    // Never measured.
    expect(dates.analytics).toBeNull();
  });
});
