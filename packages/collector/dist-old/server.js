"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/** The collector process: config from the environment, real dependencies, listen, graceful stop. */
const node_cluster_1 = __importDefault(require("node:cluster"));
const pino_1 = __importDefault(require("pino"));
const app_1 = require("./app");
const config_1 = require("./config");
const geo_1 = require("./enrich/geo");
const local_sink_1 = require("./lake/local-sink");
const cluster_relay_1 = require("./live/cluster-relay");
const s3_sink_1 = require("./lake/s3-sink");
const workers_1 = require("./workers");
async function main() {
    const loaded = (0, config_1.loadConfig)(process.env);
    const logger = (0, pino_1.default)({ level: loaded.logLevel });
    if (loaded.workers > 1 && node_cluster_1.default.isPrimary)
        return (0, workers_1.runPrimary)(loaded, logger);
    const index = (0, workers_1.workerIndex)();
    const config = index ? (0, workers_1.workerConfig)(loaded, index) : loaded;
    const sink = config.s3 ? new s3_sink_1.S3Sink(config.s3) : new local_sink_1.LocalFolderSink(config.lakeDir);
    const geo = config.geoEnabled ? (0, geo_1.geoipLiteLookup)() : null;
    const collector = await (0, app_1.createApp)({ config, sink, geo, logger, defaultMetrics: true });
    if (index)
        (0, cluster_relay_1.joinWorkers)(collector.live);
    await collector.listen(config.port, config.host);
    logger.info({ url: collector.url(), lake: sink.describe, spool: config.spoolDir, collectorId: config.collectorId, worker: index ?? undefined }, 'collector listening');
    let stopping = false;
    const stop = (signal) => {
        if (stopping)
            return;
        stopping = true;
        logger.info({ signal }, 'stopping: flushing the spool to the lake');
        collector.close().then(() => {
            logger.info('stopped');
            process.exit(0);
        }, (err) => {
            logger.error({ err }, 'could not flush everything; the spool keeps it for the next start');
            process.exit(1);
        });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}
main().catch((err) => {
    // eslint-disable-next-line no-console
    console.error('collector failed to start:', err);
    process.exit(1);
});
