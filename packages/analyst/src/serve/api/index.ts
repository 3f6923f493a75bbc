/**
 * Every view's /api endpoint (GET /api/<name>), in the order the web app's tabs show them. A new
 * view is one module in this folder (an `Endpoint`, see ./endpoint.ts) and one line here.
 * /api/meta, /api/live and /api/segments/download are answered by the server itself (../server.ts).
 */
import { channels } from './channels';
import type { Endpoint } from './endpoint';
import { funnel } from './funnel';
import { overview } from './overview';
import { person } from './person';
import { products } from './products';
import { segments } from './segments';

export const ENDPOINTS: readonly Endpoint[] = [overview, channels, funnel, products, person, segments];
