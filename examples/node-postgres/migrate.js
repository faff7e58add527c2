// Idempotent migration: safe to run before every release.
const pool = require('./db');

async function migrate() {
  await pool.query(`CREATE TABLE IF NOT EXISTS notes (
    id SERIAL PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`);
  console.log('migrated: table notes is ready');
}

migrate()
  .then(() => pool.end())
  .catch((error) => {
    console.error('migration failed:', error.message);
    process.exit(1);
  });
