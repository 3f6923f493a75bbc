// The built bundles (npm test builds before jest): the recorder is never part of sdk.js.
import fs from 'node:fs';
import path from 'node:path';

const read = (rel: string) => {
  const file = path.resolve(__dirname, '../..', rel);
  if (!fs.existsSync(file)) throw new Error(`${rel} is missing: run npm run build first`);
  return fs.readFileSync(file, 'utf8');
};

describe('bundles', () => {
  const sdk = read('sdk/dist/sdk.js');
  const recorder = read('recorder/dist/recorder.js');
  const fields = read('sdk/dist/sdk-fields.js');

  it('sdk.js holds the recorder loader but none of the recorder', () => {
    expect(sdk).toContain('recorder.js'); // the loader
    // @medv/finder (selector generation) and the shadow-root UI live only in recorder.js
    for (const marker of ['Selector was not found', 'attachShadow']) {
      expect(recorder).toContain(marker);
      expect(sdk).not.toContain(marker);
    }
  });

  // A page that made history.pushState read-only: patching it throws in strict mode and sdk.js
  // does not track there (early-click.spec.ts); sloppy mode would fail silently and track anyway.
  // sdk.js's build (terser, uglify-js) must keep the directive of rollup's IIFE.
  it('sdk.js runs in strict mode', () => {
    expect(sdk.startsWith('!function(){"use strict";')).toBe(true);
  });

  it('sdk.js loads the field reader and price parser (sdk-fields.js) instead of carrying them', () => {
    expect(sdk).toContain('/sdk-fields.js'); // the loader
    const prices = 'svSEKdaDKK'; // the krona table of core/price.ts
    expect(fields).toContain(prices);
    expect(sdk).not.toContain(prices);
  });
});
