// The one connection pool, configured by DATABASE_URL (HiveMind sets it to the app's private PostgreSQL).
const { Pool } = require('pg');

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}

module.exports = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
