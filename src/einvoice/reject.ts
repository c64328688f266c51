/** A file we refuse to read; the message is one sentence meant for an AP clerk. */
export class Rejection extends Error {
  override readonly name = 'Rejection';
}

export function reject(message: string): never {
  throw new Rejection(message);
}
