// Like the main.ts that `nest new` writes: the port is hard-coded, and nothing reads PORT. HiveMind finds the port
// the app listens on, runs each instance where that port is free (a network namespace of its own, as root) and routes
// there.
const http = require('http');
const { AppModule } = require('./app.module');

async function bootstrap() {
  const app = http.createServer(AppModule.handle);
  process.on('SIGTERM', () => app.close(() => process.exit(0)));
  await app.listen(3000);
  console.log(`node-fixed-port ${AppModule.version} listening on port 3000`);
}
bootstrap();
