// Why: sdk.js is held to 8 KB of gzip, and its minifiers leave it with two keywords for one thing:
// uglify-js declares with `var` what it can, terser keeps `let` where it must (const became let
// before them, rollup.config.mjs). Deflate then codes both `var ` and `let ` everywhere; with one
// of them (55 of sdk.js's 57 vars), sdk.js is 37 B smaller by GNU gzip -9 and 34 B by zlib's.
// This rewrites a `var` as `let` only where that is the same program; what it cannot prove stays.
//
// A `var` is rewritten when its name has this one var declaration in its function, is not a
// parameter or a function declared there, and:
//  - at the top of a function body: every other use of the name in that function comes after the
//    declaration in the text, and none in a hoisted function declaration (callable before it);
//  - alone in a block: every use is inside that block, after the declaration; within a loop, the
//    declaration gives a value (a var would keep the last iteration's) and no closure uses it
//    (a let is a new binding each iteration);
//  - heading a for / for-in / for-of: every use is inside the loop, none in its iterated
//    expression or initial value, none in a closure, and a for's variable has an initial value.
// A use is an identifier of that name with no scope in between declaring the name again (a
// nested function's parameter or var, a block's let, const, class or function, a catch's
// parameter, a loop head's let). Top-level (script) vars are left alone: they are window
// properties; so is every var of a function that calls eval.
'use strict';

const vm = require('node:vm');

const FN = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOP = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

const children = (n) => {
  const out = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === 'type' || k === 'start' || k === 'end' || k === 'loc' || k === 'range') continue;
    if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && out.push([k, c]));
    else if (v && typeof v.type === 'string') out.push([k, v]);
  }
  return out;
};

/** The names a declaration pattern binds. */
const bound = (p, out = []) => {
  if (!p) return out;
  if (p.type === 'Identifier') out.push(p.name);
  else if (p.type === 'ObjectPattern') p.properties.forEach((q) => bound(q.type === 'RestElement' ? q.argument : q.value, out));
  else if (p.type === 'ArrayPattern') p.elements.forEach((q) => bound(q, out));
  else if (p.type === 'RestElement') bound(p.argument, out);
  else if (p.type === 'AssignmentPattern') bound(p.left, out);
  return out;
};

/** Every identifier under `root` that is not a property name or a label, with the nodes between: { n, path }. */
const identifiers = (root) => {
  const out = [];
  (function walk(n, path) {
    if (n.type === 'Identifier') return void out.push({ n, path });
    if (n.type === 'MetaProperty') return;
    const inner = [...path, n];
    for (const [k, c] of children(n)) {
      if (k === 'property' && n.type === 'MemberExpression' && !n.computed) continue;
      if (k === 'key' && !n.computed && !n.shorthand && /^(Property|MethodDefinition|PropertyDefinition)$/.test(n.type)) continue;
      if (k === 'label') continue;
      walk(c, inner);
    }
  })(root, []);
  return out;
};

/** The names a lexical declaration statement binds (let, const, class; a function in a block). */
const lexical = (s) =>
  s.type === 'VariableDeclaration' && s.kind !== 'var' ? s.declarations.flatMap((dc) => bound(dc.id))
    : (s.type === 'ClassDeclaration' || s.type === 'FunctionDeclaration') && s.id ? [s.id.name] : [];

/** The names a scope node declares for the code inside it (a nested function, a block, a loop head, a catch). */
const scopeNames = new WeakMap();
const declared = (n) => {
  let names = scopeNames.get(n);
  if (names) return names;
  names = new Set();
  const add = (xs) => xs.forEach((x) => names.add(x));
  if (FN.has(n.type)) {
    n.params.forEach((p) => add(bound(p)));
    if (n.type === 'FunctionExpression' && n.id) names.add(n.id.name);
    if (n.body.type === 'BlockStatement') varsOf(n.body).forEach(({ d }) => d.declarations.forEach((dc) => add(bound(dc.id))));
  } else if (n.type === 'ClassExpression' && n.id) names.add(n.id.name);
  else if (n.type === 'BlockStatement' || n.type === 'Program') n.body.forEach((s) => add(lexical(s)));
  else if (n.type === 'SwitchStatement') n.cases.forEach((c) => c.consequent.forEach((s) => add(lexical(s))));
  else if (n.type === 'CatchClause' && n.param) add(bound(n.param));
  else if (n.type === 'ForStatement' && n.init && n.init.type === 'VariableDeclaration') add(lexical(n.init));
  else if ((n.type === 'ForInStatement' || n.type === 'ForOfStatement') && n.left.type === 'VariableDeclaration') add(lexical(n.left));
  scopeNames.set(n, names);
  return names;
};

