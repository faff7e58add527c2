const { Router } = require('express');
const db = require('knex')(require('../knexfile'));

const router = Router();

router.get('/', async (req, res) => {
  res.json(await db('recipes').select());
});

module.exports = router;
