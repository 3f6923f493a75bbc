// Builds the browser SDK:
//   packages/sdk/dist/sdk.js     minified IIFE for the script tag (src/browser.ts), idb-keyval bundled
//   packages/sdk/dist/index.mjs  ESM and index.cjs CommonJS for bundler users (src/index.ts),
//                                idb-keyval left external (a declared dependency)
//   packages/sdk/dist/index.d.ts types, with the @actionlake/schema types inlined
//   packages/recorder/dist/recorder.js  the Action Recorder, a minified IIFE loaded lazily by sdk.js;
//                                it imports @actionlake/sdk's ESM build above (configs run in order)
// The schema package must be built first (npm run build -w @actionlake/schema) for its types.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const SDK = 'packages/sdk';

const RECORDER = 'packages/recorder';

const ts = (pkg = SDK) =>
  typescript({
    tsconfig: `${pkg}/tsconfig.json`,
    compilerOptions: { declaration: false, declarationMap: false, sourceMap: false, outDir: `${pkg}/dist` },
    noEmitOnError: true,
  });

const minify = () => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } });

export default [
  {
    input: `${SDK}/src/browser.ts`,
    output: { file: `${SDK}/dist/sdk.js`, format: 'iife', sourcemap: false },
    plugins: [
      nodeResolve({ browser: true }),
      ts(),
      minify(),
    ],
  },
  {
    input: `${SDK}/src/index.ts`,
    external: ['idb-keyval'],
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
    plugins: [nodeResolve({ browser: true }), ts(RECORDER), minify()],
  },
];
