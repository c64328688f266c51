/**
 * One validation thread: loads every rule set once, warms each up (the first run of a stylesheet is several times
 * slower), then validates one document per message. Started by pool.ts.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadAll, runRuleSet, parseDocument, validateXml } from './engine';
import { RULE_SETS, type RuleSetName } from './rule-sets';

type Request = { id: number; xml: string } | { id: number; crash: true };

const port = parentPort!;
const allowCrash = (workerData as { allowCrashForTests?: boolean } | undefined)?.allowCrashForTests === true;

const WARM_UP: Record<'ubl' | 'cii', string> = {
  ubl: '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>',
  cii: '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>',
};

// Validation is background work: on Linux a thread has its own nice value (setpriority on its thread id), so this
// thread yields the cores to the sync and the web requests of the same process and host whenever they need them.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
} catch {
  // not Linux, or no /proc: run at normal priority
}

loadAll();
for (const name of Object.keys(RULE_SETS) as RuleSetName[]) {
  const doc = parseDocument(WARM_UP[name.endsWith('-ubl') ? 'ubl' : 'cii']);
  try {
    runRuleSet(name, doc);
  } catch {
    // A warm-up document may trip a rule's dynamic error; warming is all it is for.
  }
}
port.postMessage({ ready: true });

port.on('message', (msg: Request) => {
  if ('crash' in msg) {
    if (allowCrash) process.exit(3);
    return;
  }
  port.postMessage({ id: msg.id, result: validateXml(msg.xml) });
});
