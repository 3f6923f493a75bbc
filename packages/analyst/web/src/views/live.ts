/**
 * Live: the collector's live view (contract §9) — each event of the site as the collector takes it
 * or turns it away (with the reason), and the events per minute of the last 30 minutes. It needs
 * COLLECTOR_URL when `actionlake serve` starts; the server passes the stream through
 * (GET /api/live), read here with fetch so the token stays in a header. Nothing is stored; leaving
 * the view closes the stream, and a dropped stream is opened again after 3 seconds.
 */
import { events } from '../api';
import { figure, type Chart } from '../charts';
import { h, panel, settle, type Child } from '../dom';
import { count } from '../format';
import { viewSignal } from '../session';
import type { ViewRender } from '../shell';

interface LiveEvent {
  status: 'accepted' | 'rejected';
  reason?: string;
  row?: { action?: string; occurred_at?: string; received_at?: string; page?: { path?: string }; source?: string | null; geo?: { country?: string | null } | null; ua?: { device?: { type?: string | null } } | null; bot?: { is_bot?: boolean } };
  received_at?: string;
}

const MINUTES = 30;
const SHOWN = 50;
const RETRY_MS = 3_000;

export const liveView: ViewRender = (main, s, meta) => {
  main.append(h('h1', {}, 'Live'), h('p', { class: 'period-line' }, `${s.site} · events as the collector takes them`));
  if (!meta.live) {
    main.append(h('p', { class: 'empty' }, 'The live view needs to know where the collector is: start the dashboard with ', h('code', {}, 'COLLECTOR_URL=https://your-collector actionlake serve'), ' (the collector\u2019s editor token is the dashboard\u2019s, or COLLECTOR_TOKEN).'));
    return;
  }
  const status = h('p', { class: 'note', role: 'status' }, 'Connecting…');
  const perMinute = panel('Events per minute');
  const list = panel('Latest events');
  perMinute.classList.add('wide');
  list.classList.add('wide');
  main.append(status, h('div', { class: 'grid' }, perMinute, list));
  const minutes = new Map<number, number>();
  const latest: LiveEvent[] = [];
  let chart: Chart | null = null;
  const labels = () => Array.from({ length: MINUTES }, (_, i) => new Date((Math.floor(Date.now() / 60_000) - MINUTES + 1 + i) * 60_000).toISOString().slice(11, 16));
  const series = () => {
    const now = Math.floor(Date.now() / 60_000);
    return Array.from({ length: MINUTES }, (_, i) => minutes.get(now - MINUTES + 1 + i) ?? 0);
  };
  settle(perMinute, figure({
    kind: 'bar', title: `Events per minute, last ${MINUTES} minutes (UTC)`, summary: `Events per minute over the last ${MINUTES} minutes.`,
    labels: labels(), labelHeading: 'Minute', series: [{ label: 'Events', data: series() }], format: count,
    drawn: (c) => (chart = c),
  }));
  settle(list, h('p', { class: 'empty' }, 'Waiting for events…'));
  const redraw = () => {
    if (chart) {
      chart.data.labels = labels();
      chart.data.datasets[0].data = series();
      chart.update('none');
      const total = series().reduce((a, b) => a + b, 0);
      chart.canvas.setAttribute('aria-label', `Events per minute over the last ${MINUTES} minutes: ${count(total)} in all.`);
    }
    settle(list, latest.length ? eventList(latest) : h('p', { class: 'empty' }, 'Waiting for events…'));
  };
  const signal = viewSignal();
  const timer = setInterval(redraw, 5_000);
  signal.addEventListener('abort', () => clearInterval(timer));
  const connect = async () => {
    while (!signal.aborted) {
      try {
        status.replaceChildren('Connected: new events appear as they arrive.');
        await events('live', { site: s.site }, (type, data) => {
          if (type !== 'accepted' && type !== 'rejected') return;
          const e = JSON.parse(data) as LiveEvent;
          const minute = Math.floor(Date.now() / 60_000);
          minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
          latest.unshift(e);
          latest.length = Math.min(latest.length, SHOWN);
          redraw();
        }, signal);
      } catch (err) {
        if (signal.aborted) return;
        status.replaceChildren(`The stream stopped (${(err as Error).message}); trying again…`);
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  };
  void connect();
};

function eventList(rows: LiveEvent[]): Child {
  return h('ol', { class: 'timeline live' }, ...rows.map((e) => {
    const r = e.row ?? {};
    return h('li', { 'data-status': e.status },
      h('time', {}, (r.received_at ?? e.received_at ?? '').slice(11, 19)),
      h('span', { class: `origin ${e.status}` }, e.status === 'accepted' ? (r.bot?.is_bot ? 'Bot' : 'Accepted') : 'Rejected'),
      h('strong', {}, r.action ?? '(not an event)'),
      r.page?.path ? h('span', { class: 'path' }, r.page.path) : null,
      r.source ? h('span', { class: 'channel' }, r.source) : null,
      r.geo?.country ? h('span', {}, r.geo.country) : null,
      r.ua?.device?.type ? h('span', {}, r.ua.device.type) : null,
      e.reason ? h('span', { class: 'reason' }, e.reason) : null);
  }));
}
