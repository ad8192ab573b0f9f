import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/server-process.ts";

const localesDir = join(REPO_ROOT, "locales");

function keysOf(lng: string): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else {
      keys.push(prefix);
    }
  };
  for (const file of readdirSync(join(localesDir, lng)).filter((f) => f.endsWith(".json")).sort()) {
    walk(JSON.parse(readFileSync(join(localesDir, lng, file), "utf8")), file.replace(/\.json$/, ""));
  }
  return keys.sort();
}

function placeholdersOf(lng: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(join(localesDir, lng)).filter((f) => f.endsWith(".json"))) {
    const text = readFileSync(join(localesDir, lng, file), "utf8");
    const walk = (value: unknown, prefix: string) => {
      if (typeof value === "string") out[prefix] = [...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();
      else if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) walk(v, `${prefix}.${k}`);
    };
    walk(JSON.parse(text), file.replace(/\.json$/, ""));
  }
  return out;
}

describe("locales", () => {
  it("English has exactly the keys of Bahasa Indonesia", () => {
    expect(keysOf("en")).toEqual(keysOf("id"));
    expect(keysOf("id").length).toBeGreaterThan(0);
  });

  it("every translation uses the same placeholders as the Indonesian text", () => {
    expect(placeholdersOf("en")).toEqual(placeholdersOf("id"));
  });
});
