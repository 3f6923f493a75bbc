/**
 * The host element's own styles, both inline and in `:host`, all !important: inline !important
 * beats every page rule, and an !important `:host` rule beats the page's !important ones too.
 */
export const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'overflow: visible',
  'z-index: 2147483647',
  'visibility: visible',
  'opacity: 1',
  'pointer-events: auto',
  'transform: none',
  'filter: none',
  'contain: none',
  'color: #1b1f29',
  'font-size: 13px',
]
  .map((d) => d + ' !important')
  .join('; ');

/** The recorder's CSS, scoped to its shadow root. Every property the panel relies on is set here. */
export const STYLES = `
:host { ${HOST_STYLE}; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.overlay { position: fixed; top: 0; left: 0; width: 0; height: 0; pointer-events: none; }
.box { position: fixed; display: block; pointer-events: none; border-radius: 3px; }
.box.hover { outline: 2px solid #2f6bff; background: rgba(47, 107, 255, .12); }
.box.match { outline: 2px solid #16a34a; background: rgba(22, 163, 74, .10); }
.box.container { outline: 2px dashed #f59e0b; }
.box.hit { outline: 3px solid #db2777; background: rgba(219, 39, 119, .12); }
.panel {
  position: fixed; top: 12px; right: 12px; width: 340px; max-height: calc(100vh - 24px); overflow: auto;
  display: block; margin: 0; padding: 0; background: #fff; color: #1b1f29; text-align: left;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  letter-spacing: normal; word-spacing: normal; text-transform: none; white-space: normal;
  border-radius: 10px; box-shadow: 0 10px 30px rgba(0, 0, 0, .28), 0 0 0 1px rgba(0, 0, 0, .1);
  pointer-events: auto; visibility: visible; opacity: 1;
}
.panel.left { right: auto; left: 12px; }
.bar {
  position: sticky; top: 0; z-index: 1; display: block;
  padding: 7px 10px 2px; background: #1d2433; color: #fff; border-radius: 10px 10px 0 0;
}
.bar .title { flex: 1 1 auto; min-width: 0; font-weight: 700; font-size: 14px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar .site { font-weight: 400; opacity: .75; }
.bar .title-row { flex-wrap: nowrap; }
.body { display: block; padding: 10px 12px 12px; }
section { display: block; margin: 0 0 12px; }
h3 { display: block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #5b6478; margin: 8px 0 5px; }
p { display: block; margin: 0 0 8px; }
label { display: block; margin: 0 0 6px; font-weight: 600; font-size: 12px; color: #39414f; }
label input { margin-top: 3px; }
input {
  display: block; width: 100%; padding: 4px 7px; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: #1b1f29; background: #fff; border: 1px solid #c4c9d4; border-radius: 5px; outline: none; height: auto; margin-left: 0;
}
input:focus { border-color: #2f6bff; box-shadow: 0 0 0 2px rgba(47, 107, 255, .2); }
input.text { font-family: inherit; font-size: 13px; }
button {
  display: inline-block; font: 600 12px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f29;
  background: #eef0f5; border: 1px solid #c4c9d4; border-radius: 5px; padding: 4px 9px; margin: 0; cursor: pointer;
  text-transform: none; width: auto; height: auto;
}
button:hover { background: #e2e6ee; }
button:disabled { opacity: .45; cursor: not-allowed; }
button.primary { background: #2f6bff; border-color: #2f6bff; color: #fff; }
button.danger { background: #dc2626; border-color: #dc2626; color: #fff; }
button.on { background: #2f6bff; border-color: #2f6bff; color: #fff; }
.bar button { background: #2c3548; border-color: #46506a; color: #fff; padding: 3px 7px; }
.bar button.on { background: #2f6bff; border-color: #2f6bff; }
.row { display: flex; flex-wrap: wrap; gap: 5px; align-items: center; margin: 0 0 6px; }
.pair { display: flex; gap: 8px; }
.pair label { flex: 1 1 0; min-width: 0; }
.row input { flex: 1 1 120px; width: auto; }
.status { color: #39414f; background: #f2f4f8; border-radius: 6px; padding: 6px 8px; }
.msg { border-radius: 6px; padding: 6px 8px; }
.msg.error { background: #fde8e8; color: #9b1c1c; }
.msg.ok { background: #e6f6ec; color: #14532d; }
.msg.info { background: #eef3ff; color: #1e3a8a; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: #f2f4f8; border-radius: 3px; padding: 0 3px; word-break: break-all; }
pre { display: block; margin: 0; padding: 8px; background: #0f172a; color: #e2e8f0; border-radius: 6px; overflow: auto; max-height: 260px; white-space: pre-wrap; word-break: break-word; }
ul, ol { display: block; margin: 0 0 8px; padding: 0 0 0 18px; }
li { display: list-item; margin: 0 0 2px; }
ul.plain { list-style: none; padding: 0; }
.field { display: flex; gap: 6px; align-items: center; }
.field b { flex: 0 0 64px; overflow: hidden; text-overflow: ellipsis; }
.field input { flex: 1 1 auto; width: auto; }
.value { color: #14532d; font-size: 12px; margin: 1px 0 3px 70px; }
.count { font-weight: 700; color: #14532d; }
.problem { font-weight: 600; color: #9b1c1c; }
.warning { color: #92400e; }
.action { display: flex; gap: 6px; align-items: center; padding: 6px 0; border-top: 1px solid #e5e8ef; }
.action .what { flex: 1 1 auto; min-width: 0; }
.action .what small { display: block; color: #5b6478; word-break: break-all; }
.muted { color: #5b6478; }
.steps button { padding: 1px 7px; }
label.check { display: flex; gap: 6px; align-items: center; font-weight: 600; }
label.check input { display: inline-block; width: auto; margin: 0; }
li.picked { font-weight: 700; }
button.suggest { display: block; margin: 0 0 6px 70px; background: #fff7e6; border-color: #f59e0b; color: #92400e; text-align: left; }
button.suggest:hover { background: #fdecc8; }
.test-action { font-size: 15px; font-weight: 700; margin: 0 0 4px; }
.test-fields li { margin: 0 0 3px; }
details summary { cursor: pointer; color: #39414f; font-weight: 600; font-size: 12px; margin: 0 0 4px; }
ul.warning li { margin: 0 0 4px; }
`;
