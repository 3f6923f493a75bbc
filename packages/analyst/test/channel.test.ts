/**
 * GA4's default channel group (sql/macros/channel.sql with Google's source list) in the real
 * embedded DuckDB, on what the real collector stores. test/fixtures/ga4-channel-cases.csv holds a
 * few hundred visits written from Google's documentation ("[GA4] Default channel group" and its
 * list of sources), each with the rule it exercises: UTM tags, a click id, a referrer -> channel.
 * Each visit goes through the collector's own source classification (its `source` and
 * `source_type`), then through the `channel` macro that `compact` calls, loaded by the models' loader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifySource } from '@actionlake/schema/node';
import { Duck, lit } from '../src/ground/duck/duck';
import { SqlProject } from '../src/ground/sql/project';

interface Case { rule: string; utm_source: string; utm_medium: string; utm_campaign: string; referrer: string; click_id: string; expected: string }

const CASES: Case[] = (() => {
  const [head, ...lines] = fs.readFileSync(path.join(__dirname, 'fixtures', 'ga4-channel-cases.csv'), 'utf8').trim().split('\n');
  const names = head.split(',') as (keyof Case)[];
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])) as unknown as Case);
})();

/** A lake row's channel arguments for a visit to https://shop.example/landing, as the collector stores them. */
function row(c: Case) {
  const utm = { source: c.utm_source || undefined, medium: c.utm_medium || undefined, campaign: c.utm_campaign || undefined };
  const click_ids = c.click_id ? { [c.click_id]: 'Cj0KCQ-test' } : undefined;
  const { source, source_type } = classifySource({ utm, click_ids, referrer: c.referrer || undefined, pageUrl: 'https://shop.example/landing' });
  return { utm, click_ids, source, source_type, referrer: c.referrer || null };
}

const q = (v: string | null | undefined) => (v === undefined || v === null ? 'NULL' : lit(v));

/** A table `name` of the channel macro's arguments for each case (column `n`: the case's index). */
async function argsTable(name: string, cases: Case[]): Promise<void> {
  const values = cases.map((c, n) => {
    const r = row(c);
    const ids = r.click_ids ? q(JSON.stringify(r.click_ids)) : 'NULL';
    return `(${n}, {'source': ${q(r.utm.source)}, 'medium': ${q(r.utm.medium)}, 'campaign': ${q(r.utm.campaign)}}, ${ids}, ${q(r.source)}, ${q(r.source_type)}, ${q(r.referrer)})`;
  });
  await duck.run(`CREATE OR REPLACE TABLE ${name} (n INTEGER, utm STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR), click_ids JSON, source VARCHAR, source_type VARCHAR, referrer VARCHAR)`);
  await duck.run(`INSERT INTO ${name} VALUES ${values.join(',\n')}`);
}

let tmp: string;
let duck: Duck;
let channels: string[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-'));
  duck = await Duck.open({ tempDir: tmp, memoryLimit: '256MB', threads: 2 });
  await SqlProject.load().loadMacros(duck);
  await argsTable('cases', CASES);
  const rows = await duck.all<{ n: number; channel: string }>('SELECT n, channel(utm, click_ids, source, source_type, referrer) AS channel FROM cases ORDER BY n');
  channels = rows.map((r) => r.channel);
}, 60_000);
afterAll(() => {
  duck.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('channel(utm, click_ids, source, source_type, referrer) on Google\'s rules and list', () => {
  it('has a few hundred cases, every channel among them', () => {
    expect(CASES.length).toBeGreaterThan(300);
    expect(new Set(CASES.map((c) => c.expected))).toEqual(new Set([
      'Direct', 'Cross-network', 'Paid Shopping', 'Paid Search', 'Paid Social', 'Paid Video', 'Display', 'Paid Other', 'AI Assistants',
      'Organic Shopping', 'Organic Social', 'Organic Video', 'Organic Search', 'Referral', 'Email', 'Affiliates', 'Audio', 'SMS',
      'Mobile Push Notifications', 'Unassigned',
    ]));
  });

  it.each(CASES.map((c, n) => [n + 2, c.rule, c.utm_source, c.utm_medium, c.utm_campaign, c.referrer, c.click_id, c.expected, n]))(
    'line %i: %s [%s / %s / %s, referrer %s, %s] -> %s',
    (_line, _rule, _s, _m, _c, _r, _id, expected, n) => {
      expect(channels[n as number]).toBe(expected);
    },
  );
});

describe('source, medium and click id type as the sessions table shows them', () => {
  const one = async (c: Partial<Case>) => {
    await argsTable('one_case', [{ rule: '', utm_source: '', utm_medium: '', utm_campaign: '', referrer: '', click_id: '', expected: '', ...c }]);
    // columns of a table aliased `s`, as sessions.sql calls these macros
    const [r] = await duck.all(`SELECT al_source(s.utm.source, al_click_id_type(s.click_ids), s.source) AS source,
        al_medium(s.utm.source, s.utm.medium, al_click_id_type(s.click_ids), s.source, s.source_type) AS medium,
        al_click_id_type(s.click_ids) AS click_id_type, channel(s.utm, s.click_ids, s.source, s.source_type, s.referrer) AS channel
      FROM one_case s`);
    return r;
  };

  it('names the network of a click id and GA4 source / medium', async () => {
    expect(await one({ click_id: 'gclid', referrer: 'https://www.google.com/' })).toEqual({ source: 'google', medium: 'cpc', click_id_type: 'gclid', channel: 'Paid Search' });
    expect(await one({ utm_source: 'google', utm_medium: 'organic', click_id: 'gclid' })).toEqual({ source: 'google', medium: 'cpc', click_id_type: 'gclid', channel: 'Paid Search' });
    expect(await one({ click_id: 'fbclid', referrer: 'https://l.facebook.com/' })).toEqual({ source: 'facebook', medium: 'referral', click_id_type: 'fbclid', channel: 'Organic Social' });
    expect(await one({ referrer: 'https://www.google.co.uk/' })).toEqual({ source: 'google.co.uk', medium: 'organic', click_id_type: null, channel: 'Organic Search' });
    expect(await one({ referrer: 'https://docs.google.com/document/d/1' })).toEqual({ source: 'docs.google.com', medium: 'referral', click_id_type: null, channel: 'Referral' });
    expect(await one({})).toEqual({ source: '(direct)', medium: '(none)', click_id_type: null, channel: 'Direct' });
    expect(await one({ utm_source: 'Google', utm_medium: 'CPC' })).toMatchObject({ source: 'google', medium: 'cpc', channel: 'Paid Search' });
  }, 30_000);

  it('names an unknown click id but reads no medium from it: the referrer decides', async () => {
    expect(await one({ click_id: 'irclickid', referrer: 'https://partner.example/' })).toEqual({ source: 'partner.example', medium: 'referral', click_id_type: 'irclickid', channel: 'Referral' });
  }, 10_000);

  it('looks a host up by its registrable domain, by the Public Suffix List', async () => {
    const [r] = await duck.all(`SELECT al_registrable_domain('www.google.co.uk') AS a, al_registrable_domain('news.bbc.co.uk') AS b,
      al_registrable_domain('co.uk') AS c, al_registrable_domain('a.b.example.com') AS d, al_source_keys('WWW.Google.com.br') AS keys`);
    expect(r).toEqual({ a: 'google.co.uk', b: 'bbc.co.uk', c: null, d: 'example.com', keys: ['www.google.com.br', 'google.com.br', 'google.com.br', 'google'] });
  });
});
