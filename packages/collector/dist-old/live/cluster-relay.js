"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PrimaryRelay = void 0;
exports.joinWorkers = joinWorkers;
/**
 * The live view with WORKERS > 1. A listener's stream is held by one worker, but a site's events
 * land on every worker. Each worker tells the primary how many listeners it holds per site; the
 * primary tells each worker which sites are listened to on *other* workers; a worker forwards only
 * those sites' events, and the primary hands each one to the workers listening. With no listener
 * anywhere, nothing crosses the processes, so ingest pays nothing for the feature.
 */
const node_cluster_1 = __importDefault(require("node:cluster"));
const isMessage = (m) => !!m && typeof m === 'object' && typeof m.al === 'string';
/** In a worker: joins its hub to the other workers' through the primary. */
function joinWorkers(hub) {
    if (!node_cluster_1.default.isWorker || !process.send)
        return;
    let wanted = new Set();
    const send = (m) => process.send?.(m);
    hub.onListeners = (site, n) => send({ al: 'listeners', site, n });
    hub.forward = (site, kind, row) => {
        if (wanted.has(site))
            send({ al: 'event', site, kind, row });
    };
    process.on('message', (m) => {
        if (!isMessage(m))
            return;
        if (m.al === 'wanted')
            wanted = new Set(m.sites);
        else if (m.al === 'event')
            hub.deliver(m.site, m.kind, m.row);
    });
}
/** In the primary: the listener counts of every worker, and the events relayed between them. */
class PrimaryRelay {
    listening = new Map();
    attach(w) {
        this.listening.set(w, new Map());
        w.on('message', (m) => {
            if (!isMessage(m))
                return;
            if (m.al === 'listeners') {
                const sites = this.listening.get(w);
                if (!sites)
                    return;
                if (m.n > 0)
                    sites.set(m.site, m.n);
                else
                    sites.delete(m.site);
                this.announce();
            }
            else if (m.al === 'event') {
                for (const [other, sites] of this.listening)
                    if (other !== w && sites.has(m.site) && other.isConnected())
                        other.send(m);
            }
        });
        w.on('online', () => this.announce());
        w.on('exit', () => {
            this.listening.delete(w);
            this.announce();
        });
    }
    /** Tells each worker the sites listened to on the others. */
    announce() {
        for (const w of this.listening.keys()) {
            const sites = new Set();
            for (const [other, s] of this.listening)
                if (other !== w)
                    for (const site of s.keys())
                        sites.add(site);
            if (w.isConnected())
                w.send({ al: 'wanted', sites: [...sites] });
        }
    }
}
exports.PrimaryRelay = PrimaryRelay;
