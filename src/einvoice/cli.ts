/** `npm run --silent parse -- [--max-bytes N] FILE...`: one JSON line per file; exit 0 only when every file parsed. */
import { open } from 'node:fs/promises';
import { DEFAULT_MAX_BYTES, readEInvoice, sizeMessage, type ReadResult } from './index';

async function readFileResult(file: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) return { ok: false, error: 'The path is not a regular file.' };
    // Refuse before reading, so an oversized file never occupies memory.
    if (size > maxBytes) return { ok: false, error: sizeMessage(size, maxBytes) };
    const bytes = await handle.readFile();
    return readEInvoice(bytes, { filename: file, maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: 'The file does not exist.' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, error: 'The file cannot be read (permission denied).' };
    if (code === 'EISDIR') return { ok: false, error: 'The path is not a regular file.' };
    return { ok: false, error: `The file could not be read (${code ?? 'unknown error'}).` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function parseArgs(argv: string[]): { files: string[]; maxBytes: number } | string {
  const files: string[] = [];
  let maxBytes = DEFAULT_MAX_BYTES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--max-bytes(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = Number(m[1] ?? argv[++i]);
      if (!Number.isSafeInteger(value) || value <= 0) return '--max-bytes needs a positive whole number of bytes.';
      maxBytes = value;
    } else if (arg === '--') continue;
    else files.push(arg);
  }
  return files.length > 0 ? { files, maxBytes } : 'Usage: npm run --silent parse -- [--max-bytes N] FILE...';
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  let allParsed = true;
  for (const file of args.files) {
    const result = await readFileResult(file, args.maxBytes);
    const line = result.ok ? { file, invoices: result.invoices } : { file, error: result.error };
    if (!result.ok) allParsed = false;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return allParsed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('The e-invoice reader failed unexpectedly.\n');
    process.exitCode = 1;
  },
);
