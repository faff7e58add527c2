// The one connection pool, configured by DATABASE_URL (HiveMind sets it to the app's private PostgreSQL).
const { Pool } = require('pg');

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
// An idle connection the server dropped (a database restart) is discarded; the next query opens a new one.
pool.on('error', (error) => console.error('idle database connection lost:', error.message));

module.exports = pool;
