// The baseline: a bare node:http server that reads the same bodies and answers 204.
import http from 'node:http';

const port = Number(process.argv[2]);
http
  .createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  })
  .listen(port, '127.0.0.1', () => console.log('ready'));
