/*
 * The Peppol code lists an Invoice Response uses: UNCL 4343 response codes (the Invoice
 * Response subset), OPStatusReason (why) and OPStatusAction (what the supplier should do).
 * The labels are what clerks and suppliers read.
 */
export const RESPONSE_CODES = {
  AB: 'Acknowledged',
  IP: 'In process',
  UQ: 'Under query',
  CA: 'Conditionally accepted',
  RE: 'Rejected',
  AP: 'Accepted',
  PD: 'Paid',
} as const;
export type ResponseCode = keyof typeof RESPONSE_CODES;

export const REASON_CODES = {
  NON: 'No issue',
  REF: 'References incorrect',
  LEG: 'Legal information incorrect',
  REC: 'Receiver unknown',
  QUA: 'Item quality insufficient',
  DEL: 'Delivery issues',
  PRI: 'Prices incorrect',
  QTY: 'Quantity incorrect',
  ITM: 'Items incorrect',
  PAY: 'Payment information incorrect',
  UNR: 'Not recognised',
  FIN: 'Finance incorrect',
  PPD: 'Partially paid',
  OTH: 'Other',
} as const;
export type ReasonCode = keyof typeof REASON_CODES;

export const ACTION_CODES = {
  NOA: 'No action required',
  PIN: 'Provide information',
  NIN: 'Issue new invoice',
  CNF: 'Credit fully',
  CNP: 'Credit partially',
  CNA: 'Credit the amount',
} as const;
export type ActionCode = keyof typeof ACTION_CODES;

const has = (list: object, value: unknown): boolean => typeof value === 'string' && Object.prototype.hasOwnProperty.call(list, value);
export const isResponseCode = (value: unknown): value is ResponseCode => has(RESPONSE_CODES, value);
export const isReasonCode = (value: unknown): value is ReasonCode => has(REASON_CODES, value);
export const isActionCode = (value: unknown): value is ActionCode => has(ACTION_CODES, value);

export const reasonLabel = (code: string | null) => (code && isReasonCode(code) ? REASON_CODES[code] : code);
export const actionLabel = (code: string | null) => (code && isActionCode(code) ? ACTION_CODES[code] : code);
export const responseLabel = (code: string) => (isResponseCode(code) ? RESPONSE_CODES[code] : code);

/**
 * The reason-code check of a hold or rejection, per form field (null = fine). The free text
 * is checked by the workflow itself; the action is optional.
 */
export function checkStatusCodes(needsReason: boolean, reasonCode: string, actionCode: string): { reason_code?: string; action_code?: string } | null {
  const errors: { reason_code?: string; action_code?: string } = {};
  if (needsReason && reasonCode === '') errors.reason_code = 'Choose what is wrong (the reason the supplier sees).';
  else if (reasonCode !== '' && !isReasonCode(reasonCode)) errors.reason_code = 'Choose one of the listed reasons.';
  if (actionCode !== '' && !isActionCode(actionCode)) errors.action_code = 'Choose one of the listed actions, or none.';
  return Object.keys(errors).length > 0 ? errors : null;
}
