// sdk.js's build writes `var` as `let` where that is the same program (build/var-to-let.cjs, for
// 37 B of gzip -9): each program here must give the same result after the rewrite, and the vars
// whose meaning would change (hoisted, shared by closures or by iterations, used out of their
// block) must stay vars.
// required, not imported: the tests' typecheck resolves modules the Node 10 way, blind to rollup's exports map
/* eslint-disable @typescript-eslint/no-require-imports */
const { parseAst } = require('rollup/parseAst') as { parseAst(code: string): unknown };
const { varToLet } = require('../build/var-to-let.cjs') as {
  varToLet(code: string, parse: (code: string) => unknown): { code: string; rewritten: number };
};

const run = (expression: string): unknown => new Function(`"use strict";return ${expression}`)();

const cases: [string, string, number][] = [
  ['the top of a function, a for-of, a block',
    '(function(a){var t=a+1;for(var k of [1,2])t+=k;{var u=t*2;t=u}return t})(1)', 3],
  ['the name bound again inside its own value, and read there', '(function(){var n=((n)=>n+1)(1);var f=(()=>{let f=2;return f})();return n+f})()', 2],
  ['read inside its own value through a closure', '(function(){var g=()=>typeof g;return g()})()', 0],
  ['a nested function\'s own var of the name, used before', '(function(){(function(){x=1;var x})();var x=3;return x})()', 1],
  ['used before, from a closure whose inner block binds the name', '(function(){var f=()=>{{let x=1}return x};var x=2;return f()})()', 1],
  ['a for with an initial value', '(function(){var s=0;for(var i=0;i<4;i++)s+=i;return s})()', 2],
  ['a closure made after the declaration', '(function(){var x=2;var g=()=>x*3;return g()})()', 2],
  ['called before its declaration runs, by a hoisted function', '(function(){var r=g();var x=1;function g(){return typeof x}return r})()', 1],
  ['assigned before its declaration', '(function(){var r=[];x=5;r.push(x);var x=1;r.push(x);return r})()', 1],
  ['closures over a loop variable', '(function(){var fs=[];for(var i=0;i<3;i++)fs.push(()=>i);return fs.map((f)=>f())})()', 1],
  ['a block var in a loop without a value', '(function(){var o=[];for(var j=0;j<2;j++){var t;if(!j)t=1;o.push(t)}return o})()', 2],
  ['read after its loop', '(function(){for(var k of [1,2]);return k})()', 0],
  ['read outside its block', '(function(c){if(c){var v=1}return v})(true)', 0],
  ['declared twice', '(function(){var a=1;var a=a+1;return a})()', 0],
  ['a parameter redeclared', '(function(p){var p=p+1;return p})(1)', 0],
  ['inside a catch of the same name', '(function(){try{throw 1}catch(e){var e=2;return e}})()', 0],
];

describe('varToLet', () => {
  it.each(cases)('%s: same result, the right vars rewritten', (_name, program, rewritten) => {
    const out = varToLet(program, parseAst);
    expect(out.rewritten).toBe(rewritten);
    expect(run(out.code)).toEqual(run(program));
  });

  it('leaves a script\'s top-level vars alone (they are properties of window)', () => {
    expect(varToLet('var a=1;a', parseAst).code).toBe('var a=1;a');
  });
});
