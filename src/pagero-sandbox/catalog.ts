import { randomIban, randomVat, peppolEndpoint } from './identifiers';
import { Prng, hashSeed } from './prng';

/** A trading party as it appears in UBL (and, for Italy, in FatturaPA). */
export interface Party {
  name: string;
  vatNumber: string;
  country: string;
  street: string;
  city: string;
  postalZone: string;
  /** Italian province code (FatturaPA `Provincia`). */
  province?: string;
  endpoint: { scheme: string; id: string };
  iban: string;
  email: string;
  /** The accounts department's telephone (EN 16931 BT-42, required by the German rules between German parties). */
  telephone: string;
  /** Invoice number pattern: `{year}`, `{seq}` (zero padded to the number of `#`). */
  numberPattern: string;
  language: Language;
  /** What the supplier sells, so invoices list plausible items. */
  sells: ItemKind[];
}

export type Language = 'it' | 'de' | 'sv' | 'en';
export type RateClass = 'standard' | 'reduced' | 'super';
export type ItemKind = 'office' | 'it' | 'logistics' | 'packaging' | 'facility' | 'energy' | 'electrical' | 'food' | 'books' | 'industrial';

export interface CatalogItem {
  kind: ItemKind;
  name: string;
  unitCode: string;
  minPriceCents: number;
  maxPriceCents: number;
  /** Quantities with two decimals (hours, kilograms) rather than whole units. */
  fractional?: boolean;
  rate?: RateClass;
}

interface SupplierSeed {
  name: string;
  country: string;
  street: string;
  city: string;
  postalZone: string;
  province?: string;
  domain: string;
  numberPattern: string;
  sells?: ItemKind[];
}

const LANGUAGE_OF: Record<string, Language> = { IT: 'it', DE: 'de', AT: 'de', SE: 'sv' };
const DIAL_CODE: Record<string, string> = { IT: '39', DE: '49', AT: '43', SE: '46', FR: '33', NL: '31', ES: '34', DK: '45', FI: '358', BE: '32' };
const INVOICE_MAILBOX: Record<string, string> = { IT: 'fatture', DE: 'rechnung', AT: 'rechnung', SE: 'faktura' };

export function makeParty(seed: SupplierSeed): Party {
  const rng = new Prng(hashSeed('party', seed.name));
  const vatNumber = randomVat(seed.country, rng);
  return {
    name: seed.name,
    vatNumber,
    country: seed.country,
    street: seed.street,
    city: seed.city,
    postalZone: seed.postalZone,
    province: seed.province,
    endpoint: peppolEndpoint(seed.country, vatNumber),
    iban: randomIban(seed.country, rng),
    email: `${INVOICE_MAILBOX[seed.country] ?? 'invoices'}@${seed.domain}`,
    telephone: `+${DIAL_CODE[seed.country] ?? '44'} ${rng.digits(3)} ${rng.digits(6)}`,
    numberPattern: seed.numberPattern,
    language: LANGUAGE_OF[seed.country] ?? 'en',
    sells: seed.sells ?? [],
  };
}

const parties = (seeds: SupplierSeed[]) => seeds.map(makeParty);

