import { InputItemsQuerySchema, itemPage } from './input-items-page';

const ITEMS = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const query = (raw: Record<string, unknown>) => InputItemsQuerySchema.parse(raw);

describe('itemPage', () => {
  it('lists newest first by default, 20 at most', () => {
    expect(itemPage(ITEMS, query({}))).toEqual({ object: 'list', data: [...ITEMS].reverse(), first_id: 'e', last_id: 'a', has_more: false });
  });

  it.each<[Record<string, unknown>, string[], boolean]>([
    [{ order: 'asc', limit: '2' }, ['a', 'b'], true],
    [{ order: 'asc', limit: '2', after: 'b' }, ['c', 'd'], true],
    [{ order: 'asc', limit: '2', after: 'd' }, ['e'], false],
    [{ limit: '2', after: 'd' }, ['c', 'b'], true],
    [{ order: 'asc', after: 'e' }, [], false],
  ])('pages with %j', (raw, ids, more) => {
    const page = itemPage(ITEMS, query(raw));
    expect(page?.data.map((item) => item.id)).toEqual(ids);
    expect(page?.has_more).toBe(more);
    expect(page?.first_id).toBe(ids[0] ?? null);
  });

  it('has no page after an item that is not there', () => {
    expect(itemPage(ITEMS, query({ after: 'zz' }))).toBeUndefined();
  });

  it.each([{ limit: '0' }, { limit: '101' }, { limit: 'ten' }, { order: 'newest' }])('refuses the query %j', (raw) => {
    expect(InputItemsQuerySchema.safeParse(raw).success).toBe(false);
  });
});
