/** recorder.js entry (placeholder until the recorder lands). */
import { parsePrice } from '@actionlake/sdk';

(window as unknown as { actionlakeRecorder?: unknown }).actionlakeRecorder = { parsePrice };
