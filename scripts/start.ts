/**
 * `npm start`: the whole system in one terminal (embedded PostgreSQL + Temporal dev server unless external ones
 * are configured, worker, API). Ctrl-C stops everything.
 */
process.env.TZ = 'UTC'; // workers must not depend on the host zone; domain code names Asia/Ho_Chi_Minh itself

import { ConfigError, loadConfig } from './config';
import { startSystem } from './system';

const progress = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const system = await startSystem(config, progress);
  progress('Hệ thống đã sẵn sàng (system ready):');
  if (system.apiUrl) progress(`  API:          ${system.apiUrl}  (sức khỏe: ${system.apiUrl}/healthz)`);
  if (system.temporalUiUrl) progress(`  Temporal UI:  ${system.temporalUiUrl}`);
  progress('Nhấn Ctrl-C để dừng (press Ctrl-C to stop).');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    progress(`Nhận ${signal}, đang dừng…`);
    await system.stop();
    progress('Đã dừng toàn bộ (stopped).');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  progress(`Không khởi động được (start-up failed): ${(err as Error).message}`);
  process.exit(1);
});
