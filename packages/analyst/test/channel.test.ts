/**
 * GA4's default channel group (sql/macros/channel.sql) on lake-row columns, case by case, in the
 * real embedded DuckDB: the macro compact calls for events.channel and the models use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let db: DuckDBInstance;
let c: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  await c.run(fs.readFileSync(path.join(__dirname, '..', 'sql', 'macros', 'channel.sql'), 'utf8'));
});
afterAll(() => {
  c.closeSync();
  db.closeSync();
});

interface Row {
  utm?: { source?: string; medium?: string; campaign?: string };
  click_ids?: Record<string, string>;
  source?: string | null;
  source_type: string;
}

const q = (v: string | null | undefined) => (v === undefined || v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

async function channelOf(r: Row): Promise<{ channel: string; source: string; medium: string; click_id_type: string | null }> {
  const utm = `{'source': ${q(r.utm?.source)}, 'medium': ${q(r.utm?.medium)}, 'campaign': ${q(r.utm?.campaign)}}::STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR)`;
  const ids = r.click_ids ? `${q(JSON.stringify(r.click_ids))}::JSON` : 'NULL::JSON';
  const reader = await c.runAndReadAll(`
    SELECT channel(utm, ids, src, st, NULL) AS channel,
           al_source(utm.source, al_click_id_type(ids), src) AS source,
           al_medium(utm.source, utm.medium, al_click_id_type(ids), src, st) AS medium,
           al_click_id_type(ids) AS click_id_type
    FROM (SELECT ${utm} AS utm, ${ids} AS ids, ${q(r.source)} AS src, ${q(r.source_type)} AS st)`);
  return reader.getRowObjectsJson()[0] as never;
}

const cases: [string, Row, string][] = [
  // nothing at all: GA4 (direct) / (none)
  ['no referrer, no tags', { source: null, source_type: 'direct' }, 'Direct'],
  // ad click ids without UTM tags (auto-tagging)
  ['fbclid', { click_ids: { fbclid: 'a' }, source: 'facebook', source_type: 'paid' }, 'Paid Social'],
  ['ttclid', { click_ids: { ttclid: 'a' }, source: 'tiktok', source_type: 'paid' }, 'Paid Social'],
  ['li_fat_id', { click_ids: { li_fat_id: 'a' }, source: 'linkedin', source_type: 'paid' }, 'Paid Social'],
  ['twclid', { click_ids: { twclid: 'a' }, source: 'twitter', source_type: 'paid' }, 'Paid Social'],
  ['gclid', { click_ids: { gclid: 'a' }, source: 'google', source_type: 'paid' }, 'Paid Search'],
  ['gbraid', { click_ids: { gbraid: 'a' }, source: 'google', source_type: 'paid' }, 'Paid Search'],
  ['msclkid', { click_ids: { msclkid: 'a' }, source: 'bing', source_type: 'paid' }, 'Paid Search'],
  ['gclid on a shopping campaign', { utm: { campaign: 'PMax Shopping DE' }, click_ids: { gclid: 'a' }, source: 'google', source_type: 'paid' }, 'Paid Shopping'],
  ['dclid', { click_ids: { dclid: 'a' }, source: 'google', source_type: 'paid' }, 'Display'],
  ['gclid on a cross-network campaign', { utm: { campaign: 'brand-cross-network' }, click_ids: { gclid: 'a' }, source: 'google', source_type: 'paid' }, 'Cross-network'],
  // UTM tags
  ['google / cpc', { utm: { source: 'google', medium: 'cpc' }, source: 'google', source_type: 'paid' }, 'Paid Search'],
  ['facebook / paid_social', { utm: { source: 'facebook', medium: 'paid_social' }, source: 'facebook', source_type: 'paid' }, 'Paid Social'],
  ['youtube / cpv', { utm: { source: 'youtube', medium: 'cpv' }, source: 'youtube', source_type: 'paid' }, 'Paid Video'],
  ['amazon / ppc', { utm: { source: 'amazon', medium: 'ppc' }, source: 'amazon', source_type: 'paid' }, 'Paid Shopping'],
  ['criteo / retargeting', { utm: { source: 'criteo', medium: 'retargeting' }, source: 'criteo', source_type: 'referral' }, 'Paid Other'],
  ['criteo / banner', { utm: { source: 'criteo', medium: 'banner' }, source: 'criteo', source_type: 'referral' }, 'Display'],
  ['newsletter / email', { utm: { source: 'newsletter', medium: 'email' }, source: 'newsletter', source_type: 'email' }, 'Email'],
  ['e-mail as source', { utm: { source: 'e-mail', medium: 'blast' }, source: 'e-mail', source_type: 'referral' }, 'Email'],
  ['partner / affiliate', { utm: { source: 'partner', medium: 'affiliate' }, source: 'partner', source_type: 'referral' }, 'Affiliates'],
  ['facebook / social', { utm: { source: 'facebook', medium: 'social' }, source: 'facebook', source_type: 'social' }, 'Organic Social'],
  ['anything / sm', { utm: { source: 'club', medium: 'sm' }, source: 'club', source_type: 'referral' }, 'Organic Social'],
  ['podcast / audio', { utm: { source: 'podcast', medium: 'audio' }, source: 'podcast', source_type: 'referral' }, 'Audio'],
  ['sms', { utm: { source: 'sms', medium: 'text' }, source: 'sms', source_type: 'referral' }, 'SMS'],
  ['app / push', { utm: { source: 'app', medium: 'push' }, source: 'app', source_type: 'referral' }, 'Mobile Push Notifications'],
  ['a source with no medium', { utm: { source: 'flyer' }, source: 'flyer', source_type: 'direct' }, 'Unassigned'],
  ['an unknown medium', { utm: { source: 'flyer', medium: 'print' }, source: 'flyer', source_type: 'referral' }, 'Unassigned'],
  // referrers only
  ['www.google.com', { source: 'google.com', source_type: 'search' }, 'Organic Search'],
  ['google.co.uk', { source: 'google.co.uk', source_type: 'search' }, 'Organic Search'],
  ['duckduckgo.com', { source: 'duckduckgo.com', source_type: 'search' }, 'Organic Search'],
  ['l.facebook.com', { source: 'l.facebook.com', source_type: 'social' }, 'Organic Social'],
  ['t.co', { source: 't.co', source_type: 'social' }, 'Organic Social'],
  ['youtube.com', { source: 'youtube.com', source_type: 'social' }, 'Organic Video'],
  ['amazon.com', { source: 'amazon.com', source_type: 'referral' }, 'Organic Shopping'],
  ['a blog', { source: 'blog.example.org', source_type: 'referral' }, 'Referral'],
  ['webmail is a referral, not a search', { source: 'mail.google.com', source_type: 'search' }, 'Referral'],
  // chat assistants
  ['chatgpt.com', { source: 'chatgpt.com', source_type: 'referral' }, 'AI Assistants'],
  ['utm_source=chatgpt.com (ChatGPT tags its links)', { utm: { source: 'chatgpt.com' }, source: 'chatgpt.com', source_type: 'direct' }, 'AI Assistants'],
  ['chat.openai.com', { source: 'chat.openai.com', source_type: 'referral' }, 'AI Assistants'],
  ['perplexity.ai', { source: 'perplexity.ai', source_type: 'referral' }, 'AI Assistants'],
  ['www.perplexity.ai', { source: 'www.perplexity.ai', source_type: 'referral' }, 'AI Assistants'],
  ['claude.ai', { source: 'claude.ai', source_type: 'referral' }, 'AI Assistants'],
  ['gemini.google.com (a Google host, not search)', { source: 'gemini.google.com', source_type: 'search' }, 'AI Assistants'],
  ['copilot.microsoft.com', { source: 'copilot.microsoft.com', source_type: 'referral' }, 'AI Assistants'],
  ['an ad on a chat assistant stays paid', { utm: { source: 'chatgpt.com', medium: 'cpc' }, source: 'chatgpt.com', source_type: 'paid' }, 'Paid Other'],
];

describe('channel(utm, click_ids, source, source_type, referrer)', () => {
  it.each(cases)('%s → %s', async (_name, row, expected) => {
    expect((await channelOf(row)).channel).toBe(expected);
  });

  it('gives GA4 source / medium and the click id type the sessions table shows', async () => {
    expect(await channelOf({ click_ids: { fbclid: 'x', gclid: 'y' }, source: 'google', source_type: 'paid' })).toEqual({ channel: 'Paid Search', source: 'google', medium: 'cpc', click_id_type: 'gclid' });
    expect(await channelOf({ source: 'google.com', source_type: 'search' })).toEqual({ channel: 'Organic Search', source: 'google.com', medium: 'organic', click_id_type: null });
    expect(await channelOf({ source: null, source_type: 'direct' })).toEqual({ channel: 'Direct', source: '(direct)', medium: '(none)', click_id_type: null });
    expect(await channelOf({ utm: { source: 'Google', medium: 'CPC' }, source: 'Google', source_type: 'paid' })).toMatchObject({ channel: 'Paid Search', source: 'google', medium: 'cpc' });
    // an unknown click id is named but implies no medium: the referrer decides
    expect(await channelOf({ click_ids: { irclickid: 'z' }, source: 'partner.example', source_type: 'referral' })).toEqual({ channel: 'Referral', source: 'partner.example', medium: 'referral', click_id_type: 'irclickid' });
  });
});
