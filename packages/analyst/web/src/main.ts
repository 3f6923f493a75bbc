/**
 * The dashboard's web app (served by `actionlake serve`; bundled by rollup into app.js): read the
 * state from the URL (./state.ts), ask /api/meta for the sites and their days, fill in what the URL
 * leaves out (the first site, its last 28 days with data, as Plausible opens), then draw the
 * controls, the tabs and the view. Every change (a control, a tab, the browser's back button)
 * goes through the URL. Without a token, or with a wrong one (a 401), the login form is shown.
 */
import { get, token, Unauthorized } from './api';
import { destroyCharts } from './charts';
import { failed, fill, h } from './dom';
import { daysOf, renderControls, renderTabs, type Go, type Meta, type ViewRender } from './shell';
import { nextView, whenUnauthorized } from './session';
import { href, presetRange, readState, type State, type View } from './state';
import { channelsView } from './views/channels';
import { funnelView } from './views/funnel';
import { liveView } from './views/live';
import { overviewRequests, overviewView } from './views/overview';
import { personView } from './views/person';
import { productsView } from './views/products';
import { segmentsView } from './views/segments';

const RENDER: Record<View, ViewRender> = {
  overview: overviewView,
  channels: channelsView,
  funnel: funnelView,
  products: productsView,
  person: personView,
  segments: segmentsView,
  live: liveView,
};

const main = document.getElementById('main')!;
const controls = document.getElementById('controls') as HTMLFormElement;
const tabs = document.getElementById('tabs')!;
let meta: Meta | null = null;
let state: State | null = null;

function complete(p: Partial<State>, m: Meta): State {
  const site = m.sites.some((s) => s.site === p.site) ? p.site! : (m.sites[0]?.site ?? '');
  const d = daysOf(m, site);
  const range = p.from && p.to && p.from <= p.to ? { from: p.from, to: p.to } : presetRange('28d', d.first, d.last);
  return { view: p.view ?? 'overview', site, ...range, compare: p.compare ?? true, by: p.by ?? 'channel', steps: p.steps ?? [], id: p.id ?? '', where: p.where ?? '' };
}

const go: Go = (change, replace = false) => {
  if (!state) return;
  state = { ...state, ...change };
  history[replace ? 'replaceState' : 'pushState'](null, '', href(state));
  render();
};

function render(): void {
  if (!meta || !state) return;
  nextView();
  destroyCharts();
  renderControls(controls, state, meta, go, signOut);
  renderTabs(tabs, state);
  document.title = `${state.view[0].toUpperCase()}${state.view.slice(1)} · ${state.site} · ActionLake`;
  if (!meta.sites.length) {
    fill(main, h('h1', {}, 'No tables yet'), h('p', {}, 'The lake has no tables to show: run ', h('code', {}, 'actionlake build'), ' first, then reload this page.'));
    return;
  }
  fill(main);
  main.dataset.view = state.view;
  RENDER[state.view](main, state, meta, go);
}

function signOut(): void {
  token.clear();
  login();
}

function login(message = ''): void {
  nextView();
  destroyCharts();
  controls.hidden = true;
  tabs.hidden = true;
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'This dashboard shows the lake\u2019s data to those who have its editor token: the ', h('code', {}, 'ADMIN_TOKEN'), ' (or ', h('code', {}, '--token'), ') that ', h('code', {}, 'actionlake serve'), ' was started with.'),
    h('label', { for: 'token' }, 'Editor token'), input,
    message ? failed(message) : null,
    h('button', { type: 'submit' }, 'Open the dashboard'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    token.set(input.value.trim());
    void start();
  });
  fill(main, form);
  main.dataset.view = 'login';
  input.focus();
}

async function start(): Promise<void> {
  if (!token.get()) return login();
  // a link naming the site and the days: the Overview's figures are asked for beside /api/meta,
  // not after it (the view then finds them in the cache of ./api)
  const early = readState();
  if (early.view === 'overview' && early.site && early.from && early.to && early.from <= early.to) {
    overviewRequests({ site: early.site, from: early.from, to: early.to, compare: early.compare ?? true });
  }
  try {
    meta = await get<Meta>('meta');
  } catch (err) {
    if (err instanceof Unauthorized) return login('That is not the editor token of this dashboard.');
    fill(main, failed(`The dashboard could not load: ${(err as Error).message}`));
    return;
  }
  state = complete(readState(), meta);
  history.replaceState(null, '', href(state));
  render();
}

// a view's request met a 401 (the server's token changed): back to the login
whenUnauthorized(() => login('Sign in again: the editor token was not accepted.'));

window.addEventListener('popstate', () => {
  if (!meta) return;
  state = complete(readState(), meta);
  render();
});

// tabs and in-app links change the URL without reloading the page
document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('a[data-view]') as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  history.pushState(null, '', a.href);
  state = complete(readState(), meta!);
  render();
  main.focus({ preventScroll: true });
});

void start();
