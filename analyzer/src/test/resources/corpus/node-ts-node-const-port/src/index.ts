import express from 'express';
import axios from 'axios';

const PORT = 8000;
const app = express();

app.get('/weather/:city', async (req, res) => {
  const answer = await axios.get(`https://wttr.in/${req.params.city}?format=j1`);
  res.json(answer.data);
});

app.listen(PORT, () => console.log(`weather-proxy on ${PORT}`));
