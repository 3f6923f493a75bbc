// s3rver in its own process: on Node 20 it needs NODE_OPTIONS=--openssl-legacy-provider,
// which the jest process should not need to carry. Prints "ready <port>" once listening.
const S3rver = require('s3rver');

const [directory, bucket] = process.argv.slice(2);
new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then((addr) => console.log(`ready ${addr.port}`))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
