// An Express app: answers / with its version and /health for the probes.
const express = require('express');

const app = express();
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
const version = process.env.APP_VERSION || 'v1';

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.get('/', (req, res) => {
  res.type('text/plain').send(`Hello from node-express ${version}\n`);
});

const server = app.listen(port, host, () => {
  console.log(`node-express ${version} listening on http://${host}:${port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
