import * as v from 'valibot';
import { parseIsoDuration } from './clock';

// Bodies that accept one object also accept `{ <plural>: [objects] }`.

const NonEmpty = v.pipe(v.string(), v.minLength(1));
const IsoDate = v.pipe(v.string(), v.isoDate());
const IsoTimestamp = v.pipe(v.string(), v.isoTimestamp());
const Decimal = v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "649.40"'));
const PositiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const NonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const Duration = v.pipe(
  v.string(),
  v.check((text) => parseIsoDuration(text) !== undefined, 'an ISO-8601 duration such as P3Y or PT601S'),
);

export const ClientInput = v.object({
  client_id: NonEmpty,
  client_secret: NonEmpty,
  redirect_uris: v.pipe(v.array(v.pipe(v.string(), v.url())), v.minLength(1)),
  allowed_scopes: v.optional(v.array(NonEmpty), ['all', 'openid']),
  name: v.optional(NonEmpty),
});
export const ClientsBody = v.pipe(v.union([ClientInput, v.object({ clients: v.array(ClientInput) })]), v.transform((body) => ('clients' in body ? body.clients : [body])));

export const UserInput = v.object({
  username: NonEmpty,
  password: v.string(),
  userId: v.optional(NonEmpty),
  name: v.optional(NonEmpty),
  email: v.optional(v.pipe(v.string(), v.email())),
  companies: v.optional(v.array(NonEmpty), []),
});
export const UsersBody = v.pipe(v.union([UserInput, v.object({ users: v.array(UserInput) })]), v.transform((body) => ('users' in body ? body.users : [body])));

export const CompanyInput = v.object({
  id: v.optional(NonEmpty),
  name: NonEmpty,
  vatNumber: v.pipe(v.string(), v.regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'a VAT number with its country prefix')),
  country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
});
export const CompaniesBody = v.pipe(v.union([CompanyInput, v.object({ companies: v.array(CompanyInput) })]), v.transform((body) => ('companies' in body ? body.companies : [body])));

export const DocumentInput = v.pipe(
  v.object({
    companyId: NonEmpty,
    xml: v.optional(NonEmpty),
    xmlBase64: v.optional(v.pipe(v.string(), v.base64())),
    id: v.optional(NonEmpty),
    fileId: v.optional(NonEmpty),
    createTime: v.optional(IsoTimestamp),
    direction: v.optional(v.picklist(['Received', 'Sent'])),
    documentType: v.optional(NonEmpty),
    documentSubType: v.optional(NonEmpty),
    documentIdentifier: v.optional(v.string()),
    issueDate: v.optional(IsoDate),
    amounts: v.optional(v.object({ currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)), netAmount: Decimal, vatAmount: Decimal, totalAmount: Decimal })),
    sendMode: v.optional(NonEmpty),
    distribution: v.optional(NonEmpty),
    isFetched: v.optional(v.boolean()),
    isSelfBilled: v.optional(v.boolean()),
    referenceDocumentIdentifier: v.optional(NonEmpty),
    senderReference: v.optional(NonEmpty),
    attachments: v.optional(v.array(v.unknown())),
    documentReferences: v.optional(v.array(v.unknown())),
    eventDetails: v.optional(v.array(v.unknown())),
    validationErrors: v.optional(v.object({ noOfErrors: NonNegativeInt })),
  }),
  v.check((d) => (d.xml === undefined) !== (d.xmlBase64 === undefined), 'give exactly one of xml or xmlBase64'),
);
export const DocumentsBody = v.pipe(v.union([DocumentInput, v.object({ documents: v.array(DocumentInput) })]), v.transform((body) => ('documents' in body ? body.documents : [body])));

export const GenerateBody = v.object({
  companyId: NonEmpty,
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500_000)),
  lines: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  seed: v.optional(v.pipe(v.number(), v.integer())),
  creditNoteShare: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  prerender: v.optional(v.boolean()),
});

export const ClockBody = v.pipe(
  v.object({
    advance: v.optional(Duration),
    days: v.optional(v.number()),
    seconds: v.optional(v.number()),
    set: v.optional(IsoTimestamp),
  }),
  v.check((b) => Object.values(b).some((value) => value !== undefined), 'give advance, days, seconds or set'),
);

export const ConfigBody = v.strictObject({
  access_token_ttl: v.optional(PositiveInt),
  refresh_chain_max: v.optional(Duration),
  refresh_mode: v.optional(v.picklist(['absolute_cap', 'sliding'])),
  default_limit: v.optional(PositiveInt),
  max_limit: v.optional(PositiveInt),
  reuse_revokes_chain: v.optional(v.boolean()),
  code_ttl: v.optional(PositiveInt),
  require_pkce: v.optional(v.boolean()),
  allow_plain_pkce: v.optional(v.boolean()),
});

export const ConsentRevokeBody = v.object({ user: NonEmpty, client_id: v.optional(NonEmpty) });

export const ResetBody = v.object({ demo: v.optional(v.boolean(), false), seed: v.optional(v.pipe(v.number(), v.integer())) });

const RetryAfter = v.optional(NonNegativeInt);
const StatusFields = {
  status: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)),
  retryAfter: RetryAfter,
  retryAfterDate: v.optional(v.boolean()),
  body: v.optional(v.unknown()),
  headers: v.optional(v.record(v.string(), v.string())),
};

export const FaultResponseInput = v.variant('type', [
  v.object({ type: v.literal('status'), ...StatusFields }),
  v.object({ type: v.literal('drop') }),
  v.object({ type: v.literal('delay'), ms: v.pipe(NonNegativeInt, v.maxValue(600_000)) }),
  v.object({ type: v.literal('invalid_token') }),
  v.object({ type: v.literal('lost_response'), ...StatusFields, status: v.optional(StatusFields.status, 502), delayMs: v.optional(v.pipe(NonNegativeInt, v.maxValue(600_000))) }),
  v.object({ type: v.literal('break_body') }),
  v.object({ type: v.literal('hold') }),
]);

export const FaultInput = v.object({
  match: v.optional(
    v.object({
      method: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]+$/))),
      pathPrefix: v.optional(v.pipe(v.string(), v.startsWith('/'))),
      pathRegex: v.optional(
        v.pipe(
          v.string(),
          v.check((pattern) => {
            try {
              new RegExp(pattern);
              return true;
            } catch {
              return false;
            }
          }, 'a valid regular expression'),
        ),
      ),
    }),
    {},
  ),
  times: v.optional(v.nullable(PositiveInt), 1),
  after: v.optional(NonNegativeInt, 0),
  respond: FaultResponseInput,
});
export const FaultsBody = v.pipe(v.union([FaultInput, v.object({ rules: v.array(FaultInput) })]), v.transform((body) => ('rules' in body ? body.rules : [body])));

/** The outcome the next uploaded files' parts get instead of normal processing (File API fault injection). */
export const FileOutcomeBody = v.object({
  outcome: v.picklist(['Error', 'AwaitingInteraction', 'Processing']),
  description: v.optional(v.pipe(v.string(), v.maxLength(2000)), 'Simulated by the sandbox'),
  /** For Processing: how many fileparts listings show it Processing before it is done. */
  polls: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 1),
  times: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
});
