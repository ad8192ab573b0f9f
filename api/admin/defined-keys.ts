/** The names of the fields a partial body actually sets, sorted: what audit lines list as changed. */
export function definedKeys(body: object): string[] {
  return Object.entries(body)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}
