/** @jest-environment jsdom */
import { forgetRecorderTab, recorderInTab, watchRecorderHash } from '../src/dom/recorder';
import { botSignals } from '../src/dom/privacy';

const guard = <A extends unknown[]>(fn: (...a: A) => void) => fn;
/** The recorder is loaded in a task of its own (no storage while sdk.js is evaluated). */
const tick = () => new Promise((r) => setTimeout(r, 0));
const hashTo = async (hash: string) => {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
};
const w = window as unknown as Record<string, unknown>;
/**
 * The recorder scripts loaded from `collector`: each test watches with a collector of its own, as
 * the hashchange listeners of earlier tests stay on the window (a page has one sdk.js, one listener).
 */
const scripts = (collector = 'https://c.example') => Array.from(document.querySelectorAll(`script[src="${collector}/recorder.js"]`)) as HTMLScriptElement[];

beforeEach(() => {
  delete w.__actionlakeRecorder;
  document.head.innerHTML = '';
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', '/shop/item?x=1');
});

describe('watchRecorderHash', () => {
  it('loads recorder.js from the collector and removes the hash when the page opens with #actionlake-recorder', async () => {
    history.replaceState(null, '', '/shop/item?x=1#actionlake-recorder');
    watchRecorderHash('demo', 'https://collect.example.com/', guard);
    await tick();
    expect(scripts('https://collect.example.com')).toHaveLength(1);
    const s = scripts('https://collect.example.com')[0];
    expect(s.src).toBe('https://collect.example.com/recorder.js');
    expect(s.dataset.site).toBe('demo');
    expect(s.dataset.collector).toBe('https://collect.example.com/');
    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe('/shop/item?x=1');
  });

  it('does not load a second recorder while one is open, and loads a new one after it was closed', async () => {
    watchRecorderHash('demo', 'https://c.example', guard);
    await tick();
    w.__actionlakeRecorder = true; // what recorder.js sets while open
    await hashTo('#actionlake-recorder');
    expect(scripts()).toHaveLength(0);
    expect(location.hash).toBe('');
    delete w.__actionlakeRecorder; // closed
    await hashTo('#actionlake-recorder');
    expect(scripts()).toHaveLength(1);
  });

  it('loads nothing for visitors, and loads once when the hash is added later', async () => {
    const c = 'https://later.example';
    watchRecorderHash('demo', c, guard);
    await tick();
    expect(scripts(c)).toHaveLength(0);
    await hashTo('#reviews');
    expect(scripts(c)).toHaveLength(0);
    for (let i = 0; i < 2; i++) {
      await hashTo('#actionlake-recorder');
      w.__actionlakeRecorder = true; // recorder.js ran and is open
    }
    expect(scripts(c)).toHaveLength(1);
    expect(location.hash).toBe('');
  });
});

describe('the recorder\'s tab', () => {
  it('is remembered once the hash opened the recorder: a reload opens it again without the hash, until Close forgets it', async () => {
    const c = 'https://reload.example';
    history.replaceState(null, '', '/p#actionlake-recorder');
    watchRecorderHash('demo', c, guard);
    await tick();
    expect(recorderInTab()).toBe('demo');
    document.head.innerHTML = ''; // "a reload": the page starts again, with no hash
    watchRecorderHash('demo', c, guard);
    await tick();
    expect(scripts(c)).toHaveLength(1);
    forgetRecorderTab(); // Close
    document.head.innerHTML = '';
    watchRecorderHash('demo', c, guard);
    await tick();
    expect(scripts(c)).toHaveLength(0);
  });

  it('removes the hash at once, but touches no storage (and loads nothing) until the next task: sdk.js is being evaluated', async () => {
    const c = 'https://light.example';
    const getItem = jest.spyOn(Storage.prototype, 'getItem');
    const setItem = jest.spyOn(Storage.prototype, 'setItem');
    try {
      history.replaceState(null, '', '/p#actionlake-recorder');
      watchRecorderHash('demo', c, guard);
      expect(location.hash).toBe('');
      expect(getItem).not.toHaveBeenCalled();
      expect(setItem).not.toHaveBeenCalled();
      expect(scripts(c)).toHaveLength(0);
      await tick();
      expect(scripts(c)).toHaveLength(1);
    } finally {
      getItem.mockRestore();
      setItem.mockRestore();
    }
  });

  it('marks the tab\'s events with the `recorder` bot signal while the recorder is open, and only then', async () => {
    expect(botSignals()).toBeUndefined();
    history.replaceState(null, '', '/p#actionlake-recorder');
    watchRecorderHash('demo', 'https://signal.example', guard);
    await tick();
    expect(botSignals()).toEqual(['recorder']);
    forgetRecorderTab();
    expect(botSignals()).toBeUndefined();
  });
});
