/**
 * One validation process: loads every rule set once, warms each up (the first run of a stylesheet is several times
 * slower), then validates one document per message. Started by pool.ts.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { loadAll, runRuleSet, parseDocument, validateXml } from './engine';
import { RULE_SETS, type RuleSetName } from './rule-sets';

type Request = { id: number; xml: string } | { id: number; crash: true };

const allowCrash = process.env.APDESK_VALIDATION_ALLOW_CRASH === '1';
const send = (msg: unknown) => process.send!(msg);

const WARM_UP: Record<'ubl' | 'cii', string> = {
  ubl: '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>',
  cii: '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>',
};

// Validation is background work: it yields the cores to the sync and the web requests whenever they need them. On
// Linux each thread has its own nice value and setpriority(pid) changes only the main thread's, so every thread of
// this process (V8's garbage-collection helpers included) is lowered; threads started later inherit it.
try {
  setPriority(0, 19);
  for (const tid of readdirSync('/proc/self/task').map(Number)) if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
} catch {
  // not Linux, or no /proc: the main thread at least runs at low priority where setPriority(0) works
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
send({ ready: true });

// The parent went away (killed, crashed): nothing left to validate for.
process.on('disconnect', () => process.exit(0));
process.on('message', (msg: Request) => {
  if ('crash' in msg) {
    if (allowCrash) process.exit(3);
    return;
  }
  send({ id: msg.id, result: validateXml(msg.xml) });
});
