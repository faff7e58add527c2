const express = require('express');
const { sequelize } = require('./models');

const app = express();

app.get('/', (req, res) => res.send('library'));

sequelize.authenticate().then(() => {
  app.listen(process.env.PORT || 8080);
});
