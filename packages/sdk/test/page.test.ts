// deviceInfo against stand-in browser globals (unit tests run in Node, without a DOM).
import { deviceInfo } from '../src/dom/page';

const g = globalThis as Record<string, unknown>;

beforeAll(() => {
  g.screen = { width: 1920, height: 1080 };
  g.window = { innerWidth: 1280, innerHeight: 720 };
  Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-IN' }, configurable: true });
});

afterAll(() => {
  delete g.screen;
  delete g.window;
  delete g.navigator;
});

describe('deviceInfo', () => {
  it('never reads the time zone while called (Intl costs 14–18 ms on a fresh page): a later task fills it in', async () => {
    const format = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      const first = deviceInfo();
      expect(format).not.toHaveBeenCalled();
      expect(first).toEqual({ screen_width: 1920, screen_height: 1080, viewport_width: 1280, viewport_height: 720, language: 'en-IN' });
      await new Promise((r) => setTimeout(r, 0));
      expect(format).toHaveBeenCalledTimes(1);
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      expect(first.timezone).toBe(tz); // the event recorded before is completed
      format.mockClear();
      g.window = { innerWidth: 800, innerHeight: 600 };
      expect(deviceInfo()).toEqual({ ...first, viewport_width: 800, viewport_height: 600 });
      expect(format).not.toHaveBeenCalled();
    } finally {
      format.mockRestore();
    }
  });
});
