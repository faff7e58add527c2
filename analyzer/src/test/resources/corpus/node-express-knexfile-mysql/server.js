const express = require('express');
const recipes = require('./routes/recipes');

const app = express();
app.use(express.json());
app.use('/recipes', recipes);

app.listen(process.env.PORT || 8000, () => console.log('recipes up'));
