import { changePostTransaction, createPostTransaction } from '../../../lambdas/store/post-transactions';
import { described, POST_ID, review, writesOf } from './entities/fixtures';

const TABLE = 'chorus';
const P = `POST#${POST_ID}`;

describe('creating a post', () => {
  it('writes the post, checks its community, links its product and counts the review, all in the given table', () => {
    const input = createPostTransaction(TABLE, review());
    expect(described(input)).toEqual([
      `Put ${P}/POST`,
      'ConditionCheck COMMUNITY#outdoor-gear/COMMUNITY',
      `Put ${P}/PRODUCT#SKU-1`,
      'Update PRODUCT#SKU-1/SUMMARY',
    ]);
    expect(writesOf(input).every((w) => w.table === TABLE)).toBe(true);
  });

  it('touches no review summary for a discussion, but links every product', () => {
    const input = createPostTransaction(TABLE, review({ kind: 'discussion', rating: undefined, productIds: ['SKU-1', 'SKU-2'] }));
    expect(described(input)).toEqual([`Put ${P}/POST`, 'ConditionCheck COMMUNITY#outdoor-gear/COMMUNITY', `Put ${P}/PRODUCT#SKU-1`, `Put ${P}/PRODUCT#SKU-2`]);
  });

  it('adds what screening writes to the same transaction', () => {
    const input = createPostTransaction(TABLE, review({ kind: 'discussion', productIds: [] }), {
      fingerprint: { memberId: 'member-1', hash: 'abc', expiresAt: 1 },
      countAuthorPost: true,
    });
    expect(described(input).slice(2)).toEqual(['Put CONTENT#member-1#abc/CONTENT', 'Update MEMBER#member-1/COMMUNITY#outdoor-gear']);
  });
});

describe('changing a post', () => {
  it('an edit replaces the post, keeps the replaced version as a revision and moves the review between products', () => {
    const input = changePostTransaction(TABLE, review(), review({ productIds: ['SKU-2'], version: 2 }), true, 'member-1');
    expect(described(input)).toEqual([
      `Update ${P}/POST`,
      `Put ${P}/REVISION#000001`,
      `Delete ${P}/PRODUCT#SKU-1`,
      `Put ${P}/PRODUCT#SKU-2`,
      'Update PRODUCT#SKU-1/SUMMARY',
      'Update PRODUCT#SKU-2/SUMMARY',
    ]);
  });

  it('a delete keeps no revision, unlinks the products and takes the review out of the summary', () => {
    const before = review();
    const input = changePostTransaction(TABLE, before, { ...before, status: 'deleted', deletedAt: 'later', version: 2 }, false, 'member-1');
    expect(described(input)).toEqual([`Update ${P}/POST`, `Delete ${P}/PRODUCT#SKU-1`, 'Update PRODUCT#SKU-1/SUMMARY']);
  });

  it('an edit of the text alone touches neither links nor summaries', () => {
    const input = changePostTransaction(TABLE, review(), review({ title: 'Warmer', version: 2 }), true, 'member-1');
    expect(described(input)).toEqual([`Update ${P}/POST`, `Put ${P}/REVISION#000001`]);
  });
});
