import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a file in ../shared/data (beside the repository), and whether it is there. */
export function sharedData(relative: string): { path: string; present: boolean } {
  const path = fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
  return { path, present: existsSync(path) };
}
