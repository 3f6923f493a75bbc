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
import uglify from 'uglify-js';
import declarations from './packages/sdk/build/var-to-let.cjs';
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

// The property names of interfaces inside sdk.js only (the queue's parts, the store, the
// transport, the tabs' locks and notes, the visitor, the tagged actions): mangled like local names.
// Never a name the page, the collector, the store or another bundle reads (wire fields, the API,
// stored layouts), nor one the code reaches by a string (`obj[name]`), nor one sdk.js also reads
// on a DOM or built-in object (`builtins: true` mangles those names everywhere: no
// `Promise.all`, `el.remove()`, `el.click()`, `db.close()`, `xhr.send()` in sdk.js then). The options named
// here are the ones browser.ts never reads from the script tag's dataset: in sdk.js only
// browser.ts builds options (bundler users get the unmangled index.mjs).
const INTERNAL_PROPS = new RegExp('^(' + [
  'soon', 'failed', 'failing', 'inflight', 'removing', 'removeNow', 'handed', 'owners', 'spent',
  'exclusive', 'hold', 'alive', 'whenGone', 'addDropped', 'sendNow', 'listen', 'begin',
  'record', 'granted', 'notes', 'timers', 'intervalMs', 'ids',
  'run', 'use', 'queue', 'release', 'read', 'note', 'forget', 'wait', 'stats', 'orphans', 'kind',
  'all', 'remove', 'send', 'beacon', 'retryAfter', 'transport', 'store', 'session',
  'maxStoredBytes', 'flushIntervalMs', 'ignoreGpc',
  'click', 'navigate', 'hide', 'close', 'online', 'keepAlive', 'sendMode', 'passed',
  'firstUrl', 'firstReferrer', 'firstPage',
].join('|') + ')$');

// After terser: every `const` declaration of sdk.js becomes `let` (45 B of gzip on 174 of them).
// The same program: TypeScript already refused any assignment to a const, and `let` has the same
// block scope and temporal dead zone; terser has no option for it. Found on the parsed chunk, so a
// `const` inside a string or a property name is never touched.
const constToLet = () => ({
  name: 'const-to-let',
  renderChunk(code) {
    const at = [];
    (function walk(node) {
      if (node.type === 'VariableDeclaration' && node.kind === 'const') at.push(node.start);
      for (const v of Object.values(node)) {
        if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && walk(c));
        else if (v && typeof v.type === 'string') walk(v);
      }
    })(this.parse(code));
    let out = code;
    for (const i of at.sort((a, b) => b - a)) out = out.slice(0, i) + 'let' + out.slice(i + 5);
    return { code: out, map: null };
  },
});

// Last: every `var` that can be a `let` is written `let` (packages/sdk/build/var-to-let.cjs), so
// sdk.js declares with one keyword where it can (55 of 57 vars): 37 B of GNU gzip -9, 34 B of zlib's (8,202 → 8,165, 8,176 → 8,142).
const varToLet = () => ({
  name: 'var-to-let',
  renderChunk(code) {
    return { code: declarations.varToLet(code, (c) => this.parse(c)).code, map: null };
  },
});

// sdk.js is held to 8 KB gzip (bench/bundles.mjs): it is one IIFE, so top-level names are private
// to it and can be mangled; arrows may replace functions that never use `this`/`arguments`;
// comparisons may be turned around (`a<b` as `b>a`: gzip finds more repeats), as sdk.js compares
// numbers only. A function used once stays a function of its own (reduce_funcs: false; inlined,
// it becomes an IIFE at its call): with 4 passes and uglify-js's `inline: 1` below, sdk.js is 9 B
// smaller by gzip -9 (8,184 → 8,175); not for sdk-fields.js, 11 B bigger so.
const minifySdk = (props, compress) =>
  terser({
    ecma: 2020,
    module: false,
    toplevel: true,
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, unsafe_comps: true, ...compress },
    mangle: { toplevel: true, ...(props && { properties: { regex: props, builtins: true } }) },
    format: { comments: false },
  });

// A second terser pass over sdk.js once its consts are lets (constToLet): declarations that were
// const and let can now be joined, methods become arrows (the first pass's unsafe_methods made
// them methods), the names are handed out again: 55 B of gzip.
const reminifySdk = () =>
  terser({
    ecma: 2020,
    module: false,
    toplevel: true,
    compress: { passes: 2, unsafe_arrows: true, unsafe_comps: true },
    mangle: { toplevel: true },
    format: { comments: false },
  });

// uglify-js's compressor (no mangling) between two terser passes over sdk.js: it reuses a
// variable once the one before is dead (merge_vars) and declares block variables that need no
// block of their own with var, which terser then joins: 39 B of gzip.
const uglifySdk = () => ({
  name: 'uglify',
  renderChunk(code) {
    // inline: 1, simple functions only (the default also inlines those with arguments and variables): 3 B of gzip -9
    const r = uglify.minify(code, { mangle: false, module: false, compress: { inline: 1 } }); // a classic script, not a module
    if (r.error) throw r.error;
    return { code: r.code, map: null };
  },
});

export default [
  {
    input: `${SDK}/src/fields-chunk.ts`,
    output: { file: `${SDK}/dist/sdk-fields.js`, format: 'iife', sourcemap: false },
    plugins: [nodeResolve({ browser: true }), ts(), minifySdk(), precompress()],
  },
  {
    input: `${SDK}/src/browser.ts`,
    // "use strict" stays (11 B of gzip): sdk.js relies on it where a page made history.pushState
    // read-only (the patch throws, and sdk.js does not track: early-click.spec.ts)
    output: { file: `${SDK}/dist/sdk.js`, format: 'iife', sourcemap: false },
    plugins: [
      nodeResolve({ browser: true }),
      ts(),
      fieldsVersion(),
      minifySdk(INTERNAL_PROPS, { passes: 4, reduce_funcs: false }),
      constToLet(),
      reminifySdk(), // makes no const of its own
      uglifySdk(),
      reminifySdk(),
      varToLet(),
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
