import { MalformedItemError, readItem } from '../../../lambdas/store/attributes';

describe('reading a stored item', () => {
  const item = { pk: 'POST#1', sk: 'POST', type: 'post', title: 'x', count: 2, tags: ['a'], note: null };

  it('answers attributes of the expected kind', () => {
    const read = readItem(item, 'post');
    const values = [read.string('title'), read.number('count'), read.strings('tags'), read.nullableString('note'), read.optionalString('absent')];
    expect(values).toEqual(['x', 2, ['a'], null, undefined]);
  });

  it('names the item, the attribute, what was expected and what was found', () => {
    expect(() => readItem(item, 'post').number('title')).toThrow(new MalformedItemError('post item POST#1/POST: attribute title must be a number, got string'));
    expect(() => readItem(item, 'post').strings('count')).toThrow(/attribute count must be a list of strings, got number/);
    expect(() => readItem(item, 'post').string('note')).toThrow(/attribute note must be a string, got null/);
  });

  it('refuses an item of another type before reading anything', () => {
    expect(() => readItem(item, 'comment')).toThrow('comment item POST#1/POST: expected type comment, got post');
  });
});
