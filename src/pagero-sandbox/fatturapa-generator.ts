import type { Party } from './catalog';
import type { InvoiceModel } from './invoice-model';
import { formatCents, formatRate } from './money';
import { block, el, type XmlBlock } from './xml';

const UNIT_IT: Record<string, string> = { C62: 'pz', HUR: 'ore', MON: 'mesi', KWH: 'kWh', MTR: 'm', KGM: 'kg', XPK: 'risme', XCS: 'casse', XBX: 'scatole', XRO: 'rotoli' };

function partitaIva(party: Party): string {
  return party.vatNumber.replace(/^IT/, '');
}

function sede(party: Party): XmlBlock {
  return block('Sede', [
    el('Indirizzo', party.street),
    el('CAP', party.postalZone),
    el('Comune', party.city),
    party.province ? el('Provincia', party.province) : undefined,
    el('Nazione', party.country),
  ]);
}

function idFiscaleIva(party: Party): XmlBlock {
  return block('IdFiscaleIVA', [el('IdPaese', party.country), el('IdCodice', partitaIva(party))]);
}

/** FatturaPA 1.2 (FPR12, B2B) for an Italian supplier invoicing an Italian buyer, mirroring the UBL model. */
export function renderFatturaPa(model: InvoiceModel): string {
  const info = model.fatturaPa;
  if (!info) throw new Error('model has no FatturaPA transmission data');
  const { supplier, customer } = model;
  const isCredit = model.kind === 'CreditNote';

  const lines = model.lines.map((line) =>
    block('DettaglioLinee', [
      el('NumeroLinea', line.id),
      block('CodiceArticolo', [el('CodiceTipo', 'CODICE FORNITORE'), el('CodiceValore', line.sellersItemId)]),
      el('Descrizione', line.name),
      el('Quantita', formatCents(line.quantityHundredths)),
      el('UnitaMisura', UNIT_IT[line.unitCode] ?? 'pz'),
      el('PrezzoUnitario', formatCents(line.priceCents)),
      el('PrezzoTotale', formatCents(line.amountCents)),
      el('AliquotaIVA', formatRate(line.rateBasisPoints)),
    ]),
  );
  // Document-level charges become accessory-charge lines (TipoCessionePrestazione AC).
  const chargeLines = model.charges.map((charge, index) =>
    block('DettaglioLinee', [
      el('NumeroLinea', String(model.lines.length + index + 1)),
      el('TipoCessionePrestazione', 'AC'),
      el('Descrizione', charge.reason),
      el('PrezzoUnitario', formatCents(charge.amountCents)),
      el('PrezzoTotale', formatCents(charge.amountCents)),
      el('AliquotaIVA', formatRate(charge.rateBasisPoints)),
    ]),
  );
  const summaries = model.taxSubtotals.map((subtotal) =>
    block('DatiRiepilogo', [
      el('AliquotaIVA', formatRate(subtotal.rateBasisPoints)),
      el('ImponibileImporto', formatCents(subtotal.taxableCents)),
      el('Imposta', formatCents(subtotal.taxCents)),
      el('EsigibilitaIVA', 'I'),
    ]),
  );

  const root = block(
    'p:FatturaElettronica versione="FPR12" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2 http://www.fatturapa.gov.it/export/fatturazione/sdi/fatturapa/v1.2/Schema_del_file_xml_FatturaPA_versione_1.2.xsd"',
    [
      block('FatturaElettronicaHeader', [
        block('DatiTrasmissione', [
          block('IdTrasmittente', [el('IdPaese', 'IT'), el('IdCodice', partitaIva(supplier))]),
          el('ProgressivoInvio', info.progressivoInvio),
          el('FormatoTrasmissione', 'FPR12'),
          el('CodiceDestinatario', info.codiceDestinatario),
        ]),
        block('CedentePrestatore', [
          block('DatiAnagrafici', [idFiscaleIva(supplier), block('Anagrafica', [el('Denominazione', supplier.name)]), el('RegimeFiscale', 'RF01')]),
          sede(supplier),
          block('Contatti', [el('Email', supplier.email)]),
        ]),
        block('CessionarioCommittente', [block('DatiAnagrafici', [idFiscaleIva(customer), block('Anagrafica', [el('Denominazione', customer.name)])]), sede(customer)]),
      ]),
      block('FatturaElettronicaBody', [
        block('DatiGenerali', [
          block('DatiGeneraliDocumento', [
            el('TipoDocumento', isCredit ? 'TD04' : 'TD01'),
            el('Divisa', model.currency),
            el('Data', model.issueDate),
            el('Numero', model.number),
            el('ImportoTotaleDocumento', formatCents(model.totals.taxInclusiveCents)),
            model.note ? el('Causale', model.note) : undefined,
          ]),
          model.orderReference ? block('DatiOrdineAcquisto', [el('IdDocumento', model.orderReference)]) : undefined,
          model.billingReference ? block('DatiFattureCollegate', [el('IdDocumento', model.billingReference)]) : undefined,
        ]),
        block('DatiBeniServizi', [...lines, ...chargeLines, ...summaries]),
        block('DatiPagamento', [
          el('CondizioniPagamento', 'TP02'),
          block('DettaglioPagamento', [
            el('ModalitaPagamento', 'MP05'),
            el('DataScadenzaPagamento', model.dueDate),
            el('ImportoPagamento', formatCents(model.totals.payableCents)),
            el('IBAN', supplier.iban),
          ]),
        ]),
      ]),
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
