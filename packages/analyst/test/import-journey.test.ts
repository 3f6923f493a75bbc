/**
 * An offline conversion imported from Google Ads' template, credited to the visit that landed with
 * its click id (contract §7 "Touches", §10 "Import"): a visitor lands through the real collector
 * with a `gclid` (and comes back a day later, direct), the sales team closes the deal offline, and
 * the Google Ads CSV of that gclid is imported; then `actionlake build`. The conversion is that
 * browser's person's (identity_map's click_id row, the rule of identity_map.sql), counted with its
 * value, and attribution credits the gclid session (not the person's later direct visit). A
 * conversion whose gclid no visit landed with is its own person, its ad click its one touch. Importing the file again changes nothing after a rebuild.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_SOURCES } from './support/imports';
import { Shop } from './support/journeys';

jest.setTimeout(120_000);

const md5 = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 16);
let shop: Shop;
let csv: string;

/** `2026-09-15 14:30:00+0000`: a time as Google's template writes it */
const googleTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}+0000`;

const importAds = () => shop.actionlake('import', csv, '--source', 'ads', '--format', 'google-ads-offline', '--sources', path.join(shop.root, 'sources.json'));

beforeAll(async () => {
  shop = await Shop.open({ sources: IMPORT_SOURCES });
  await shop.send(
    { anon: 'lea-web', session: 'l1', at: 3, path: '/pricing', click_ids: { gclid: 'Cj0KCQ-lea-click' } },
    { anon: 'lea-web', session: 'l1', at: 2.99, path: '/contact' },
    { anon: 'lea-web', session: 'l2', at: 2 },
    { anon: 'max-web', session: 'm1', at: 2.5, utm: { source: 'newsletter', medium: 'email' } },
  );
  await shop.close();
  shop.writeModel({ conversions: ['Closed deal'], lookback_days: 30 });
  csv = path.join(shop.root, 'google-ads.csv');
  fs.writeFileSync(csv, [
    'Parameters:TimeZone=Europe/Berlin',
    'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
    `Cj0KCQ-lea-click,Closed deal,${googleTime(shop.ago(1))},1200,EUR`,
    `Cj0KCQ-nobody-landed,Closed deal,${googleTime(shop.ago(0.5))},300,EUR`,
  ].join('\n') + '\n');
  const imported = await importAds();
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 120_000);

afterAll(() => shop?.remove());

it("makes the imported conversion the person of the browser that landed with its gclid, counted with its value", async () => {
  const person = `p${md5('anonymous_id:lea-web')}`;
  expect(await shop.query(`SELECT id_type, id, person_id FROM identity_map WHERE id_type = 'click_id' ORDER BY id`)).toEqual([
    { id_type: 'click_id', id: 'gclid:Cj0KCQ-lea-click', person_id: person },
    { id_type: 'click_id', id: 'gclid:Cj0KCQ-nobody-landed', person_id: `p${md5('click_id:gclid:Cj0KCQ-nobody-landed')}` },
  ]);
  expect(await shop.query(`SELECT person_id, session_id, action, value, currency FROM conversions ORDER BY occurred_at`)).toEqual([
    { person_id: person, session_id: null, action: 'Closed deal', value: 1200, currency: 'EUR' },
    { person_id: `p${md5('click_id:gclid:Cj0KCQ-nobody-landed')}`, session_id: null, action: 'Closed deal', value: 300, currency: 'EUR' },
  ]);
});

it('credits the session that landed with the gclid (Google Ads, paid search), and a click no visit landed with as its own touch', async () => {
  const rows = await shop.query(`SELECT a.session_id, a.channel, a.click_id_type, a.first, a.touch_index
    FROM attribution a JOIN conversions c ON c.event_id = a.conversion_event_id ORDER BY c.occurred_at, a.touch_index`);
  expect(rows).toEqual([
    // Lea's deal: the session that landed with its gclid alone (not her later direct visit)
    { session_id: 'l1', channel: 'Paid Search', click_id_type: 'gclid', first: 1, touch_index: 1 },
    // a gclid no visit landed with: the ad click itself is the one touch
    { session_id: null, channel: 'Paid Search', click_id_type: 'gclid', first: 1, touch_index: 1 },
  ]);
});

it('importing the same file again adds nothing: the same objects, the same tables', async () => {
  const before = await shop.query('SELECT event_id, person_id FROM events ORDER BY ALL');
  const again = await importAds();
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/2 rows; 0 bad lines skipped; 0 objects written, 1 already in the lake/);
  expect((await shop.actionlake('build')).code).toBe(0);
  expect(await shop.query('SELECT event_id, person_id FROM events ORDER BY ALL')).toEqual(before);
});
