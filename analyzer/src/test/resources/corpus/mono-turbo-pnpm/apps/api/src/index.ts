import express from 'express';

const app = express();
const port = process.env.PORT || 4000;

app.get('/status', (_req, res) => {
  res.json({ ok: true });
});

app.listen(port, () => console.log(`api running on ${port}`));
