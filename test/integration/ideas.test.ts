/** Ideas over HTTP on the emulators: votes, the board, statuses with notes, teams and partners, merges, the changelog. */
import { api, tokenFor, uniqueId } from './support/api';
import { member, openCommunity, type Member } from './support/fixtures';

async function partner(team: string): Promise<Member> {
  const name = uniqueId(`partner-${team}`);
  return { name, ...api(await tokenFor(name, ['partners'], team)) };
}

async function given(prefix: string) {
  const own = await openCommunity(prefix, { postsPerMinute: 600 });
  const author = await member('author');
  const idea = async (title: string) => {
    const res = await author.post(`/v1/communities/${own.communityId}/posts`, { kind: 'idea', title, body: `${title}, please` });
    expect(res.status).toBe(201);
    return res.body.postId as string;
  };
  return { ...own, author, idea };
}

const voters = (n: number, role = 'voter') => Promise.all(Array.from({ length: n }, (_, i) => member(`${role}-${i}`)));

describe('votes', () => {
  it('count one vote per member, exactly, when 20 members vote at once and one of them 5 times more', async () => {
    const { idea, author } = await given('votes');
    const postId = await idea('Refill stations');
    const crowd = await voters(20);
    const results = await Promise.all([
      ...crowd.map((m) => m.put(`/v1/posts/${postId}/vote`)),
      ...Array.from({ length: 5 }, () => crowd[0]!.put(`/v1/posts/${postId}/vote`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(25).fill(200));
    const seen = await crowd[0]!.get(`/v1/posts/${postId}`);
    expect(seen.body).toMatchObject({ voteCount: 20, viewerHasVoted: true, viewerReactions: [] });
    expect((await author.get(`/v1/posts/${postId}`)).body).toMatchObject({ voteCount: 20, viewerHasVoted: false });
  }, 30_000);

  it("take a vote back once, and keep votes apart from reactions (viewerReactions lists the caller's)", async () => {
    const { idea } = await given('unvote');
    const postId = await idea('Paper bags');
    const [alice, bob] = await voters(2);
    await Promise.all([alice!.put(`/v1/posts/${postId}/vote`), bob!.put(`/v1/posts/${postId}/vote`), alice!.put(`/v1/posts/${postId}/reactions/love`)]);
    const back = await Promise.all([alice!.delete(`/v1/posts/${postId}/vote`), alice!.delete(`/v1/posts/${postId}/vote`)]);
    expect(back.map((r) => r.body)).toEqual([
      { postId, voted: false, voteCount: 1 },
      { postId, voted: false, voteCount: 1 },
    ]);
    const seen = await alice!.get(`/v1/posts/${postId}`);
    expect(seen.body).toMatchObject({ voteCount: 1, viewerHasVoted: false, viewerReactions: ['love'], reactionCounts: { love: 1 } });
  });

  it('are refused on a post that is not an idea (422) and closed once an idea ships (409)', async () => {
    const { communityId, manager, author, idea } = await given('closed');
    const discussion = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Chat', body: 'hello' });
    const [alice] = await voters(1);
    expect((await alice!.put(`/v1/posts/${discussion.body.postId}/vote`)).status).toBe(422);
    const postId = await idea('Ship me');
    expect((await alice!.put(`/v1/posts/${postId}/vote`)).status).toBe(200);
    expect((await manager.put(`/v1/posts/${postId}/idea-status`, { ideaStatus: 'shipped', note: 'Live in all stores' })).status).toBe(200);
    const late = await alice!.delete(`/v1/posts/${postId}/vote`);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/votes are closed/);
  });

  it('hold a community vote budget exactly when a member votes for 4 ideas at once under a budget of 2', async () => {
    const { communityId, manager, idea } = await given('budget');
    expect((await manager.put(`/v1/communities/${communityId}/idea-settings`, { teams: ['supply-chain'], voteBudget: 2 })).status).toBe(200);
    const ideas = await Promise.all(['a', 'b', 'c', 'd'].map((t) => idea(`Budget ${t}`)));
    const [alice] = await voters(1);
    const results = await Promise.all(ideas.map((postId) => alice!.put(`/v1/posts/${postId}/vote`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409, 409]);
    const spent = ideas.filter((_, i) => results[i]!.status === 200);
    const free = ideas.find((_, i) => results[i]!.status === 409)!;
    expect((await alice!.delete(`/v1/posts/${spent[0]}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${free}/vote`)).status).toBe(200);
  });
});

describe('vote budgets and closed ideas', () => {
  const budgeted = async (prefix: string, budget: number) => {
    const setup = await given(prefix);
    expect((await setup.manager.put(`/v1/communities/${setup.communityId}/idea-settings`, { teams: ['supply-chain'], voteBudget: budget })).status).toBe(200);
    return setup;
  };

  it('hands back the budget unit of a vote for an idea that ships, once, and takes it again if the idea reopens', async () => {
    const { manager, idea } = await budgeted('budget-close', 2);
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map((t) => idea(`Closing ${t}`)));
    const [alice] = await voters(1);
    expect((await alice!.put(`/v1/posts/${a}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${b}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${c}/vote`)).status).toBe(409);

    expect((await manager.put(`/v1/posts/${a}/idea-status`, { ideaStatus: 'shipped', note: 'Done' })).status).toBe(200);
    // Shipped then declined: still closed, nothing more handed back.
    expect((await manager.put(`/v1/posts/${a}/idea-status`, { ideaStatus: 'declined', note: 'Withdrawn' })).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${c}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${d}/vote`)).status).toBe(409);

    // Reopened: its vote holds a unit again (alice holds three of two until she takes one back).
    expect((await manager.put(`/v1/posts/${a}/idea-status`, { ideaStatus: 'open' })).status).toBe(200);
    expect((await alice!.delete(`/v1/posts/${b}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${d}/vote`)).status).toBe(409);
    expect((await alice!.delete(`/v1/posts/${c}/vote`)).status).toBe(200);
    expect((await alice!.put(`/v1/posts/${d}/vote`)).status).toBe(200);
  });

  it("moves a merged vote's unit with it, hands back X's unit to a member who voted for both, and undoing the merge takes it again", async () => {
    const { manager, idea } = await budgeted('budget-merge', 2);
    const [x, y, z, w] = await Promise.all(['X', 'Y', 'Z', 'W'].map((t) => idea(`Merging ${t}`)));
    const [onlyX, both] = await voters(2);
    await Promise.all([
      onlyX!.put(`/v1/posts/${x}/vote`),
      onlyX!.put(`/v1/posts/${z}/vote`),
      both!.put(`/v1/posts/${x}/vote`),
      both!.put(`/v1/posts/${y}/vote`),
    ]);

    expect((await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y })).body).toMatchObject({ state: 'done', moved: 1, duplicates: 1 });
    // onlyX's vote is now for Y and still holds its unit; both's two votes became one.
    expect((await onlyX!.put(`/v1/posts/${w}/vote`)).status).toBe(409);
    expect((await both!.put(`/v1/posts/${w}/vote`)).status).toBe(200);

    expect((await manager.delete(`/v1/posts/${x}/merge`)).body).toMatchObject({ state: 'done', moved: 1 });
    // X takes votes again: both holds X, Y and W (three of two); onlyX holds X and Z again.
    expect((await both!.delete(`/v1/posts/${w}/vote`)).status).toBe(200);
    expect((await both!.put(`/v1/posts/${w}/vote`)).status).toBe(409);
    expect((await onlyX!.put(`/v1/posts/${w}/vote`)).status).toBe(409);
    expect((await onlyX!.delete(`/v1/posts/${x}/vote`)).status).toBe(200);
    expect((await onlyX!.put(`/v1/posts/${w}/vote`)).status).toBe(200);
  });
});

describe('the board', () => {
  it('lists top by votes, new by time and trending by votes today, one page at a time', async () => {
    const { communityId, idea } = await given('board');
    const [few, many, none] = [await idea('Few'), await idea('Many'), await idea('None')];
    const crowd = await voters(3);
    await Promise.all([...crowd.map((m) => m.put(`/v1/posts/${many}/vote`)), crowd[0]!.put(`/v1/posts/${few}/vote`)]);
    const top = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=top`);
    expect(top.status).toBe(200);
    expect(top.body.items.map((i: { postId: string; voteCount: number }) => [i.postId, i.voteCount])).toEqual([
      [many, 3],
      [few, 1],
      [none, 0],
    ]);
    expect(top.body.items.map((i: { viewerHasVoted: boolean }) => i.viewerHasVoted)).toEqual([true, true, false]);
    const newest = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=new&limit=2`);
    expect(newest.body.items.map((i: { postId: string }) => i.postId)).toEqual([none, many]);
    const rest = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=new&limit=2&cursor=${newest.body.nextCursor}`);
    expect(rest.body.items.map((i: { postId: string }) => i.postId)).toEqual([few]);
    const trending = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=trending`);
    expect(trending.body.items.map((i: { postId: string }) => i.postId)).toEqual([many, few]);
    expect((await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=trending&status=open`)).status).toBe(400);
    const topPage = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=top&limit=1`);
    const second = await crowd[0]!.get(`/v1/communities/${communityId}/ideas?sort=top&limit=1&cursor=${topPage.body.nextCursor}`);
    expect(second.body.items.map((i: { postId: string }) => i.postId)).toEqual([few]);
  });
});

describe('teams and partners', () => {
  it('lets a partner of the assigned team move the idea with a note, never another team; records who, when and why', async () => {
    const { communityId, manager, idea } = await given('teams');
    const postId = await idea('Reusable crates');
    const other = await idea('Not yours');
    const [supply, sales] = await Promise.all([partner('supply-chain'), partner('sales-channel')]);
    const assigned = await manager.put(`/v1/posts/${postId}/assignment`, { team: 'supply-chain', trackerRef: 'SC-1042' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ team: 'supply-chain', trackerRef: 'SC-1042', ideaStatus: 'open' });
    expect((await manager.put(`/v1/posts/${other}/assignment`, { team: 'no-such-team' })).status).toBe(422);

    const listed = await supply.get('/v1/partners/ideas?status=open');
    expect(listed.body.items.map((i: { postId: string }) => i.postId)).toContain(postId);
    expect((await sales.get('/v1/partners/ideas')).body.items.map((i: { postId: string }) => i.postId)).not.toContain(postId);

    expect((await supply.put(`/v1/posts/${postId}/idea-status`, { ideaStatus: 'planned' })).status).toBe(422);
    expect((await sales.put(`/v1/posts/${postId}/idea-status`, { ideaStatus: 'planned', note: 'mine now' })).status).toBe(404);
    expect((await supply.put(`/v1/posts/${other}/idea-status`, { ideaStatus: 'planned', note: 'not assigned' })).status).toBe(404);
    expect((await supply.put(`/v1/posts/${postId}/idea-status`, { ideaStatus: 'planned', note: 'Pilot in Q3' })).status).toBe(200);
    expect((await supply.put(`/v1/posts/${postId}/idea-status`, { ideaStatus: 'shipped', note: 'In every store' })).status).toBe(200);

    const timeline = await supply.get(`/v1/posts/${postId}/timeline`);
    expect(timeline.body.items.map((e: Record<string, unknown>) => [e.kind, e.actorRole, e.actorTeam, e.to ?? e.team, e.note ?? null])).toEqual([
      ['assigned', 'community-manager', null, 'supply-chain', null],
      ['status-changed', 'partner', 'supply-chain', 'planned', 'Pilot in Q3'],
      ['status-changed', 'partner', 'supply-chain', 'shipped', 'In every store'],
    ]);
    expect(timeline.body.items[0].actorId).toBeUndefined();
    expect((await supply.get(`/v1/communities/${communityId}/changelog`)).status).toBe(403);
    const changelog = await manager.get(`/v1/communities/${communityId}/changelog`);
    expect(changelog.body.items[0]).toMatchObject({ postId, note: 'In every store', team: 'supply-chain', idea: { postId, ideaStatus: 'shipped' } });
    expect((await supply.get('/v1/partners/ideas?status=shipped')).body.items.map((i: { postId: string }) => i.postId)).toContain(postId);
    expect((await supply.get('/v1/partners/ideas?status=open')).body.items.map((i: { postId: string }) => i.postId)).not.toContain(postId);
    expect((await supply.get(`/v1/communities/${communityId}/posts`)).status).toBe(403);
  });
});

describe('merging duplicates', () => {
  it("moves X's votes to Y counting members who voted both once, makes X read-only, and undoes it exactly", async () => {
    const { manager, idea, communityId } = await given('merge');
    const [x, y] = [await idea('Bring back the blue tent'), await idea('Blue tent again')];
    const [a, b, c, d] = await voters(4);
    await Promise.all([a!, b!, c!].map((m) => m.put(`/v1/posts/${x}/vote`)));
    await Promise.all([c!, d!].map((m) => m.put(`/v1/posts/${y}/vote`)));

    const merged = await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ state: 'done', moved: 2, duplicates: 1, intoPostId: y });
    expect((await a!.get(`/v1/posts/${y}`)).body).toMatchObject({ voteCount: 4, viewerHasVoted: true });
    expect((await a!.get(`/v1/posts/${x}`)).body).toMatchObject({ ideaStatus: 'merged', mergedInto: y });
    expect((await d!.put(`/v1/posts/${x}/vote`)).status).toBe(409);
    expect((await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y })).status).toBe(409);
    const board = await a!.get(`/v1/communities/${communityId}/ideas?status=merged`);
    expect(board.body.items.map((i: { postId: string }) => i.postId)).toEqual([x]);

    const undone = await manager.delete(`/v1/posts/${x}/merge`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ direction: 'unmerge', state: 'done', moved: 2 });
    expect((await a!.get(`/v1/posts/${y}`)).body).toMatchObject({ voteCount: 2, viewerHasVoted: false });
    expect((await c!.get(`/v1/posts/${y}`)).body).toMatchObject({ voteCount: 2, viewerHasVoted: true });
    expect((await a!.get(`/v1/posts/${x}`)).body).toMatchObject({ ideaStatus: 'open', voteCount: 3 });
    expect((await a!.get(`/v1/posts/${x}`)).body.mergedInto).toBeUndefined();
  });

  it('makes X read-only: a comment or an edit answers 409 naming the idea it went into; reading X and its comments still works', async () => {
    const { manager, author, idea } = await given('merge-readonly');
    const [x, y] = [await idea('Longer warranty'), await idea('Five-year warranty')];
    const [reader] = await voters(1);
    expect((await reader!.post(`/v1/posts/${x}/comments`, { body: 'Yes please' })).status).toBe(201);
    expect((await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y })).status).toBe(200);

    const comment = await reader!.post(`/v1/posts/${x}/comments`, { body: 'Me too' });
    expect(comment.status).toBe(409);
    expect(comment.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(comment.body).toMatchObject({ mergedInto: y, ideaStatus: 'merged' });
    expect(comment.body.detail).toContain(y);
    const current = await author.get(`/v1/posts/${x}`);
    const edit = await author.patch(`/v1/posts/${x}`, { title: 'Longer warranty, please' }, { 'if-match': current.headers.get('etag')! });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ mergedInto: y });
    expect((await reader!.get(`/v1/posts/${x}`)).body).toMatchObject({ title: 'Longer warranty', ideaStatus: 'merged', mergedInto: y });
    expect((await reader!.get(`/v1/posts/${x}/comments`)).body.items.map((c: { body: string }) => c.body)).toEqual(['Yes please']);
    expect((await reader!.post(`/v1/posts/${y}/comments`, { body: 'Me too' })).status).toBe(201);
  });

  it('cannot be undone once the target has shipped', async () => {
    const { manager, idea } = await given('merge-shipped');
    const [x, y] = [await idea('Dup one'), await idea('Dup two')];
    expect((await manager.post(`/v1/posts/${x}/merge`, { targetPostId: y })).status).toBe(200);
    expect((await manager.put(`/v1/posts/${y}/idea-status`, { ideaStatus: 'shipped' })).status).toBe(200);
    expect((await manager.delete(`/v1/posts/${x}/merge`)).status).toBe(409);
    const member1 = await member('reader');
    expect((await member1.post(`/v1/posts/${x}/merge`, { targetPostId: y })).status).toBe(403);
  });
});