/** The var declarations that hoist to the function of `body`: { d, parent, inLoop }. */
const varsOf = (body) => {
  const out = [];
  (function walk(n, parent, inLoop) {
    if (FN.has(n.type)) return;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') out.push({ d: n, parent, inLoop });
    for (const [, c] of children(n)) walk(c, n, inLoop || LOOP.has(n.type));
  })(body, null, false);
  return out;
};

const within = (n, range) => !!range && n.start >= range.start && n.end <= range.end;

/** `code` with every `var` that can be a `let` written `let`; `parse` gives an ESTree program with offsets. */
function varToLet(code, parse) {
  const ast = parse(code);
  const at = [];
  const fns = [];
  (function walk(n) {
    if (FN.has(n.type) && n.body.type === 'BlockStatement') fns.push(n);
    for (const [, c] of children(n)) walk(c);
  })(ast);
  for (const f of fns) {
    const body = f.body;
    const vars = varsOf(body);
    if (!vars.length) continue;
    const count = new Map();
    for (const { d } of vars) for (const dc of d.declarations) for (const x of bound(dc.id)) count.set(x, (count.get(x) || 0) + 1);
    const fixed = new Set(f.params.flatMap((p) => bound(p)));
    for (const s of body.body) if (s.type === 'FunctionDeclaration' && s.id) fixed.add(s.id.name);
    const all = identifiers(body);
    if (all.some(({ n }) => n.name === 'eval')) continue; // a direct eval may reach any name
    // the uses of a var of this function named x: no scope between declares another x
    const usesOf = (x) => all.filter(({ n, path }) => n.name === x && !path.slice(1).some((a) => declared(a).has(x)));
    const own = (x) => count.get(x) === 1 && !fixed.has(x);
    const inDecl = (path) => path.some((a) => a.type === 'FunctionDeclaration');
    const inFn = (path, range) => path.some((a) => FN.has(a.type) && within(a, range));
    for (const { d, parent, inLoop } of vars) {
      const names = d.declarations.flatMap((dc) => bound(dc.id).map((x) => ({ x, dc, uses: usesOf(x) })));
      const later = (n, dc) => within(n, dc.id) || n.start >= dc.end;
      let ok = false;
      if (parent === body) {
        ok = names.every(({ x, dc, uses }) => own(x) && uses.every(({ n, path }) => within(n, dc.id) || (later(n, dc) && !inDecl(path))));
      } else if (parent.type === 'BlockStatement') {
        const siblings = new Set(parent.body.filter((s) => s !== d).flatMap(lexical));
        const catchParam = findCatch(ast, parent);
        ok = names.every(({ x, dc, uses }) => own(x) && !siblings.has(x) && !(catchParam && bound(catchParam).includes(x)) && (!inLoop || dc.init) &&
          uses.every(({ n, path }) => within(n, dc.id) || (later(n, dc) && within(n, parent) && !inDecl(path) && !(inLoop && inFn(path, body)))));
      } else if (((parent.type === 'ForOfStatement' || parent.type === 'ForInStatement') && parent.left === d) ||
                 (parent.type === 'ForStatement' && parent.init === d && d.declarations.every((dc) => dc.init))) {
        ok = names.every(({ x, dc, uses }) => own(x) &&
          uses.every(({ n, path }) => within(n, parent) && !inFn(path, parent) && !within(n, parent.right) && !within(n, dc.init)));
      }
      if (ok) at.push(d.start);
    }
  }
  let out = code;
  for (const i of at.sort((a, b) => b - a)) out = out.slice(0, i) + 'let' + out.slice(i + 3);
  new vm.Script(out); // compiled, not run: a let that clashes with a declaration stops the build here
  return { code: out, rewritten: at.length };
}

/** The parameter of the catch clause whose body is `block`, if it is one. */
function findCatch(ast, block) {
  let param = null;
  (function walk(n) {
    if (param) return;
    if (n.type === 'CatchClause' && n.body === block) param = n.param;
    else for (const [, c] of children(n)) walk(c);
  })(ast);
  return param;
}

module.exports = { varToLet };
