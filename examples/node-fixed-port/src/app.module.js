// The app's routes: / answers with its version, /health for the probes.
const version = process.env.APP_VERSION || 'v1';

function handle(req, res) {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`Hello from node-fixed-port ${version}\n`);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
}

module.exports = { AppModule: { handle, version } };
