import { loadConfig, type Config } from "../../api/config.ts";

/** A validated Config from environment-style overrides, as the server would build it. */
export function testConfig(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`test config invalid: ${result.errors.join("; ")}`);
  return result.config;
}
