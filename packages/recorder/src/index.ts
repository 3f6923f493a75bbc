/**
 * recorder.js: the Action Recorder, loaded by sdk.js when a page is opened with
 * `#actionlake-recorder` (and again on every page of that tab until it is closed: sdk.js keeps a
 * flag in sessionStorage). Reads its site and collector from its script tag and mounts once;
 * Close clears the tab's flag, so the tab is a visitor's again.
 */
import { forgetRecorderTab } from '@actionlake/sdk';
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
      w[KEY] = new Recorder(config, () => {
        delete w[KEY];
        forgetRecorderTab();
      });
    } catch (err) {
      delete w[KEY];
      forgetRecorderTab();
      console.warn('[actionlake] the recorder could not start', err);
    }
  };
  if (document.documentElement) mount();
  else document.addEventListener('DOMContentLoaded', mount);
}

start();
