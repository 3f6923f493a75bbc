// Builds the browser SDK:
//   packages/sdk/dist/sdk.js     minified IIFE for the script tag (src/browser.ts),
//                                with sdk.js.gz and sdk.js.br beside it (the collector serves those)
//   packages/sdk/dist/sdk-fields.js  the reader of definitions' products and attributes (with the
//                                price parser), loaded by sdk.js only for sites whose definitions map fields;
//                                built first: sdk.js asks for it under its content hash (?v=)
//   packages/sdk/dist/index.mjs  ESM and index.cjs CommonJS for bundler users (src/index.ts),
//                                with no runtime dependency
//   packages/sdk/dist/index.d.ts types, with the @actionlake/schema types inlined
//   packages/recorder/dist/recorder.js  the Action Recorder, a minified IIFE loaded lazily by sdk.js;
//                                it imports @actionlake/sdk's ESM build above (configs run in order)
//   packages/analyst/dist/web/   the dashboard `actionlake serve` serves: app.js (web/src, with the
//                                parts of Chart.js it registers), app.css and index.html beside it,
//                                the bundles with .br and .gz copies (serve sends those, like sdk.js)
// The schema package must be built first (npm run build -w @actionlake/schema) for its types.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';

const SDK = 'packages/sdk';

const RECORDER = 'packages/recorder';

const DASHBOARD = 'packages/analyst/web';
const DASHBOARD_OUT = 'packages/analyst/dist/web';

const ts = (pkg = SDK) =>
  typescript({
    tsconfig: `${pkg}/tsconfig.json`,
    compilerOptions: { declaration: false, declarationMap: false, sourceMap: false, outDir: `${pkg}/dist` },
    noEmitOnError: true,
  });

// The collector (and actionlake serve) serve the bundles as built here: <file>.br and <file>.gz beside <file>.
function compressFile(file) {
  const body = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT } = zlib.constants;
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: { [BROTLI_PARAM_QUALITY]: 11, [BROTLI_PARAM_SIZE_HINT]: body.length, [BROTLI_PARAM_MODE]: BROTLI_MODE_TEXT } }));
}

const precompress = () => ({
  name: 'precompress',
  writeBundle({ file }) {
    compressFile(file);
  },
});

// the dashboard's page and style sheet, copied beside app.js (serve puts the bundles' hashes into the page)
const dashboardFiles = () => ({
  name: 'dashboard-files',
  writeBundle() {
    fs.copyFileSync(`${DASHBOARD}/index.html`, `${DASHBOARD_OUT}/index.html`);
    fs.copyFileSync(`${DASHBOARD}/app.css`, `${DASHBOARD_OUT}/app.css`);
    compressFile(`${DASHBOARD_OUT}/app.css`);
  },
});

// sdk.js asks for /sdk-fields.js?v=<the first 10 hex of its SHA-256> (src/dom/lazy.ts), built just before
const fieldsVersion = () => ({
  name: 'fields-version',
  transform(code) {
    if (!code.includes('__FIELDS_VERSION__')) return null;
    const hash = crypto.createHash('sha256').update(fs.readFileSync(`${SDK}/dist/sdk-fields.js`)).digest('hex').slice(0, 10);
    return { code: code.replaceAll('__FIELDS_VERSION__', hash), map: null };
  },
});

const minify = () => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } });

// The property names of interfaces inside sdk.js only (the queue's parts, the tabs' locks and
// notes, the visitor, the tagged actions): mangled like local names. Never a name the page, the
// collector, the store or another bundle reads (wire fields, the API, options, stored layouts),
// nor one the code reaches by a string (first-look.ts's `to('navigate')`), nor one sdk.js also
// reads on a DOM or built-in object (`builtins: true` mangles those names everywhere).
const INTERNAL_PROPS = new RegExp('^(' + [
  'soon', 'failed', 'failing', 'inflight', 'removing', 'removeNow', 'handed', 'owners', 'spent',
  'exclusive', 'hold', 'alive', 'whenGone', 'addDropped', 'sendNow', 'listen', 'begin',
  'record', 'granted', 'notes', 'timers', 'intervalMs', 'ids',
  'run', 'use', 'queue', 'release', 'read', 'note', 'forget', 'wait', 'stats', 'orphans', 'kind',
].join('|') + ')$');

// sdk.js is held to 8 KB gzip (bench/bundles.mjs): it is one IIFE, so top-level names are private
// to it and can be mangled; arrows may replace functions that never use `this`/`arguments`.
const minifySdk = (props) =>
  terser({
    ecma: 2020,
    module: false,
    toplevel: true,
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: { toplevel: true, ...(props && { properties: { regex: props, builtins: true } }) },
    format: { comments: false },
  });

export default [
  {
    input: `${SDK}/src/fields-chunk.ts`,
    output: { file: `${SDK}/dist/sdk-fields.js`, format: 'iife', sourcemap: false },
    plugins: [nodeResolve({ browser: true }), ts(), minifySdk(), precompress()],
  },
  {
    input: `${SDK}/src/browser.ts`,
    output: { file: `${SDK}/dist/sdk.js`, format: 'iife', sourcemap: false },
    plugins: [
      nodeResolve({ browser: true }),
      ts(),
      fieldsVersion(),
      minifySdk(INTERNAL_PROPS),
      precompress(),
    ],
  },
  {
    input: `${SDK}/src/index.ts`,
    output: [
      { file: `${SDK}/dist/index.mjs`, format: 'es' },
      { file: `${SDK}/dist/index.cjs`, format: 'cjs' },
    ],
    plugins: [nodeResolve({ browser: true }), ts()],
  },
  {
    input: `${SDK}/src/index.ts`,
    output: { file: `${SDK}/dist/index.d.ts`, format: 'es' },
    plugins: [dts({ respectExternal: true, tsconfig: `${SDK}/tsconfig.json` })],
  },
  {
    input: `${RECORDER}/src/index.ts`,
    output: { file: `${RECORDER}/dist/recorder.js`, format: 'iife', sourcemap: false },
    plugins: [nodeResolve({ browser: true }), ts(RECORDER), minify(), precompress()],
  },
  {
    input: `${DASHBOARD}/src/main.ts`,
    output: { file: `${DASHBOARD_OUT}/app.js`, format: 'iife', sourcemap: false },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: `${DASHBOARD}/tsconfig.json`, compilerOptions: { declaration: false, sourceMap: false, outDir: DASHBOARD_OUT }, noEmitOnError: true }),
      minify(),
      precompress(),
      dashboardFiles(),
    ],
  },
];
