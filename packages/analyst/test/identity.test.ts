/**
 * One person across apps (contract §7 "Person", §10 "Identity"): the web's rows (sdk.js bodies),
 * the server API's (Segment messages with a write key), SendGrid's and Shopify's signed webhooks,
 * all through the real collector into a real lake, then `actionlake build`. An email is an id
 * (email_sha256); a user id outranks an email, an email an anonymous_id; an alias links the
 * previous id to the user; placeholders and ids shared by more than 3 merge no one.
 */
import { createHash } from 'node:crypto';
import { emailSha256 } from '@actionlake/schema/node';
import { deliver, sendgrid, shopifyOrder, SOURCES, WRITE_KEY } from './support/apps';
import { Shop } from './support/journeys';

const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 16);
/** a person's person_id: named after the person's id seen first (identity_map.sql) */
const personOf = { user: (u: string) => `p${md5(`user_id:${u}`)}`, email: (e: string) => `p${md5(`email:${emailSha256(e)}`)}`, anonymous: (a: string) => `p${md5(`anonymous_id:${a}`)}` };

jest.setTimeout(60_000);

let shop: Shop;

beforeAll(async () => {
  shop = await Shop.open({ sources: SOURCES });
  const identify = (anon: string, session: string, at: number, user: string | null, email: string) =>
    ({ anon, session, at, user_id: user, action: 'Identified', action_type: 'identify', traits: { email } });
  // Jane browses, signs in with her address; opens the newsletter; orders in the Shopify store
  // (no cart attribute: only her address ties the order to her)
  await shop.send({ anon: 'jane-web', session: 'j1', at: 3 }, identify('jane-web', 'j1', 2.99, 'jane', ' Jane@Example.com'));
  await deliver(shop, sendgrid('open', 'jane@example.com', shop.ago(2.5), 'sg-jane-open'));
  await deliver(shop, shopifyOrder({ id: 'wh-jane', email: 'JANE@example.com', at: shop.ago(2) }));
  // Gus never signs in: his order carries his browser's id (the cart attribute) and his address,
  // and SendGrid reports that address opening a newsletter
  await shop.send({ anon: 'gus-web', session: 'g1', at: 3 });
  await deliver(shop, shopifyOrder({ id: 'wh-gus', email: 'gus@example.com', at: shop.ago(1.5), anonymousId: 'gus-web' }));
  await deliver(shop, sendgrid('open', 'gus@example.com', shop.ago(1), 'sg-gus-open'));
  // Kim: the CRM knew her as crm-7 and her browser as kim-web; the backend aliases both to kim
  await shop.send({ anon: 'kim-web', session: 'k1', at: 3 });
  await shop.server(WRITE_KEY, [
    { type: 'track', userId: 'crm-7', event: 'Plan upgraded', messageId: 'm-kim-1', timestamp: shop.ago(2) },
    { type: 'alias', previousId: 'crm-7', userId: 'kim', messageId: 'm-kim-2', timestamp: shop.ago(1.9) },
    { type: 'alias', previousId: 'kim-web', userId: 'kim', messageId: 'm-kim-3', timestamp: shop.ago(1.8) },
  ]);
  // a team inbox four users sign in with, and a newsletter open of it
  await shop.server(WRITE_KEY, ['t1', 't2', 't3', 't4'].map((u, i) => ({ type: 'identify', userId: u, traits: { email: 'team@example.com' }, messageId: `m-team-${u}`, timestamp: shop.ago(2 - i / 10) })));
  await deliver(shop, sendgrid('open', 'team@example.com', shop.ago(1), 'sg-team-open'));
  // Pat signs in with a placeholder user id ("null") and her address; a kiosk browser is used by 4 addresses
  await shop.send({ anon: 'pat-web', session: 'p1', at: 2 }, identify('pat-web', 'p1', 1.99, 'null', 'pat@example.com'));
  await shop.send({ anon: 'kiosk', session: 'q1', at: 2.1 }, ...['a', 'b', 'c', 'd'].map((x, i) => identify('kiosk', 'q1', 2 - i / 100, null, `${x}@example.com`)));
  await shop.close();
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 120_000);

afterAll(() => shop?.remove());

/** person_id of each row, by what tells it apart */
async function persons(where: string): Promise<string[]> {
  return (await shop.query<{ person_id: string }>(`SELECT DISTINCT person_id FROM events WHERE ${where} ORDER BY 1`)).map((r) => r.person_id);
}

it('puts a web visitor who identified with an address, her email open and her shop order in one person', async () => {
  const rows = await shop.query(`SELECT origin.kind AS kind, action, person_id FROM events
    WHERE anonymous_id = 'jane-web' OR email_sha256 = '${emailSha256('jane@example.com')}' ORDER BY occurred_at`);
  // her person is named after her browser, seen first: her rows from before she signed in keep
  // the person_id they had, and her user id's, email's and order's rows join it
  const jane = personOf.anonymous('jane-web');
  expect(rows).toEqual([
    { kind: 'browser', action: 'Page viewed', person_id: jane },
    { kind: 'browser', action: 'Identified', person_id: jane },
    { kind: 'sendgrid', action: 'Email opened', person_id: jane },
    { kind: 'shopify', action: 'Order completed', person_id: jane },
  ]);
  const map = await shop.query(`SELECT id_type, person_id, user_ids FROM identity_map
    WHERE (id_type, id) IN (('email', '${emailSha256('jane@example.com')}'), ('user_id', 'jane')) ORDER BY 1`);
  expect(map).toEqual([{ id_type: 'email', person_id: jane, user_ids: 1 }, { id_type: 'user_id', person_id: jane, user_ids: null }]);
});

it('makes a visitor never identified one person with the address her order and email open carry', async () => {
  expect(await persons(`anonymous_id = 'gus-web' OR email_sha256 = '${emailSha256('gus@example.com')}'`)).toEqual([personOf.anonymous('gus-web')]);
  const [p] = await shop.query(`SELECT user_id, anonymous_ids, conversions FROM profiles WHERE person_id = '${personOf.anonymous('gus-web')}'`);
  expect(p).toEqual({ user_id: null, anonymous_ids: ['gus-web'], conversions: 0 });
});

it('links the previous id of an alias to the user: an older user id and a browser alike', async () => {
  expect(await persons(`user_id IN ('crm-7', 'kim') OR anonymous_id = 'kim-web'`)).toEqual([personOf.anonymous('kim-web')]);
  const ids = await shop.query(`SELECT id_type, id FROM identity_map WHERE person_id = '${personOf.anonymous('kim-web')}' ORDER BY id_type, id`);
  expect(ids).toEqual([{ id_type: 'anonymous_id', id: 'kim-web' }, { id_type: 'user_id', id: 'crm-7' }, { id_type: 'user_id', id: 'kim' }]);
});

it('merges no one through an inbox shared by more than 3 user ids, a kiosk used by more than 3 addresses, or a placeholder user id', async () => {
  expect(await persons(`origin.kind = 'sendgrid' AND email_sha256 = '${emailSha256('team@example.com')}'`)).toEqual([personOf.email('team@example.com')]);
  for (const u of ['t1', 't2', 't3', 't4']) expect(await persons(`user_id = '${u}'`)).toEqual([personOf.user(u)]);
  // the kiosk's page view is its own person's; each identify there is its address's
  expect(await persons(`anonymous_id = 'kiosk' AND email_sha256 IS NULL`)).toEqual([personOf.anonymous('kiosk')]);
  expect(await persons(`anonymous_id = 'kiosk' AND email_sha256 = '${emailSha256('a@example.com')}'`)).toEqual([personOf.email('a@example.com')]);
  expect(await persons(`anonymous_id = 'pat-web' OR email_sha256 = '${emailSha256('pat@example.com')}'`)).toEqual([personOf.anonymous('pat-web')]);
  expect(await shop.query(`SELECT id FROM identity_map WHERE id_type = 'user_id' AND id = 'null'`)).toEqual([]);
});

it('makes no session of other apps\' rows: they have no session_id', async () => {
  const sessions = await shop.query('SELECT session_id FROM sessions ORDER BY 1');
  expect(sessions.map((s) => s.session_id)).toEqual(['g1', 'j1', 'k1', 'p1', 'q1']);
});

it('gives the same person ids on every run', async () => {
  const before = await shop.query('SELECT id_type, id, person_id FROM identity_map ORDER BY ALL');
  const again = await shop.actionlake('models');
  expect(again.code).toBe(0);
  expect(await shop.query('SELECT id_type, id, person_id FROM identity_map ORDER BY ALL')).toEqual(before);
});

it('`erase` by an email address removes the person\'s rows of every source and suppresses all their ids; `export` finds them first', async () => {
  const jane = emailSha256('jane@example.com')!;
  const out = `${shop.root}/jane.ndjson`;
  expect((await shop.actionlake('export', 'Jane@Example.com', '--out', out)).code).toBe(0);
  const exported = require('node:fs').readFileSync(out, 'utf8').trim().split('\n').map((l: string) => JSON.parse(l));
  expect(exported.map((r: any) => `${r.origin.kind} ${r.action}`).sort()).toEqual(['browser Identified', 'browser Page viewed', 'sendgrid Email opened', 'shopify Order completed']);
  const others = await shop.query(`SELECT event_id FROM events WHERE person_id <> '${personOf.anonymous('jane-web')}' ORDER BY 1`);

  const r = await shop.actionlake('erase', 'jane@example.com');
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^erase shop: 3 ids, 4 rows removed;/m);
  expect(await shop.query(`SELECT count(*)::INT AS n FROM events WHERE anonymous_id = 'jane-web' OR user_id = 'jane' OR email_sha256 = '${jane}'`)).toEqual([{ n: 0 }]);
  expect(await shop.query(`SELECT event_id FROM events ORDER BY 1`)).toEqual(others);
  const suppressed = JSON.parse(require('node:fs').readFileSync(`${shop.lakeDir}/config/site_id=shop/suppressed.json`, 'utf8')).hashes;
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  expect(suppressed).toEqual([sha('jane'), sha('jane-web'), sha(jane)].sort());
});
