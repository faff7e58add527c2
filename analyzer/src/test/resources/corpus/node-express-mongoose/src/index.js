require('dotenv').config();
const express = require('express');
const mongoose = require('mongoose');
const Post = require('./models/post');

const app = express();
app.use(express.json());

app.get('/api/posts', async (req, res) => {
  res.json(await Post.find());
});

const PORT = process.env.PORT || 5000;

mongoose.connect(process.env.MONGODB_URI).then(() => {
  app.listen(PORT, () => console.log(`Server running on port ${PORT}`));
});
