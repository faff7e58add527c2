import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const links = pgTable('links', {
  id: serial('id').primaryKey(),
  url: text('url').notNull(),
});
