// Process entry: configuration from the environment → database → app → listen; graceful close.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const db = openDatabase(config.dataDir);
  const app = await buildApp(config, db, {
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    announce: (line) => process.stderr.write(`${line}\n`),
  });

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close(); // waits for requests in flight
    db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Quire serves ${config.dataDir} at ${config.baseUrl ?? `http://${config.host}:${config.port}`}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
