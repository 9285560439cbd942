import type { Config } from '../../src/config';
import { stackServices } from '../../src/stack';

/**
 * Whether every service of the local stack answers a real call on the configured addresses, whoever started it:
 * this checkout's `stack up`, another checkout's, or docker compose.
 */
export async function everyServiceAnswers(config: Config): Promise<boolean> {
  const answers = await Promise.all(
    stackServices(config).map((s) =>
      s.probe().then(
        () => true,
        () => false,
      ),
    ),
  );
  return answers.every(Boolean);
}
