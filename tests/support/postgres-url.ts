/** Every database the tests create starts with this, so leftovers can be found and dropped. */
export const TEST_DATABASE_PREFIX = "lapor_test_";

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
