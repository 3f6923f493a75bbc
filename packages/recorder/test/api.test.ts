import { ActionsApi } from '../src/api/client';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

test('a failed fetch (collector down, or CORS refusing this origin: the same TypeError) names both causes', async () => {
  globalThis.fetch = jest.fn().mockRejectedValue(new TypeError('Failed to fetch'));
  const api = new ActionsApi('https://collect.example.com', 'demo');
  expect(await api.verify('t')).toEqual({
    ok: false,
    status: 0,
    message: "Could not reach the collector at https://collect.example.com, or it does not allow this site's origin (ALLOWED_ORIGINS).",
  });
});

test('calls carry the token, If-Match and JSON as the collector expects', async () => {
  const fetch = jest.fn().mockResolvedValue(new Response(JSON.stringify({ version: '8' }), { status: 200 }));
  globalThis.fetch = fetch;
  const api = new ActionsApi('https://collect.example.com', 'demo');
  api.token = 'tok';
  expect(await api.remove('old-id', '7')).toEqual({ ok: true, status: 200, body: { version: '8' } });
  expect(fetch).toHaveBeenCalledWith('https://collect.example.com/v1/sites/demo/actions/old-id', expect.objectContaining({
    method: 'DELETE', headers: { authorization: 'Bearer tok', 'if-match': '"7"' }, credentials: 'omit',
  }));
});
