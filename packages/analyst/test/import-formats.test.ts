/**
 * `actionlake import` (contract §10 "Import") on a local lake: each format's known answer (Google
 * Ads' offline-conversion template with its time zones, contacts, events), the rows the collector
 * would write for another app (origin import, email_sha256, no anonymous_id or session_id), a file
 * imported twice adding nothing, and every bad input named: bad lines by their line number (the
 * `Parameters:` row is line 1) and skipped, a missing column, an unknown source, a wrong kind, a bad
 * time zone, a runaway quote over ACTIONLAKE_IMPORT_MAX_RECORD_BYTES.
 */
import fs from 'node:fs';
import path from 'node:path';
import { emailSha256 } from '@actionlake/schema/node';
import { importLake, type ImportLake } from './support/imports';

jest.setTimeout(60_000);

/** when the export was written: its modification time is the imported rows' received_at */
const EXPORTED = new Date('2026-10-01T08:15:00Z');
let t: ImportLake;
let FIXTURE: string;
beforeEach(() => {
  t = importLake('import');
  FIXTURE = t.file('google-ads-offline.csv', fs.readFileSync(path.join(__dirname, 'fixtures/import/google-ads-offline.csv'), 'utf8'));
  fs.utimesSync(FIXTURE, EXPORTED, EXPORTED);
});
afterEach(() => t.remove());

const HEADER = 'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency';

it("google-ads-offline: Google's template, the Parameters row's zone, a row's own zone winning, one row per line", async () => {
  const r = await t.import(FIXTURE, 'ads', 'google-ads-offline');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // every row in the partition of the hour the file was written: one object
  expect(r.stdout).toMatch(/import ads → .* site shop: 3 rows; 0 bad lines skipped; 1 object written, 0 already in the lake/);
  const pick = (row: Record<string, any>) => ({
    action: row.action, occurred_at: row.occurred_at, received_at: row.received_at, click_ids: row.click_ids, attributes: row.attributes,
    origin: { ...row.origin, id: undefined }, source: row.source, source_type: row.source_type,
    ids: [row.anonymous_id, row.session_id, row.user_id, row.email_sha256],
  });
  const origin = { kind: 'import', source_id: 'ads', event: 'google-ads-offline', id: undefined };
  expect(t.rows().map(pick)).toEqual([
    // +0100 (the row's own offset wins over New York)
    { action: 'Qualified lead', occurred_at: '2026-09-15T13:30:00.000Z', received_at: EXPORTED.toISOString(), click_ids: { gclid: 'Cj0KCQiA-gclid-two' }, attributes: undefined, origin, source: 'google', source_type: 'paid', ids: [undefined, undefined, undefined, undefined] },
    // the Parameters row's America/New_York, in daylight saving time (UTC-4)
    { action: 'Closed deal', occurred_at: '2026-09-15T18:30:00.000Z', received_at: EXPORTED.toISOString(), click_ids: { gclid: 'Cj0KCQiA-gclid-one' }, attributes: { value: 120.5, currency: 'EUR' }, origin, source: 'google', source_type: 'paid', ids: [undefined, undefined, undefined, undefined] },
    // MM/dd/yyyy hh:mm:ss PM and a zone id (Europe/Berlin, UTC+2 in September)
    { action: 'Closed deal', occurred_at: '2026-09-16T12:05:00.000Z', received_at: EXPORTED.toISOString(), click_ids: { gclid: 'Cj0KCQiA-gclid-three' }, attributes: { value: 99, currency: 'USD' }, origin, source: 'google', source_type: 'paid', ids: [undefined, undefined, undefined, undefined] },
  ]);
  for (const row of t.rows()) {
    expect(row.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row).toMatchObject({ site_id: 'shop', action_type: 'custom', schema_version: '1-2-0', collector_id: 'import_ads', ip: null, geo: null, bot: { is_bot: false } });
  }
  expect(t.objects()).toEqual([expect.stringMatching(/^events\/site_id=shop\/dt=2026-10-01\/hour=08\/import_ads-[0-9a-f]{32}\.ndjson\.gz$/)]);
});

