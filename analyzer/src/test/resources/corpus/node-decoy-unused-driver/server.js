const express = require('express');
const bodyParser = require('body-parser');
const store = require('./store');

const app = express();
app.use(bodyParser.json());

app.get('/todos', (req, res) => res.json(store.all()));
app.post('/todos', (req, res) => res.status(201).json(store.add(req.body)));

const port = 3000;
app.listen(port, () => console.log(`todo-service on ${port}`));
