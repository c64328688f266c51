import type { Db } from '../db/connection';

/** The touchless rate once line coding exists; null until then. */
export async function touchlessSummary(_db: Db): Promise<{ rate: number | null; touchless: number; received: number } | null> {
  return null;
}
