import { test } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './collector';
import { readLocalRows } from './lake';
import { sitePool } from './sites';

/**
 * One real collector with a local lake shared by a spec file's tests (started in beforeAll,
 * stopped in afterAll with the page servers the tests started). Tests keep apart by site id.
 */
export function localLakeSuite(env: Record<string, string> = {}) {
  const sites = sitePool();
  const suite = {
    collector: undefined as unknown as RunningCollector,
    lakeDir: '',
    serve: sites.serve,
    keep: sites.keep,
    /** the lake rows of one site written so far */
    rowsOf: (site: string): any[] => readLocalRows(suite.lakeDir).map((r) => r.row).filter((r) => r.site_id === site),
  };
  test.beforeAll(async () => {
    suite.lakeDir = tempDir('lake');
    suite.collector = await startCollector({ LAKE_DIR: suite.lakeDir, SPOOL_DIR: tempDir('spool'), ...env });
  });
  test.afterAll(async () => {
    await sites.closeAll();
    await suite.collector?.kill('SIGTERM');
  });
  return suite;
}

/**
 * A real collector with a local lake of its own for each test (started before it, stopped after),
 * so that "nothing was saved" in a test means exactly that. `shop`: the demo shop it serves.
 */
export function collectorPerTest(env: Record<string, string> = {}) {
  const run = {
    collector: undefined as unknown as RunningCollector,
    lakeDir: '',
    get shop(): string {
      return `${run.collector.url}/demo/`;
    },
  };
  test.beforeEach(async () => {
    run.lakeDir = tempDir('lake');
    run.collector = await startCollector({ LAKE_DIR: run.lakeDir, SPOOL_DIR: tempDir('spool'), ...env });
  });
  test.afterEach(async () => run.collector?.kill('SIGTERM'));
  return run;
}
