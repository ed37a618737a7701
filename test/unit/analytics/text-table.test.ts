import { textTable } from '../../../lambdas/analytics/text-table';

describe('textTable', () => {
  it('prints counts as right-aligned numbers, without quotes or an (index) column', () => {
    const text = textTable([
      { event_type: 'post.created', 'count_star()': 12n },
      { event_type: 'reaction.added', 'count_star()': 3n },
    ]);

    expect(text).toBe(
      ['event_type      count_star()', '--------------  ------------', 'post.created              12', 'reaction.added             3', ''].join('\n'),
    );
    expect(text).not.toContain("'");
    expect(text).not.toContain('(index)');
  });

  it('shows nulls as empty cells, dates as days and says when there are no rows', () => {
    expect(textTable([{ dt: new Date('2026-11-30T00:00:00Z'), rating: null }])).toBe('dt          rating\n----------  ------\n2026-11-30\n');
    expect(textTable([])).toBe('(no rows)\n');
  });
});
