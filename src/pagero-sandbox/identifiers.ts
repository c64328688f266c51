import type { Prng } from './prng';

/** Luhn check digit for a string of digits (Italian Partita IVA, Swedish organisation numbers). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Positions counted from the right of the final number (check digit included) double every second digit.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** German USt-IdNr check digit (ISO 7064 MOD 11,10). */
export function germanVatCheckDigit(eightDigits: string): number {
  let product = 10;
  for (const char of eightDigits) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

export function italianVat(base10: string): string {
  return `IT${base10}${luhnCheckDigit(base10)}`;
}

export function germanVat(base8: string): string {
  return `DE${base8}${germanVatCheckDigit(base8)}`;
}

export function swedishOrgNumber(base9: string): string {
  return `${base9}${luhnCheckDigit(base9)}`;
}

export function swedishVat(base9: string): string {
  return `SE${swedishOrgNumber(base9)}01`;
}

/** Belgian enterprise number: eight digits and 97 - (those mod 97) as two check digits (Peppol 0208 checks them). */
export function belgianVat(base8: string): string {
  return `BE${base8}${String(97 - (Number(base8) % 97)).padStart(2, '0')}`;
}

/** A VAT number with the right country prefix and format (check digits where the scheme has a simple one). */
export function randomVat(country: string, rng: Prng): string {
  switch (country) {
    case 'IT':
      return italianVat(`0${rng.digits(9)}`);
    case 'DE':
      return germanVat(`${rng.int(1, 3)}${rng.digits(7)}`);
    case 'SE':
      return swedishVat(`556${rng.digits(6)}`);
    case 'FR':
      return `FR${rng.digits(2)}${rng.int(3, 9)}${rng.digits(8)}`;
    case 'NL':
      return `NL${rng.int(1, 9)}${rng.digits(8)}B01`;
    case 'AT':
      return `ATU${rng.int(1, 9)}${rng.digits(7)}`;
    case 'ES':
      return `ESB${rng.digits(8)}`;
    case 'DK':
      return `DK${rng.int(1, 9)}${rng.digits(7)}`;
    case 'FI':
      return `FI${rng.int(1, 3)}${rng.digits(7)}`;
    case 'BE':
      return belgianVat(`0${rng.int(4, 8)}${rng.digits(6)}`);
    default:
      throw new Error(`no VAT format for ${country}`);
  }
}

/** Peppol participant identifier (EAS scheme + id) as suppliers in these countries typically register it. */
export function peppolEndpoint(country: string, vatNumber: string): { scheme: string; id: string } {
  switch (country) {
    case 'IT':
      return { scheme: '0211', id: vatNumber };
    case 'DE':
      return { scheme: '9930', id: vatNumber };
    case 'SE':
      return { scheme: '0007', id: vatNumber.slice(2, 12) };
    case 'FR':
      return { scheme: '0009', id: `${vatNumber.slice(4)}00017` };
    case 'NL':
      return { scheme: '9944', id: vatNumber };
    case 'AT':
      return { scheme: '9914', id: vatNumber };
    case 'ES':
      return { scheme: '9920', id: vatNumber };
    case 'DK':
      return { scheme: '0184', id: vatNumber.slice(2) };
    case 'FI':
      return { scheme: '0213', id: vatNumber };
    case 'BE':
      return { scheme: '0208', id: vatNumber.slice(2) };
    default:
      return { scheme: '9930', id: vatNumber };
  }
}

const BBAN_LENGTH: Record<string, number> = { IT: 23, DE: 18, SE: 20, FR: 23, NL: 14, AT: 16, ES: 20, DK: 14, FI: 14, BE: 12 };

function mod97(numeric: string): number {
  let remainder = 0;
  for (const char of numeric) remainder = (remainder * 10 + Number(char)) % 97;
  return remainder;
}

/** An IBAN with valid check digits (ISO 13616 mod-97). */
export function randomIban(country: string, rng: Prng): string {
  const length = BBAN_LENGTH[country] ?? 18;
  let bban: string;
  if (country === 'IT') bban = `${String.fromCharCode(65 + rng.int(0, 25))}${rng.digits(length - 1)}`;
  else if (country === 'NL') bban = `${rng.pick(['ABNA', 'INGB', 'RABO', 'TRIO'])}${rng.digits(length - 4)}`;
  else bban = rng.digits(length);
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = String(98 - mod97(rearranged)).padStart(2, '0');
  return `${country}${check}${bban}`;
}

export function ibanIsValid(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return mod97(rearranged) === 1;
}
