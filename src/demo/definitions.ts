/*
 * What apdesk's demo adds to each of the sandbox's demo companies (src/pagero-sandbox/seed-demo.ts):
 * a small chart of accounts in the company's language, its cost centres and tax codes, how it
 * matches invoices to orders, and which of its suppliers a coding rule codes. The purchase
 * orders are not written here: src/demo/plan.ts derives them from the sandbox's own invoices.
 */
import { DEMO_COMPANY_IDS } from '../pagero-sandbox/seed-demo';
import { SUPPLIERS } from '../pagero-sandbox/catalog';

export type DemoCode = { code: string; name: string };

export type DemoCompanyDefinition = {
  glAccounts: DemoCode[];
  costCentres: DemoCode[];
  taxCodes: DemoCode[];
  /** The company's matching settings (matching_settings row with supplier null). */
  matching: { mode: 'two_way' | 'three_way'; pricePercent: string; quantityPercent: string };
  /** One fixed coding rule for this supplier of the company (its exact name), or none. */
  rule?: { supplier: string; glAccount: string; costCentre: string };
  /** Purchase orders for the rule supplier's invoices that name one; 3-way companies also get goods receipts. */
  purchaseOrders: boolean;
};

// Codes stay clear of the ones the help-article walkthrough types by hand (GL account 6000).
export const DEMO_DEFINITIONS: Record<string, DemoCompanyDefinition> = {
  [DEMO_COMPANY_IDS.italy]: {
    glAccounts: [
      { code: '61010', name: 'Materiale di consumo' },
      { code: '61020', name: 'Cancelleria e stampati' },
      { code: '61030', name: 'Imballaggi' },
      { code: '62010', name: 'Trasporti su acquisti' },
      { code: '62020', name: 'Servizi di pulizia' },
      { code: '62030', name: 'Manutenzioni e riparazioni' },
      { code: '62040', name: 'Energia elettrica' },
      { code: '62050', name: 'Consulenze e servizi informatici' },
    ],
    // The same centres the sandbox's Italian invoices name as buyer reference (CDC-110 … CDC-420).
    costCentres: [
      { code: '110', name: 'Amministrazione' },
      { code: '120', name: 'Acquisti' },
      { code: '210', name: 'Produzione' },
      { code: '310', name: 'Logistica' },
      { code: '420', name: 'Vendite' },
    ],
    taxCodes: [
      { code: '22', name: 'IVA 22%' },
      { code: '10', name: 'IVA 10%' },
      { code: '4', name: 'IVA 4%' },
      { code: 'RC', name: 'Inversione contabile (reverse charge)' },
    ],
    matching: { mode: 'two_way', pricePercent: '2', quantityPercent: '0' },
    rule: { supplier: supplierName('IT', 'Pulizie Industriali Emiliane S.r.l.'), glAccount: '62020', costCentre: '210' },
    purchaseOrders: true,
  },
  [DEMO_COMPANY_IDS.germany]: {
    glAccounts: [
      { code: '3400', name: 'Wareneingang 19 % Vorsteuer' },
      { code: '4240', name: 'Gas, Strom, Wasser' },
      { code: '4250', name: 'Reinigung' },
      { code: '4730', name: 'Ausgangsfrachten' },
      { code: '4800', name: 'Reparaturen und Instandhaltung von technischen Anlagen' },
      { code: '4806', name: 'Wartungskosten für Hard- und Software' },
      { code: '4930', name: 'Bürobedarf' },
      { code: '4980', name: 'Sonstiger Betriebsbedarf' },
    ],
    costCentres: [
      { code: '1000', name: 'Verwaltung' },
      { code: '2000', name: 'Einkauf' },
      { code: '3000', name: 'Produktion' },
      { code: '4000', name: 'Vertrieb' },
      { code: '5000', name: 'IT' },
    ],
    taxCodes: [
      { code: 'VSt19', name: 'Vorsteuer 19 %' },
      { code: 'VSt7', name: 'Vorsteuer 7 %' },
      { code: 'RC', name: 'Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)' },
    ],
    matching: { mode: 'three_way', pricePercent: '0', quantityPercent: '0' },
    rule: { supplier: supplierName('DE', 'Rheinland IT-Service GmbH'), glAccount: '4806', costCentre: '5000' },
    purchaseOrders: true,
  },
  [DEMO_COMPANY_IDS.sweden]: {
    glAccounts: [
      { code: '4010', name: 'Inköp material och varor' },
      { code: '5060', name: 'Städning och renhållning' },
      { code: '5300', name: 'Energi för drift' },
      { code: '5460', name: 'Förbrukningsmaterial' },
      { code: '5710', name: 'Frakter och transporter' },
      { code: '6110', name: 'Kontorsmateriel' },
      { code: '6540', name: 'IT-tjänster' },
    ],
    costCentres: [
      { code: '100', name: 'Ledning' },
      { code: '200', name: 'Ekonomi' },
      { code: '300', name: 'Lager' },
      { code: '400', name: 'Försäljning' },
    ],
    taxCodes: [
      { code: 'MP1', name: 'Ingående moms 25 %' },
      { code: 'MP2', name: 'Ingående moms 12 %' },
      { code: 'MP3', name: 'Ingående moms 6 %' },
      { code: 'OV', name: 'Omvänd skattskyldighet' },
    ],
    matching: { mode: 'two_way', pricePercent: '0', quantityPercent: '0' },
    purchaseOrders: false,
  },
};

/** A supplier of the sandbox's catalog by its exact name; a rename there fails here, at start-up and in the tests. */
function supplierName(country: string, name: string): string {
  const found = SUPPLIERS[country]?.find((s) => s.name === name);
  if (!found) throw new Error(`the demo's coding rule names ${name}, which the sandbox's ${country} suppliers do not include`);
  return found.name;
}
