/** The process's validation pool: started by the first validation job (web-only processes never start threads). */
import { ValidationPool } from './pool';

let pool: ValidationPool | null = null;

export function validationPool(threads: number): ValidationPool {
  pool ??= new ValidationPool({ threads });
  return pool;
}

export async function closeValidationPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