it('google-ads-offline: GBRAID and WBRAID columns, exactly one click id per line', async () => {
  const f = t.file('braid.csv', 'Google Click ID,GBRAID,WBRAID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency\n'
    + ',gb-1,,Store visit,2026-10-01 10:00:00+0000,,\n,,wb-1,Store visit,2026-10-01 11:00:00-0500,,\ngc-1,gb-2,,Store visit,2026-10-01 12:00:00+0000,,\n');
  const r = await t.import(f, 'ads', 'google-ads-offline');
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('line 4: 2 click ids (gclid, gbraid); a line has exactly one; skipped');
  expect(t.rows().map((x) => [x.click_ids, x.occurred_at])).toEqual([
    [{ gbraid: 'gb-1' }, '2026-10-01T10:00:00.000Z'],
    [{ wbraid: 'wb-1' }, '2026-10-01T16:00:00.000Z'],
  ]);
});

it('contacts: email, user_id and trait columns become identify rows; the address only as email_sha256 and the email trait', async () => {
  const f = t.file('contacts.csv', 'email,user_id,first_name,plan,occurred_at\n Jane@Example.com ,crm-1,Jane,pro,2026-11-01T09:00:00Z\nraj@example.com,,Raj,,2026-11-02T09:00:00+01:00\n,crm-3,Ola,free,2026-11-03T09:00:00Z\n');
  const r = await t.import(f, 'crm', 'contacts');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(t.rows().map((x) => ({ action: x.action, type: x.action_type, user_id: x.user_id, email_sha256: x.email_sha256, traits: x.traits, at: x.occurred_at, origin: x.origin.kind, event: x.origin.event }))).toEqual([
    { action: 'Identified', type: 'identify', user_id: 'crm-1', email_sha256: emailSha256('jane@example.com'), traits: { email: 'Jane@Example.com', first_name: 'Jane', plan: 'pro' }, at: '2026-11-01T09:00:00.000Z', origin: 'import', event: 'contacts' },
    { action: 'Identified', type: 'identify', user_id: null, email_sha256: emailSha256('raj@example.com'), traits: { email: 'raj@example.com', first_name: 'Raj' }, at: '2026-11-02T08:00:00.000Z', origin: 'import', event: 'contacts' },
    { action: 'Identified', type: 'identify', user_id: 'crm-3', email_sha256: undefined, traits: { first_name: 'Ola', plan: 'free' }, at: '2026-11-03T09:00:00.000Z', origin: 'import', event: 'contacts' },
  ]);
});

it('events: event_id, action, occurred_at, user_id or email and attribute columns; a line repeated in the file is one row', async () => {
  const line = 'inv-7,Invoice paid,2026-10-05T12:00:00Z,,ann@example.com,49.90,EUR';
  const f = t.file('events.csv', `event_id,action,occurred_at,user_id,email,value,currency\n${line}\ninv-8,Invoice paid,2026-10-06T12:00:00Z,u-2,,10,EUR\n${line}\n`);
  const r = await t.import(f, 'billing', 'events');
  expect(r.code).toBe(0);
  const rows = t.rows();
  expect(rows.map((x) => [x.action, x.user_id, x.email_sha256 ?? null, x.attributes, x.occurred_at])).toEqual([
    ['Invoice paid', null, emailSha256('ann@example.com'), { value: '49.90', currency: 'EUR' }, '2026-10-05T12:00:00.000Z'],
    ['Invoice paid', 'u-2', null, { value: '10', currency: 'EUR' }, '2026-10-06T12:00:00.000Z'],
  ]);
  expect(rows.map((x) => x.origin.id)).toEqual(['event:inv-7', 'event:inv-8']);
});

