/** @jest-environment jsdom */
import { watchRecorderHash } from '../src/dom/recorder';

const guard = <A extends unknown[]>(fn: (...a: A) => void) => fn;
const scripts = () => Array.from(document.querySelectorAll('script[data-actionlake-recorder]')) as HTMLScriptElement[];

beforeEach(() => {
  document.head.innerHTML = '';
  history.replaceState(null, '', '/shop/item?x=1');
});

describe('watchRecorderHash', () => {
  it('loads recorder.js from the collector and removes the hash when the page opens with #actionlake-recorder', () => {
    history.replaceState(null, '', '/shop/item?x=1#actionlake-recorder');
    watchRecorderHash('demo', 'https://collect.example.com/', guard);
    expect(scripts()).toHaveLength(1);
    const s = scripts()[0];
    expect(s.src).toBe('https://collect.example.com/recorder.js');
    expect(s.dataset.site).toBe('demo');
    expect(s.dataset.collector).toBe('https://collect.example.com/');
    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe('/shop/item?x=1');
  });

  it('does not load a second recorder while one is open, and loads a new one after it was closed', () => {
    const w = window as unknown as Record<string, unknown>;
    watchRecorderHash('demo', 'https://c.example', guard);
    w.__actionlakeRecorder = true; // what recorder.js sets while open
    location.hash = '#actionlake-recorder';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(scripts()).toHaveLength(0);
    expect(location.hash).toBe('');
    delete w.__actionlakeRecorder; // closed
    location.hash = '#actionlake-recorder';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(scripts()).toHaveLength(1);
  });

  it('loads nothing for visitors, and loads once when the hash is added later', () => {
    watchRecorderHash('demo', 'https://c.example', guard);
    expect(scripts()).toHaveLength(0);
    location.hash = '#reviews';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(scripts()).toHaveLength(0);
    for (let i = 0; i < 2; i++) {
      location.hash = '#actionlake-recorder';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
    expect(scripts()).toHaveLength(1);
    expect(location.hash).toBe('');
  });
});
