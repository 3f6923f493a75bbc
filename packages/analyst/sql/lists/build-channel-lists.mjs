#!/usr/bin/env node
/**
 * Writes the two data files of the channel rule (sql/macros/channel_sources.sql and
 * sql/macros/channel_suffixes.sql) from the lists as their publishers give them, so that an update
 * is a download and one command, and the data files stay exactly the published lists:
 *
 *   node packages/analyst/sql/lists/build-channel-lists.mjs \
 *     --categories ga4_source_categories.csv --categories-from "<where and when>" \
 *     --suffixes /usr/share/publicsuffix/public_suffix_list.dat --suffixes-from "<where and when>"
 *
 * --categories: Google's source-category list ("[GA4] Default channel group", the downloadable list
 *   at https://support.google.com/analytics/answer/9756891#list) as CSV `source,source_category`.
 * --suffixes: the Public Suffix List (https://publicsuffix.org/list/public_suffix_list.dat).
 * The --*-from texts are written into each file's header: where the list came from, and its date.
 */
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    categories: { type: 'string' },
    'categories-from': { type: 'string' },
    suffixes: { type: 'string' },
    'suffixes-from': { type: 'string' },
  },
});
if (!o.categories || !o.suffixes || !o['categories-from'] || !o['suffixes-from']) {
  console.error('usage: build-channel-lists.mjs --categories FILE.csv --categories-from TEXT --suffixes FILE.dat --suffixes-from TEXT');
  process.exit(2);
}
const MACROS = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..', 'macros');
const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;
const comment = (text) => text.split('\n').map((l) => `-- ${l}`.trimEnd()).join('\n');

// Google's list: one row per source, category without its SOURCE_CATEGORY_ prefix, in lower case
// (the rule compares lower-cased sources).
const CATEGORY = { SOURCE_CATEGORY_SEARCH: 'search', SOURCE_CATEGORY_SOCIAL: 'social', SOURCE_CATEGORY_SHOPPING: 'shopping', SOURCE_CATEGORY_VIDEO: 'video' };
const rows = fs.readFileSync(o.categories, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '' && l.replace(/,/g, '') !== '')
  .map((l) => {
    const [source, category] = l.split(',').map((s) => s.trim());
    if (!CATEGORY[category]) throw new Error(`unknown category in ${JSON.stringify(l)}`);
    return [source, CATEGORY[category]];
  });
const seen = new Set();
for (const [s] of rows) {
  if (seen.has(s.toLowerCase())) throw new Error(`${s} is listed twice`);
  seen.add(s.toLowerCase());
}
fs.writeFileSync(path.join(MACROS, 'channel_sources.sql'), `${comment(`Google's source-category list, the "lists of search / social / shopping / video sites" of GA4's
default channel group (sql/macros/channel.sql reads it as the table al_source_categories).
Source: ${o['categories-from']}
${rows.length} sources, as published (sources in lower case, SOURCE_CATEGORY_ left off). Do not add sites
here: this file is Google's list, written by sql/lists/build-channel-lists.mjs from its download.`)}

INSERT INTO al_source_categories (source, category) VALUES
${rows.map(([s, c]) => `  (${sqlString(s.toLowerCase())}, ${sqlString(c)})`).join(',\n')};
`);

// The Public Suffix List, ICANN section: the suffixes of more than one label (a single label, com or
// de, is always a public suffix: the list's default rule), internationalized ones as the URL parser
// gives hosts (punycode). Wildcard (*.ck) and exception (!www.ck) rules are left out: no source on
// Google's list lies under one, so they never change a lookup.
const dat = fs.readFileSync(o.suffixes, 'utf8');
const icann = dat.slice(dat.indexOf('===BEGIN ICANN DOMAINS==='), dat.indexOf('===END ICANN DOMAINS==='));
const suffixes = [...new Set(icann.split('\n').map((l) => l.trim())
  .filter((l) => l && !l.startsWith('//') && !/^[*!]/.test(l) && l.includes('.'))
  .map((l) => url.domainToASCII(l)).filter(Boolean))].sort();
const byTld = new Map();
for (const s of suffixes) {
  const tld = s.slice(s.lastIndexOf('.') + 1);
  byTld.set(tld, [...(byTld.get(tld) ?? []), s]);
}
fs.writeFileSync(path.join(MACROS, 'channel_suffixes.sql'), `${comment(`Public suffixes of more than one label (co.uk, com.au, ...), for the registrable domain of a host
(sql/macros/channel.sql reads it as the table al_public_suffixes): google.co.uk's is google.co.uk,
not co.uk. A single label (com, de) is always a public suffix, so those are not listed.
Source: the Public Suffix List (https://publicsuffix.org), ICANN section, ${o['suffixes-from']}.
License: Mozilla Public License 2.0 (https://mozilla.org/MPL/2.0/). ${suffixes.length} suffixes; wildcard and
exception rules left out (no source of Google's list lies under one). Written by
sql/lists/build-channel-lists.mjs; one line per top-level domain.`)}

INSERT INTO al_public_suffixes (suffix)
SELECT unnest(string_split(trim(s), ' ')) FROM (VALUES
${[...byTld.values()].map((l) => `  (${sqlString(l.join(' '))})`).join(',\n')}
) t(s);
`);
console.log(JSON.stringify({ sources: rows.length, suffixes: suffixes.length }));