it('the same file imported twice adds no object and no row; the second run says so', async () => {
  const first = await t.import(FIXTURE, 'ads', 'google-ads-offline');
  expect(first.code).toBe(0);
  const objects = t.objects();
  const mtimes = objects.map((k) => fs.statSync(path.join(t.lake, k)).mtimeMs);
  const second = await t.import(FIXTURE, 'ads', 'google-ads-offline');
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/3 rows; 0 bad lines skipped; 0 objects written, 1 already in the lake/);
  expect(t.objects()).toEqual(objects);
  expect(objects.map((k) => fs.statSync(path.join(t.lake, k)).mtimeMs)).toEqual(mtimes);
  expect(t.rows()).toHaveLength(3);
});

it('ACTIONLAKE_IMPORT_OBJECT_ROWS bounds the rows held: one more row than it makes a second object, and a rerun still adds none', async () => {
  const { cli } = await import('./support/lake');
  const run = (rows: string) => cli(['import', FIXTURE, '--source', 'ads', '--format', 'google-ads-offline', '--lake', t.lake, '--sources', t.sources], { ACTIONLAKE_IMPORT_OBJECT_ROWS: rows });
  expect((await run('2')).stdout).toMatch(/3 rows; 0 bad lines skipped; 2 objects written, 0 already in the lake/);
  expect((await run('2')).stdout).toMatch(/0 objects written, 2 already in the lake/);
  expect(t.rows()).toHaveLength(3);
  const bad = await run('0');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe('actionlake: ACTIONLAKE_IMPORT_OBJECT_ROWS must be a whole number above 0, got "0"\n');
});

it('bad lines are reported by their line number in the file (Parameters row = line 1) and skipped; the others are imported', async () => {
  const f = t.file('bad.csv', [
    'Parameters:TimeZone=Europe/Berlin',                                  // 1
    HEADER,                                                               // 2
    'g-ok-1,Closed deal,2026-09-15 14:30:00,10,EUR',                      // 3
    'g-bad-time,Closed deal,2026-09-15T14:30:00Z,10,EUR',                 // 4: a T, a Z
    '"g-ok-2","Closed deal',                                              // 5: a name over two lines
    'again",2026-09-15 15:30:00,10,EUR',                                  // 6
    '',                                                                   // 7: empty
    'g-bad-zone,Closed deal,2026-09-15 14:30:00 Mars/Olympus,10,EUR',     // 8
    ',Closed deal,2026-09-15 14:30:00,10,EUR',                            // 9: no click id
    'g-bad-value,Closed deal,2026-09-15 14:30:00,"1,000",EUR',            // 10
    'g-future,Closed deal,2099-01-01 00:00:00,10,EUR',                    // 11
    '=HYPERLINK("x"),Closed deal,2026-09-15 14:30:00,10,EUR,extra',      // 12: a field more than the header
    'g-ok-3,Closed deal,2026-09-16 14:30:00,10,eur',                      // 13
  ].join('\n') + '\n');
  const badFile = path.join(t.root, 'bad-lines.csv');
  const r = await t.import(f, 'ads', 'google-ads-offline', '--bad', badFile);
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/3 rows; 6 bad lines skipped/);
  const lines = r.stderr.trim().split('\n');
  expect(lines.map((l) => /^actionlake: warning: line (\d+): /.exec(l)?.[1])).toEqual(['4', '8', '9', '10', '11', '12']);
  expect(r.stderr).toContain("line 4: Conversion Time \"2026-09-15T14:30:00Z\" is not a time Google's template takes");
  expect(r.stderr).toContain('line 8: Conversion Time "2026-09-15 14:30:00 Mars/Olympus": unknown time zone "Mars/Olympus"');
  expect(r.stderr).toContain('line 10: Conversion Value "1,000" is not a number');
  expect(r.stderr).toContain('line 11: the time 2098-12-31T23:00:00.000Z is in the future');
  expect(r.stderr).toContain('line 12: 6 fields; the header has 5');
  expect(t.rows().map((x) => [x.click_ids.gclid, x.action, x.occurred_at])).toEqual([
    ['g-ok-1', 'Closed deal', '2026-09-15T12:30:00.000Z'],
    ['g-ok-2', 'Closed deal\nagain', '2026-09-15T13:30:00.000Z'],
    ['g-ok-3', 'Closed deal', '2026-09-16T12:30:00.000Z'],
  ]);
  // every bad line in the --bad file, its text safe to open in a spreadsheet
  const report = fs.readFileSync(badFile, 'utf8').split('\n');
  expect(report[0]).toBe('line,reason,record');
  expect(report.filter(Boolean)).toHaveLength(7);
  expect(report.find((l) => l.startsWith('12,'))).toBe(`12,6 fields; the header has 5,"'=HYPERLINK(""x""),Closed deal,2026-09-15 14:30:00,10,EUR,extra"`);
  expect(report.find((l) => l.startsWith('9,'))).toBe('9,"no click id (Google Click ID, GBRAID or WBRAID)",",Closed deal,2026-09-15 14:30:00,10,EUR"');
});

