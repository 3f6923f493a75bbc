import { uuid } from '../src/core/uuid';

describe('uuid', () => {
  it('gives RFC 9562 version-4 ids (the schema pattern of event_id), all different', () => {
    const ids = Array.from({ length: 2000 }, uuid);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // every random hex digit takes all 16 values somewhere (a digit stuck at 0 would pass the pattern)
    for (const at of [0, 9, 15, 21, 35]) expect(new Set(ids.map((id) => id[at])).size).toBe(16);
    expect(new Set(ids.map((id) => id[19])).size).toBe(4); // the variant digit: 8, 9, a or b
  });
});
