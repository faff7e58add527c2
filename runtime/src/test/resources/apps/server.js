// A tiny app for the agent's tests; its behaviour is chosen by environment variables.
const http = require('http');
const fs = require('fs');

const version = process.env.VERSION || 'v1';
fs.appendFileSync('starts.log', Date.now() + ' ' + process.pid + '\n');
const starts = fs.readFileSync('starts.log', 'utf8').trim().split('\n').length;
console.log(`app ${version} start #${starts} pid ${process.pid} port ${process.env.PORT} host ${process.env.HOST}`);

if (process.env.EXIT_AT_ONCE) {
  console.error('boom: DATABASE_URL is not set');
  process.exit(7);
}
const crashStarts = Number(process.env.CRASH_STARTS || 0);
if (starts >= 2 && starts <= crashStarts) {
  console.error(`crashing on start #${starts}`);
  setTimeout(() => process.exit(1), 20);
} else {
  let ready = !process.env.START_UNREADY; // what /ready answers; /unready and /reready flip it (readiness probes)
  let alive = true; // what /live answers; /die makes it fail for good (liveness probes)
  let hung = 0; // requests to /hang (never answered) whose connection is still open; /hung answers it
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/pid') {
      res.end(`${version} ${process.pid}\n`);
    } else if (url.pathname === '/ready' || url.pathname === '/live') {
      const ok = url.pathname === '/ready' ? ready : alive;
      res.writeHead(ok ? 200 : 503, {'content-type': 'text/plain'});
      res.end(ok ? 'ok\n' : 'no\n');
    } else if (url.pathname === '/unready' || url.pathname === '/reready') {
      ready = url.pathname === '/reready';
      res.end(`ready ${ready}\n`);
    } else if (url.pathname === '/die') {
      alive = false;
      res.end('dying\n');
    } else if (url.pathname === '/health') {
      res.writeHead(process.env.NEVER_HEALTHY ? 500 : 200, {'content-type': 'text/plain'});
      res.end('ok\n');
    } else if (url.pathname === '/slow') {
      console.log(`slow request received by ${version}`);
      setTimeout(() => { res.end(`slow ${version}\n`); }, Number(url.searchParams.get('ms') || 1000));
    } else if (url.pathname === '/hang') {
      hung++;
      req.socket.on('close', () => { hung--; });
    } else if (url.pathname === '/hung') {
      res.end(`${hung}\n`);
    } else if (url.pathname === '/crash') {
      res.end('bye\n', () => process.exit(3));
    } else if (url.pathname === '/spam') {
      const lines = Number(url.searchParams.get('lines') || 100);
      for (let i = 0; i < lines; i++) console.log(`spam line ${i} ${'x'.repeat(60)}`);
      res.end('spammed\n');
    } else if (url.pathname === '/fail') {
      res.writeHead(500, {'content-type': 'text/plain'});
      res.end(`failing ${version}\n`);
    } else if (url.pathname === '/env') {
      res.end(`${process.env.GREETING || ''}\n`);
    } else {
      res.end(`hello from ${version}\n`);
    }
  });
  server.listen(Number(process.env.PORT), process.env.HOST);
}