export const SUPPLIERS: Record<string, Party[]> = {
  IT: parties([
    { name: 'Cartotecnica Lombarda S.p.A.', country: 'IT', street: 'Via dei Mille 42', city: 'Bergamo', postalZone: '24122', province: 'BG', domain: 'cartotecnicalombarda.it', numberPattern: 'FT/{year}/#####', sells: ['office', 'books', 'packaging'] },
    { name: 'Logistica Adriatica S.r.l.', country: 'IT', street: 'Via del Porto 7', city: 'Ancona', postalZone: '60121', province: 'AN', domain: 'logisticaadriatica.it', numberPattern: '####/{year}', sells: ['logistics', 'packaging'] },
    { name: 'Tecnoservizi Informatici S.r.l.', country: 'IT', street: 'Corso Vittorio Emanuele II 118', city: 'Torino', postalZone: '10121', province: 'TO', domain: 'tecnoservizi.it', numberPattern: 'TS{year}-####', sells: ['it', 'office'] },
    { name: 'Elettromeccanica Veneta S.p.A.', country: 'IT', street: 'Via Postumia 63', city: 'Treviso', postalZone: '31100', province: 'TV', domain: 'elettromeccanicaveneta.it', numberPattern: '{year}/EV/#####', sells: ['electrical'] },
    { name: 'Pulizie Industriali Emiliane S.r.l.', country: 'IT', street: 'Via Emilia Ovest 210', city: 'Modena', postalZone: '41123', province: 'MO', domain: 'pulizieemiliane.it', numberPattern: '###/{year}', sells: ['facility', 'food'] },
    { name: 'Energia Tirrenica S.p.A.', country: 'IT', street: 'Viale Italia 15', city: 'Livorno', postalZone: '57127', province: 'LI', domain: 'energiatirrenica.it', numberPattern: 'ET{year}########', sells: ['energy'] },
    { name: 'Forniture Ufficio Rossi S.r.l.', country: 'IT', street: 'Via Toledo 256', city: 'Napoli', postalZone: '80134', province: 'NA', domain: 'fornitureufficiorossi.it', numberPattern: 'FR-{year}-####', sells: ['office', 'food', 'books'] },
    { name: 'Imballaggi Brianza S.r.l.', country: 'IT', street: 'Via Valassina 24', city: 'Monza', postalZone: '20900', province: 'MB', domain: 'imballaggibrianza.it', numberPattern: '#####/IB', sells: ['packaging', 'logistics'] },
  ]),
  DE: parties([
    { name: 'Bürobedarf Schneider GmbH', country: 'DE', street: 'Königsallee 61', city: 'Düsseldorf', postalZone: '40212', domain: 'buero-schneider.de', numberPattern: 'RE-{year}-#####', sells: ['office', 'books', 'food'] },
    { name: 'Müller Logistik GmbH & Co. KG', country: 'DE', street: 'Am Sandtorkai 50', city: 'Hamburg', postalZone: '20457', domain: 'mueller-logistik.de', numberPattern: 'ML{year}######', sells: ['logistics', 'packaging'] },
    { name: 'Rheinland IT-Service GmbH', country: 'DE', street: 'Hohenzollernring 72', city: 'Köln', postalZone: '50672', domain: 'rheinland-it.de', numberPattern: '{year}-R####', sells: ['it'] },
    { name: 'Hansa Verpackung GmbH', country: 'DE', street: 'Überseering 12', city: 'Bremen', postalZone: '28217', domain: 'hansa-verpackung.de', numberPattern: 'HV-#######', sells: ['packaging'] },
    { name: 'Becker Elektrotechnik AG', country: 'DE', street: 'Leopoldstraße 144', city: 'München', postalZone: '80804', domain: 'becker-elektro.de', numberPattern: 'BE{year}/#####', sells: ['electrical'] },
    { name: 'Schwarzwald Gebäudedienste GmbH', country: 'DE', street: 'Kaiser-Joseph-Straße 233', city: 'Freiburg im Breisgau', postalZone: '79098', domain: 'sw-gebaeudedienste.de', numberPattern: 'SG-{year}-###', sells: ['facility'] },
  ]),
  SE: parties([
    { name: 'Kontorsvaruhuset i Malmö AB', country: 'SE', street: 'Stortorget 9', city: 'Malmö', postalZone: '211 22', domain: 'kontorsvaruhuset.se', numberPattern: '#######', sells: ['office', 'food', 'books'] },
    { name: 'Nordisk Frakt AB', country: 'SE', street: 'Lindholmspiren 5', city: 'Göteborg', postalZone: '417 56', domain: 'nordiskfrakt.se', numberPattern: 'NF{year}#####', sells: ['logistics'] },
    { name: 'Svea IT-konsult AB', country: 'SE', street: 'Drottninggatan 71', city: 'Stockholm', postalZone: '111 36', domain: 'sveaitkonsult.se', numberPattern: '{year}####', sells: ['it'] },
    { name: 'Lindqvist Förpackningar AB', country: 'SE', street: 'Industrigatan 14', city: 'Jönköping', postalZone: '553 02', domain: 'lindqvistforpackningar.se', numberPattern: 'LF-######', sells: ['packaging'] },
    { name: 'Göta Energi AB', country: 'SE', street: 'Kungsgatan 28', city: 'Uppsala', postalZone: '753 21', domain: 'gotaenergi.se', numberPattern: '9########', sells: ['energy'] },
    { name: 'Norrlands Städservice AB', country: 'SE', street: 'Storgatan 40', city: 'Umeå', postalZone: '903 26', domain: 'norrlandsstad.se', numberPattern: 'NS{year}-####', sells: ['facility', 'food'] },
  ]),
  FOREIGN: parties([
    { name: 'Papeterie Dubois SAS', country: 'FR', street: '18 Rue de la République', city: 'Lyon', postalZone: '69002', domain: 'papeterie-dubois.fr', numberPattern: 'FA{year}-#####', sells: ['office', 'packaging'] },
    { name: 'Van der Berg Logistics B.V.', country: 'NL', street: 'Wilhelminakade 91', city: 'Rotterdam', postalZone: '3072 AP', domain: 'vdberg-logistics.nl', numberPattern: 'VDB######', sells: ['logistics'] },
    { name: 'Alpen Technik GmbH', country: 'AT', street: 'Maria-Theresien-Straße 18', city: 'Innsbruck', postalZone: '6020', domain: 'alpentechnik.at', numberPattern: 'AT-{year}-####', sells: ['electrical'] },
    { name: 'Suministros Industriales Levante S.L.', country: 'ES', street: 'Avenida del Puerto 120', city: 'Valencia', postalZone: '46023', domain: 'silevante.es', numberPattern: 'F{year}/#####', sells: ['industrial'] },
    { name: 'Dansk Emballage ApS', country: 'DK', street: 'Vesterbrogade 149', city: 'København V', postalZone: '1620', domain: 'danskemballage.dk', numberPattern: '######', sells: ['packaging'] },
    { name: 'Suomen Ohjelmistopalvelu Oy', country: 'FI', street: 'Mannerheimintie 12', city: 'Helsinki', postalZone: '00100', domain: 'ohjelmistopalvelu.fi', numberPattern: 'SOP-{year}-####', sells: ['it'] },
    { name: 'Brussels Office Solutions BV', country: 'BE', street: 'Rue de la Loi 155', city: 'Bruxelles', postalZone: '1040', domain: 'brusselsoffice.be', numberPattern: 'BOS{year}####', sells: ['office'] },
  ]),
};

