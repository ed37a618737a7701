import { CommunityId } from '../../../lambdas/api/schemas';
import { startFreshHint } from '../../../local/runtime-file';
import { uniqueId } from '../../integration/support/api';

describe('uniqueId for integration tests', () => {
  it('makes valid community ids that never repeat', () => {
    const ids = Array.from({ length: 50 }, () => uniqueId('feed'));

    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(CommunityId.safeParse(id).success).toBe(true);
  });

  it('cleans and shortens a prefix so the id stays valid', () => {
    const id = uniqueId('A Very_Long Prefix With Spaces And Capitals-');

    expect(id.length).toBeLessThanOrEqual(40);
    expect(CommunityId.safeParse(id).success).toBe(true);
    expect(id.startsWith('a-very-long')).toBe(true);
  });
});

describe('the start-fresh hint', () => {
  it('names the data dir relative to where the developer is', () => {
    expect(startFreshHint('/repo/.data', '/repo')).toBe('delete .data/ to start fresh');
    expect(startFreshHint('/tmp/x', '/repo')).toBe('delete /tmp/x/ to start fresh');
  });
});
