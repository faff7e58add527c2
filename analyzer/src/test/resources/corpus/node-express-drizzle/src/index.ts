import express from 'express';
import { db } from './db/index.js';
import { links } from './db/schema.js';

const app = express();
const port = Number(process.env.PORT) || 4000;

app.get('/healthz', (_req, res) => {
  res.send('ok');
});

app.get('/links', async (_req, res) => {
  res.json(await db.select().from(links));
});

app.listen(port, () => console.log(`listening on ${port}`));