/** Standard, reduced and super-reduced VAT rates in basis points, for the buyer countries. */
export const VAT_RATES: Record<string, Record<RateClass, number>> = {
  IT: { standard: 2200, reduced: 1000, super: 400 },
  DE: { standard: 1900, reduced: 700, super: 700 },
  SE: { standard: 2500, reduced: 1200, super: 600 },
};

export const ITEMS: Record<Language, CatalogItem[]> = {
  it: [
    { kind: 'office', name: 'Carta A4 80 g/m² (risma da 500 fogli)', unitCode: 'XPK', minPriceCents: 389, maxPriceCents: 649 },
    { kind: 'office', name: 'Toner laser nero compatibile', unitCode: 'C62', minPriceCents: 3490, maxPriceCents: 8990 },
    { kind: 'it', name: 'Consulenza sistemistica', unitCode: 'HUR', minPriceCents: 6500, maxPriceCents: 11000, fractional: true },
    { kind: 'it', name: 'Canone assistenza software', unitCode: 'MON', minPriceCents: 15000, maxPriceCents: 90000 },
    { kind: 'logistics', name: 'Trasporto merci su gomma', unitCode: 'C62', minPriceCents: 12000, maxPriceCents: 95000 },
    { kind: 'packaging', name: 'Bancali in legno EPAL', unitCode: 'C62', minPriceCents: 900, maxPriceCents: 1600 },
    { kind: 'packaging', name: 'Scatole in cartone ondulato 60x40x40', unitCode: 'XBX', minPriceCents: 85, maxPriceCents: 240 },
    { kind: 'facility', name: 'Servizio di pulizia uffici', unitCode: 'HUR', minPriceCents: 2200, maxPriceCents: 3200, fractional: true },
    { kind: 'energy', name: 'Energia elettrica', unitCode: 'KWH', minPriceCents: 18, maxPriceCents: 34 },
    { kind: 'food', name: 'Acqua minerale naturale (cassa 6x1,5 L)', unitCode: 'XCS', minPriceCents: 210, maxPriceCents: 420, rate: 'reduced' },
    { kind: 'books', name: 'Manuali tecnici stampati', unitCode: 'C62', minPriceCents: 1500, maxPriceCents: 4500, rate: 'super' },
    { kind: 'electrical', name: 'Cavo elettrico FG16 3x2,5 mm²', unitCode: 'MTR', minPriceCents: 145, maxPriceCents: 390, fractional: true },
    { kind: 'electrical', name: 'Motore elettrico trifase 4 kW', unitCode: 'C62', minPriceCents: 29000, maxPriceCents: 64000 },
  ],
  de: [
    { kind: 'office', name: 'Kopierpapier A4 80 g/m² (500 Blatt)', unitCode: 'XPK', minPriceCents: 399, maxPriceCents: 699 },
    { kind: 'office', name: 'Tonerkartusche schwarz', unitCode: 'C62', minPriceCents: 3990, maxPriceCents: 9900 },
    { kind: 'it', name: 'IT-Support vor Ort', unitCode: 'HUR', minPriceCents: 7500, maxPriceCents: 12500, fractional: true },
    { kind: 'it', name: 'Wartungsvertrag Server (monatlich)', unitCode: 'MON', minPriceCents: 19000, maxPriceCents: 85000 },
    { kind: 'logistics', name: 'Stückgutversand Palette', unitCode: 'C62', minPriceCents: 8500, maxPriceCents: 42000 },
    { kind: 'packaging', name: 'Wellpappkarton 600x400x400', unitCode: 'XBX', minPriceCents: 95, maxPriceCents: 260 },
    { kind: 'facility', name: 'Unterhaltsreinigung Büroflächen', unitCode: 'HUR', minPriceCents: 2400, maxPriceCents: 3400, fractional: true },
    { kind: 'packaging', name: 'Stretchfolie 500 mm', unitCode: 'XRO', minPriceCents: 1190, maxPriceCents: 2290 },
    { kind: 'books', name: 'Fachbuch Elektrotechnik', unitCode: 'C62', minPriceCents: 2990, maxPriceCents: 7990, rate: 'reduced' },
    { kind: 'food', name: 'Kaffeebohnen (1 kg)', unitCode: 'KGM', minPriceCents: 1490, maxPriceCents: 2490, rate: 'reduced', fractional: true },
    { kind: 'electrical', name: 'Schaltschrank-Komponenten', unitCode: 'C62', minPriceCents: 4500, maxPriceCents: 39000 },
    { kind: 'electrical', name: 'LED-Panel 60x60 cm', unitCode: 'C62', minPriceCents: 3900, maxPriceCents: 8900 },
  ],
  sv: [
    { kind: 'office', name: 'Kopieringspapper A4 80 g (500 ark)', unitCode: 'XPK', minPriceCents: 4900, maxPriceCents: 7900 },
    { kind: 'office', name: 'Tonerkassett svart', unitCode: 'C62', minPriceCents: 49000, maxPriceCents: 119000 },
    { kind: 'it', name: 'IT-konsult, timarvode', unitCode: 'HUR', minPriceCents: 95000, maxPriceCents: 145000, fractional: true },
    { kind: 'it', name: 'Serviceavtal nätverk (månad)', unitCode: 'MON', minPriceCents: 250000, maxPriceCents: 900000 },
    { kind: 'logistics', name: 'Frakt pall, inrikes', unitCode: 'C62', minPriceCents: 95000, maxPriceCents: 450000 },
    { kind: 'packaging', name: 'Wellpapplåda 600x400x400', unitCode: 'XBX', minPriceCents: 1100, maxPriceCents: 2900 },
    { kind: 'facility', name: 'Kontorsstädning', unitCode: 'HUR', minPriceCents: 32000, maxPriceCents: 45000, fractional: true },
    { kind: 'energy', name: 'Elenergi', unitCode: 'KWH', minPriceCents: 95, maxPriceCents: 310 },
    { kind: 'food', name: 'Livsmedel till personalrum', unitCode: 'C62', minPriceCents: 2900, maxPriceCents: 14900, rate: 'reduced' },
    { kind: 'books', name: 'Facklitteratur', unitCode: 'C62', minPriceCents: 24900, maxPriceCents: 69900, rate: 'super' },
    { kind: 'packaging', name: 'Sträckfilm 500 mm', unitCode: 'XRO', minPriceCents: 12900, maxPriceCents: 24900 },
  ],
  en: [
    { kind: 'office', name: 'Office paper A4 80 gsm (ream)', unitCode: 'XPK', minPriceCents: 399, maxPriceCents: 699 },
    { kind: 'it', name: 'Software development services', unitCode: 'HUR', minPriceCents: 7000, maxPriceCents: 13000, fractional: true },
    { kind: 'it', name: 'Cloud hosting subscription', unitCode: 'MON', minPriceCents: 25000, maxPriceCents: 120000 },
    { kind: 'logistics', name: 'International road freight', unitCode: 'C62', minPriceCents: 35000, maxPriceCents: 180000 },
    { kind: 'packaging', name: 'Corrugated boxes, double wall', unitCode: 'XBX', minPriceCents: 120, maxPriceCents: 310 },
    { kind: 'industrial', name: 'Industrial fasteners assortment', unitCode: 'XBX', minPriceCents: 2500, maxPriceCents: 8900 },
    { kind: 'packaging', name: 'Pallet wrapping film', unitCode: 'XRO', minPriceCents: 1190, maxPriceCents: 2290 },
    { kind: 'industrial', name: 'Spare parts kit', unitCode: 'C62', minPriceCents: 4900, maxPriceCents: 29000 },
    { kind: 'industrial', name: 'Raw material, aluminium profiles', unitCode: 'KGM', minPriceCents: 380, maxPriceCents: 690, fractional: true },
  ],
};
