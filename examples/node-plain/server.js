// A Node.js app with no dependencies: answers / with its version and /health for the probes.
const http = require('http');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
const version = process.env.APP_VERSION || 'v1';

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`Hello from node-plain ${version}\n`);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

server.listen(port, host, () => {
  console.log(`node-plain ${version} listening on http://${host}:${port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
