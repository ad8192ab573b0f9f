import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One file found under a folder: its path below that folder and its bytes. */
export interface DiskFile {
  path: string;
  bytes: Buffer;
}

/** Every file below `dir`, however deep; none when the folder does not exist. */
export function filesUnder(dir: string): DiskFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(dir, full), bytes: readFileSync(full) };
    });
}

/** Names and contents as one text, to look for what must not be on disk. */
export function asText(files: readonly DiskFile[]): string {
  return files.map((file) => `${file.path}\n${file.bytes.toString("latin1")}`).join("\n");
}
