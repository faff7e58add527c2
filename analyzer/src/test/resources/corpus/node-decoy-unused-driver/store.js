// In-memory until the database lands.
const todos = [];

module.exports = {
  all: () => todos,
  add: (todo) => {
    todos.push(todo);
    return todo;
  },
};
