/** @jest-environment jsdom */
import { forgetRecorderTab, recorderInTab, watchRecorderHash } from '../src/dom/recorder';
import { botSignals } from '../src/dom/privacy';
import { cachedActions, handActions, onHandedActions } from '../src/transport/actions';

const guard = <A extends unknown[]>(fn: (...a: A) => void) => fn;
const scripts = () => Array.from(document.querySelectorAll('script[data-actionlake-recorder]')) as HTMLScriptElement[];

beforeEach(() => {
  document.head.innerHTML = '';
  sessionStorage.clear();
  localStorage.clear();
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

describe('the recorder\'s tab', () => {
  it('is remembered once the hash opened the recorder: a reload opens it again without the hash, until Close forgets it', () => {
    history.replaceState(null, '', '/p#actionlake-recorder');
    watchRecorderHash('demo', 'https://c.example', guard);
    expect(recorderInTab()).toBe(true);
    document.head.innerHTML = ''; // "a reload": the page starts again, with no hash
    watchRecorderHash('demo', 'https://c.example', guard);
    expect(scripts()).toHaveLength(1);
    forgetRecorderTab(); // Close
    document.head.innerHTML = '';
    watchRecorderHash('demo', 'https://c.example', guard);
    expect(scripts()).toHaveLength(0);
  });

  it('marks the tab\'s events with the `recorder` bot signal while the recorder is open, and only then', () => {
    expect(botSignals()).toBeUndefined();
    history.replaceState(null, '', '/p#actionlake-recorder');
    watchRecorderHash('demo', 'https://c.example', guard);
    expect(botSignals()).toEqual(['recorder']);
    forgetRecorderTab();
    expect(botSignals()).toBeUndefined();
  });

  it('takes the definitions the recorder hands over for its own site, in place of the cached copy', () => {
    const got: unknown[] = [];
    localStorage.setItem('actionlake_actions_demo', '[]'); // a page with consent keeps a copy
    onHandedActions('demo', (defs) => got.push(defs));
    const defs = [{ id: 'buy', name: 'Product clicked', selector: '.buy' }];
    handActions('other', defs);
    expect(got).toEqual([]);
    handActions('demo', defs);
    expect(got).toEqual([defs]);
    expect(cachedActions('demo')).toEqual(defs);
  });
});
