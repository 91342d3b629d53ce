import { ApiError } from '../../src/errors';
import { paginate } from '../../src/state/pagination';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const ids = (page: { data: { id: string }[] }) => page.data.map((i) => i.id);

describe('cursor pagination', () => {
  test('desc by default order, with first/last ids and has_more', () => {
    const page = paginate(items, { limit: 2, order: 'desc' });
    expect(page).toEqual({ object: 'list', data: [{ id: 'e' }, { id: 'd' }], first_id: 'e', last_id: 'd', has_more: true });
  });

  test('after walks forward in the chosen order until has_more is false', () => {
    expect(ids(paginate(items, { limit: 2, order: 'asc', after: 'b' }))).toEqual(['c', 'd']);
    const last = paginate(items, { limit: 2, order: 'asc', after: 'c' });
    expect(ids(last)).toEqual(['d', 'e']);
    expect(last.has_more).toBe(false);
  });

  test('before cuts at the cursor', () => {
    expect(ids(paginate(items, { limit: 10, order: 'asc', before: 'c' }))).toEqual(['a', 'b']);
    expect(ids(paginate(items, { limit: 10, order: 'desc', before: 'c' }))).toEqual(['e', 'd']);
  });

  test('an empty page has null ids', () => {
    expect(paginate(items, { limit: 5, order: 'asc', after: 'e' })).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  test('an unknown cursor is a 400 naming the parameter', () => {
    expect(() => paginate(items, { limit: 5, order: 'asc', after: 'zz' })).toThrow(ApiError);
    try {
      paginate(items, { limit: 5, order: 'asc', after: 'zz' });
    } catch (err) {
      expect(err).toMatchObject({ status: 400, param: 'after' });
    }
  });
});