it('a missing column is an error naming it, and nothing is imported', async () => {
  const f = t.file('no-time.csv', 'Google Click ID,Conversion Name,Conversion Value,Conversion Currency\ng-1,Closed deal,10,EUR\n');
  const r = await t.import(f, 'ads', 'google-ads-offline');
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('actionlake: --format google-ads-offline: the header has no "Conversion Time" column (its columns: Google Click ID, Conversion Name, Conversion Value, Conversion Currency)\n');
  const events = t.file('events.csv', 'event_id,occurred_at,user_id\ne-1,2026-10-01T00:00:00Z,u-1\n');
  expect((await t.import(events, 'billing', 'events')).stderr).toContain('the header has no "action" column');
  const contacts = t.file('contacts.csv', 'name,plan\nAnn,pro\n');
  expect((await t.import(contacts, 'crm', 'contacts')).stderr).toContain('the header has no "email" column and no "user_id" column');
  expect(t.objects()).toEqual([]);
});

it('an unknown source, a source of another kind, no sources file: bad usage (exit 2), nothing read', async () => {
  const unknown = await t.import(FIXTURE, 'adwords', 'google-ads-offline');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toBe(`actionlake: unknown source "adwords": ${t.sources} declares no source with that id (import sources: ads, crm, billing)\n`);
  const wrongKind = await t.import(FIXTURE, 'pay', 'google-ads-offline');
  expect(wrongKind.code).toBe(2);
  expect(wrongKind.stderr).toBe(`actionlake: source "pay" is of kind "stripe"; import writes only as a source of kind "import" (declare one in ${t.sources})\n`);
  const { cli } = await import('./support/lake');
  const none = await cli(['import', FIXTURE, '--source', 'ads', '--format', 'google-ads-offline', '--lake', t.lake]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('set SOURCES_FILE (as for the collector) or pass --sources FILE');
  const format = await t.import(FIXTURE, 'ads', 'adwords-csv');
  expect(format.code).toBe(2);
  expect(format.stderr).toContain('--format must be one of contacts, google-ads-offline, events, got "adwords-csv"');
  expect(t.objects()).toEqual([]);
});

it("--site S (contract §7: limits any command to one site) is the source's own site or an error: the rows go where SOURCES_FILE says", async () => {
  // the source's site on a lake that has no events for it yet: the first import creates it
  const same = await t.import(FIXTURE, 'ads', 'google-ads-offline', '--site', 'shop');
  expect(same.stderr).toBe('');
  expect(same.code).toBe(0);
  expect(t.objects()).toEqual([expect.stringMatching(/^events\/site_id=shop\//)]);
  // another site, one the lake knows: named as a contradiction (bad usage), nothing written
  const sources = JSON.parse(fs.readFileSync(t.sources, 'utf8'));
  fs.writeFileSync(t.sources, JSON.stringify([...sources, { id: 'blog-crm', kind: 'import', site: 'blog' }]));
  const contacts = t.file('blog.csv', 'email,plan\nann@example.com,pro\n');
  expect((await t.import(contacts, 'blog-crm', 'contacts')).code).toBe(0);
  const before = t.objects();
  const other = await t.import(FIXTURE, 'ads', 'google-ads-offline', '--site', 'blog');
  expect(other.code).toBe(2);
  expect(other.stderr).toBe(`actionlake: --site blog contradicts source "ads", whose rows go to site "shop" (${t.sources}); leave --site out, or import as a source of site "blog"\n`);
  expect(t.objects()).toEqual(before);
  // a site the lake has never seen is the same contradiction, not an "unknown site"
  const unseen = await t.import(FIXTURE, 'ads', 'google-ads-offline', '--site', 'newsletter');
  expect(unseen.code).toBe(2);
  expect(unseen.stderr).toContain('--site newsletter contradicts source "ads", whose rows go to site "shop"');
});

it('a Parameters row with a time zone that is none stops the import, naming line 1', async () => {
  const f = t.file('zone.csv', `Parameters:TimeZone=Eastern Time\n${HEADER}\ng-1,Closed deal,2026-09-15 14:30:00,10,EUR\n`);
  const r = await t.import(f, 'ads', 'google-ads-offline');
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('actionlake: line 1: Parameters:TimeZone="Eastern Time" is not a time zone (a time zone id such as America/New_York, or +HHMM / -HHMM)\n');
  const noZone = t.file('nozone.csv', `${HEADER}\ng-1,Closed deal,2026-09-15 14:30:00,10,EUR\ng-2,Closed deal,2026-09-15 14:30:00-0400,10,EUR\n`);
  const r2 = await t.import(noZone, 'ads', 'google-ads-offline');
  expect(r2.stderr).toContain('line 2: Conversion Time "2026-09-15 14:30:00" names no time zone, and there is no Parameters:TimeZone= row; skipped');
  expect(t.rows().map((x) => x.occurred_at)).toEqual(['2026-09-15T18:30:00.000Z']);
});

it('a quote never closed: the import stops at ACTIONLAKE_IMPORT_MAX_RECORD_BYTES naming the line, the rows before it imported', async () => {
  const f = t.file('quote.csv', `${HEADER}\ng-1,Closed deal,2026-09-15 14:30:00+0000,10,EUR\n"g-2,Closed deal,2026-09-15 14:30:00+0000,10,EUR\n${'g-x,Closed deal,2026-09-15 14:30:00+0000,10,EUR\n'.repeat(40)}`);
  const { cli } = await import('./support/lake');
  const r = await cli(['import', f, '--source', 'ads', '--format', 'google-ads-offline', '--lake', t.lake, '--sources', t.sources], { ACTIONLAKE_IMPORT_MAX_RECORD_BYTES: '1000' });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('line 3: a record longer than 1000 bytes (ACTIONLAKE_IMPORT_MAX_RECORD_BYTES)');
  expect(t.rows().map((x) => x.click_ids.gclid)).toEqual(['g-1']);
  // with room for it, the quote runs to the end of the file: the same line named, the same row kept
  const wide = await cli(['import', f, '--source', 'ads', '--format', 'google-ads-offline', '--lake', t.lake, '--sources', t.sources], { ACTIONLAKE_IMPORT_MAX_RECORD_BYTES: '5000' });
  expect(wide.code).toBe(1);
  expect(wide.stderr).toContain('line 3: Quote Not Closed: the parsing is finished with an opening quote. The lines before it are imported.');
  expect(t.rows().map((x) => x.click_ids.gclid)).toEqual(['g-1']);
});

it('shows its progress on a terminal (MB read, rows), and clears it before the summary', async () => {
  const { run } = await import('../src/cli/run');
  let stderr = '';
  let stdout = '';
  const code = await run(['import', FIXTURE, '--source', 'ads', '--format', 'google-ads-offline', '--lake', t.lake, '--sources', t.sources], {
    stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, tty: true,
  });
  expect(code).toBe(0);
  expect(stderr).toMatch(/^\r\x1b\[Kimport ads: 0\.0 of 0\.0 MB \(100%\), 3 rows, 0 bad lines\r\x1b\[K$/);
  expect(stdout).toMatch(/^import ads → /);
});
