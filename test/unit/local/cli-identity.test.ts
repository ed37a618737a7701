import { identityOf } from '../../../local/cli-identity';

class Failed extends Error {}
const fail = (message: string): never => {
  throw new Failed(message);
};

test('a user and a list of groups come back trimmed, empty entries dropped', () => {
  expect(identityOf({ user: ' mo ', groups: 'moderators, finance,,' }, '', fail)).toEqual({ user: 'mo', groups: ['moderators', 'finance'] });
});

test('without --groups the caller’s default applies (members for a live socket, none for a token)', () => {
  expect(identityOf({ user: 'alice' }, 'members', fail).groups).toEqual(['members']);
  expect(identityOf({ user: 'alice' }, '', fail).groups).toEqual([]);
});

test.each([
  [{}, '--user is required'],
  [{ user: '  ' }, '--user is required'],
  [{ user: 'a b' }, '--user must be 1-128 letters'],
  [{ user: 'x'.repeat(129) }, '--user must be 1-128 letters'],
  [{ user: 'mo', groups: 'moderators,admins' }, 'unknown group(s) admins: expected some of members, moderators'],
])('%j is refused with a message naming what is accepted', (values, message) => {
  expect(() => identityOf(values, '', fail)).toThrow(message);
});
