import { isNew } from '../../../../lambdas/store/expressions';
import { createMarkerKey, getCreateMarker, isLiveMarker, putCreateMarker, toEarlierCreate } from '../../../../lambdas/store/entities/create-marker';

const now = new Date('2026-11-23T10:00:00.000Z');
const seconds = now.getTime() / 1000;
const marker = {
  memberId: 'm1',
  requestId: 'POST /v1/posts/P/comments k1',
  fingerprint: 'f',
  resourceId: 'C1',
  answer: '{"commentId":"C1"}',
  expiresAt: seconds + 60,
};

describe('create marker', () => {
  it("is keyed by member and request, in the member's own partition, so keys of different members never meet", () => {
    expect(createMarkerKey('m1', 'POST /v1/communities k1')).toEqual({ pk: 'ONCE#m1', sk: 'POST /v1/communities k1' });
    expect(createMarkerKey('m2', 'POST /v1/communities k1')).not.toEqual(createMarkerKey('m1', 'POST /v1/communities k1'));
    expect(getCreateMarker('t', 'm1', 'k1')).toMatchObject({ Key: createMarkerKey('m1', 'k1'), ConsistentRead: true });
  });

  it('is written only where none is, expires by TTL, and hands the earlier marker back when refused', () => {
    const put = putCreateMarker('t', marker).Put!;

    expect(put.Item).toMatchObject({ ...createMarkerKey('m1', marker.requestId), type: 'create-marker', answer: marker.answer, expiresAt: seconds + 60 });
    // Its effect (a second marker is refused) is proven against DynamoDB Local: test/integration/exactly-once.test.ts.
    expect(put).toMatchObject(isNew);
    expect(put.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    // No byMember keys: erasure and export Query the member's ONCE# partition.
    expect(Object.keys(put.Item ?? {})).not.toEqual(expect.arrayContaining(['memberPk']));
  });

  it('reads back what a replay needs, checked, and counts only until it expires', () => {
    const stored = { ...putCreateMarker('t', marker).Put!.Item };

    expect(toEarlierCreate(stored)).toEqual({ fingerprint: 'f', resourceId: 'C1', answer: marker.answer });
    expect(() => toEarlierCreate({ ...stored, answer: 3 })).toThrow(/attribute answer must be a string/);
    expect(isLiveMarker(stored, now)).toBe(true);
    expect(isLiveMarker({ ...stored, expiresAt: seconds }, now)).toBe(false);
  });
});
