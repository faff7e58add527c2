const { Router } = require('express');

const router = Router();
router.get('/status', (req, res) => res.json({ ok: true }));

module.exports = router;
