// Runs s3rver (a real S3-protocol server) in its own process: it needs
// NODE_OPTIONS=--openssl-legacy-provider on Node 20, which the test process should not carry.
const S3rver = require('s3rver');

const [port, directory, bucket] = process.argv.slice(2);
new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => console.log('s3rver ready'))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
