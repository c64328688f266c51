/**
 * One validation process: loads every rule set once, warms each up (the first run of a stylesheet is several times
 * slower), then validates one document per message. Started by pool.ts.
 *
 * When the pool's process dies (kill -9, out of memory) this one leaves at once and without a word. It learns of the
 * death from the IPC channel's 'disconnect': the kernel closes the parent's end of the socket however the parent
 * died, so the event comes with no polling and no pid to compare (a ppid check would need a timer on this same event
 * loop, so it would notice nothing sooner, and stdin is not connected). The event loop only runs between pieces of
 * synchronous SaxonJS work, so start-up yields after each rule set (the longest piece is then about a second; a
 * document is tens of milliseconds). A result or "ready" that finds the channel closed is not an error either: the
 * send's failure (EPIPE) goes to its callback, which leaves, instead of an unhandled 'error' event with a stack trace.
 */
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { idlePolicy, lowerPriority } from '../priority';
import { loadRuleSet, runRuleSet, parseDocument, validateXml } from './engine';
import { RULE_SETS, type RuleSetName } from './rule-sets';

type Request = { id: number; xml: string } | { id: number; crash: true };

const allowCrash = process.env.APDESK_VALIDATION_ALLOW_CRASH === '1';

/** Nobody is left to validate for, or to tell. */
const leave = () => process.exit(0);
process.on('disconnect', leave);

function send(msg: unknown) {
  if (!process.connected) return leave();
  process.send!(msg, undefined, {}, (error: Error | null) => {
    if (error) leave();
  });
}

const WARM_UP: Record<'ubl' | 'cii', string> = {
  ubl: '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></Invoice>',
  cii: '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>',
};

// Validation is background work: it yields the cores to the sync and the web requests whenever they need them.
lowerPriority(19);
idlePolicy();

const names = Object.keys(RULE_SETS) as RuleSetName[];
for (const name of names) {
  loadRuleSet(name);
  await yieldToEvents();
}
for (const name of names) {
  const doc = parseDocument(WARM_UP[name.endsWith('-ubl') ? 'ubl' : 'cii']);
  try {
    runRuleSet(name, doc);
  } catch {
    // A warm-up document may trip a rule's dynamic error; warming is all it is for.
  }
  await yieldToEvents();
}
send({ ready: true });

process.on('message', (msg: Request) => {
  if ('crash' in msg) {
    if (allowCrash) process.exit(3);
    return;
  }
  send({ id: msg.id, result: validateXml(msg.xml) });
});
