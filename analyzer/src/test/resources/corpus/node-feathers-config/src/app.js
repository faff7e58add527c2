const feathers = require('@feathersjs/feathers');
const configuration = require('@feathersjs/configuration');
const express = require('@feathersjs/express');
const knex = require('./knex');

const app = express(feathers());
app.configure(configuration());
app.use(express.json());
app.configure(express.rest());
app.configure(knex);

module.exports = app;
