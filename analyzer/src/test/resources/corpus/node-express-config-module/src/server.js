const express = require('express');
const Redis = require('ioredis');
const config = require('./config');
const status = require('./routes/status');

const redis = new Redis(config.redisUrl);
const app = express();
app.use(status);

app.post('/charge', async (req, res) => {
  await redis.incr('charges');
  res.status(202).end();
});

app.listen(config.port);
