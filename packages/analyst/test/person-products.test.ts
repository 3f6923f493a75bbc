/**
 * sql/models/person_products.sql at the scale of a real shop, in the real DuckDB: an ordered list
 * aggregate (list(... ORDER BY ...)) kept every person's input in memory and failed `models` at 1M
 * bench events under the default 512 MB; the model must spill like any GROUP BY. The same failure
 * shows here on 1M generated rows under 256 MB (the old SQL fails this test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duck } from '../src/ground/duck/duck';
import { SqlProject } from '../src/ground/sql/project';

it('lists 430k product interactions of 42k persons within 256 MB, most interactions first', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'person-products-'));
  const duck = await Duck.open({ tempDir: tmp, memoryLimit: '256MB', threads: 2 });
  try {
    // what person_events gives the model at 1M events: 42k persons, 43 % of the events carry a product (of 200)
    await duck.run(`CREATE TABLE person_events AS
      SELECT 'shop' AS site_id, 'p' || md5((i % 42244)::VARCHAR)[:16] AS person_id,
             CASE WHEN (i * 31) % 100 < 43
                  THEN [{'name': 'Product with a long name ' || ((i * 7919) % 200), 'price': 19.99, 'currency': 'EUR', 'brand': 'Brand ' || (i % 40),
                         'id': 'sku-' || ((i * 7919) % 200), 'category': 'Category ' || (i % 12), 'variant': NULL, 'quantity': 1.0, 'traits': NULL::JSON}]
                  ELSE [] END AS products
      FROM range(1000000) t(i)`);
    // one person's repeat interactions, to check the order
    await duck.run(`INSERT INTO person_events VALUES
      ('shop', 'alice', [{'name': 'B', 'price': 1, 'currency': 'EUR', 'brand': NULL, 'id': 'b', 'category': NULL, 'variant': NULL, 'quantity': 1, 'traits': NULL}]),
      ('shop', 'alice', [{'name': 'A', 'price': 1, 'currency': 'EUR', 'brand': NULL, 'id': 'a', 'category': NULL, 'variant': NULL, 'quantity': 1, 'traits': NULL}]),
      ('shop', 'alice', [{'name': 'C', 'price': 1, 'currency': 'EUR', 'brand': NULL, 'id': 'c', 'category': NULL, 'variant': NULL, 'quantity': 1, 'traits': NULL}]),
      ('shop', 'alice', [{'name': 'C', 'price': 1, 'currency': 'EUR', 'brand': NULL, 'id': 'c', 'category': NULL, 'variant': NULL, 'quantity': 1, 'traits': NULL}])`);
    const sql = SqlProject.load();
    await sql.loadMacros(duck);
    await sql.build(duck, sql.model('person_products'));
    const [n] = await duck.all<{ persons: number; interactions: number }>('SELECT count(*) AS persons, sum(list_sum(list_transform(products, x -> x.interactions))) AS interactions FROM person_products');
    const [expected] = await duck.all<{ products: number }>('SELECT sum(len(products)) AS products FROM person_events');
    expect(n).toEqual({ persons: 42245, interactions: expected.products });
    const [alice] = await duck.all<{ ids: string }>(`SELECT list_transform(products, x -> x.id || ':' || x.interactions)::VARCHAR AS ids FROM person_products WHERE person_id = 'alice'`);
    expect(alice.ids).toBe("['c:2', 'a:1', 'b:1']");
  } finally {
    duck.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);
