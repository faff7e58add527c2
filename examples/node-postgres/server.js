// GET /health checks the database; POST /notes stores the request body; GET /notes lists the notes.
const http = require('http');
const pool = require('./db');

const port = Number(process.env.PORT || 3000);

function send(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function handle(request, response) {
  if (request.url === '/health') {
    await pool.query('SELECT 1');
    return send(response, 200, { status: 'ok' });
  }
  if (request.url === '/notes' && request.method === 'POST') {
    let body = '';
    for await (const chunk of request) body += chunk;
    const { rows } = await pool.query('INSERT INTO notes (body) VALUES ($1) RETURNING id, body', [body]);
    return send(response, 201, rows[0]);
  }
  if (request.url === '/notes') {
    const { rows } = await pool.query('SELECT id, body FROM notes ORDER BY id');
    return send(response, 200, rows);
  }
  if (request.url === '/database') {
    const { rows } = await pool.query('SELECT current_user AS role, current_database() AS database');
    return send(response, 200, rows[0]);
  }
  return send(response, 404, { error: 'not found' });
}

http.createServer((request, response) => {
  handle(request, response).catch((error) => send(response, 503, { error: error.message }));
}).listen(port, process.env.HOST || '127.0.0.1', () => console.log(`listening on ${port}`));
