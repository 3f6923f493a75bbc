/**
 * recorder.js: the Action Recorder, loaded by sdk.js when a page is opened with
 * `#actionlake-recorder`. Reads its site and collector from its script tag and mounts once.
 */
import { Recorder } from './app';
import { readConfig } from './config';

const KEY = '__actionlakeRecorder';
type Flagged = Window & { [KEY]?: Recorder | true };

function start(): void {
  const w = window as Flagged;
  if (w[KEY]) return; // loaded twice: one recorder only
  const config = readConfig(document);
  if (!config) {
    console.warn('[actionlake] recorder.js needs data-site (and data-collector) on its script tag');
    return;
  }
  w[KEY] = true;
  const mount = () => {
    try {
      w[KEY] = new Recorder(config, () => delete w[KEY]);
    } catch (err) {
      delete w[KEY];
      console.warn('[actionlake] the recorder could not start', err);
    }
  };
  if (document.documentElement) mount();
  else document.addEventListener('DOMContentLoaded', mount);
}

start();
