export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  allowedScopes: string[];
  /** Shown on the login page ("<name> wants to access your Pagero Online account"). */
  name: string;
}

export interface SandboxUser {
  username: string;
  password: string;
  userId: string;
  name: string;
  email?: string;
  /** Company ids this Pagero Online user can access. */
  companies: string[];
}

export interface SandboxCompany {
  id: string;
  name: string;
  vatNumber: string;
  country?: string;
}

export interface DocumentAmounts {
  currency: string;
  netAmount: string;
  vatAmount: string;
  totalAmount: string;
}

export interface DocumentInfo {
  direction: 'Received' | 'Sent';
  documentType: string;
  documentSubType: string;
  documentIdentifier: string;
  issueDate: string;
  amounts?: DocumentAmounts;
}

/** A document as the store keeps it; `documents.ts` projects the public item shape from it. */
export interface StoredDocument {
  id: string;
  companyId: string;
  fileId: string;
  createTime: string;
  /** Insertion sequence, the tie-breaker after createTime (later inserts list first). */
  seq: number;
  distribution: string;
  sendMode: string;
  isFetched: boolean;
  fetchedAt?: string;
  isSelfBilled: boolean;
  documentInfo: DocumentInfo;
  attachments: unknown[];
  documentReferences: unknown[];
  eventDetails: unknown[];
  validationErrors: { noOfErrors: number };
  referenceDocumentIdentifier?: string;
  senderReference?: string;
  /** Target-format bytes; generated lazily for bulk documents so 50,000 invoices stay cheap in memory. */
  targetDocument: () => Uint8Array;
}

/** Input for adding a document: everything but the store-managed fields may be given. */
export type NewDocument = Omit<StoredDocument, 'seq' | 'id' | 'fileId' | 'createTime' | 'distribution' | 'sendMode' | 'isFetched' | 'isSelfBilled' | 'attachments' | 'documentReferences' | 'eventDetails' | 'validationErrors'> &
  Partial<Pick<StoredDocument, 'id' | 'fileId' | 'createTime' | 'distribution' | 'sendMode' | 'isFetched' | 'isSelfBilled' | 'attachments' | 'documentReferences' | 'eventDetails' | 'validationErrors'>>;

export type RefreshMode = 'absolute_cap' | 'sliding';

export interface SandboxConfig {
  /** Seconds an access token lives (Pagero: 600). */
  accessTokenTtl: number;
  /** ISO-8601 duration a refresh-token chain lives (Pagero: three years). */
  refreshChainMax: string;
  /** `absolute_cap`: the chain dies refreshChainMax after the user authenticated; `sliding`: after the last rotation. */
  refreshMode: RefreshMode;
  defaultLimit: number;
  maxLimit: number;
  /** Presenting an already-rotated refresh token also kills the whole chain. */
  reuseRevokesChain: boolean;
  /** Seconds an authorization code can be exchanged. */
  codeTtl: number;
  requirePkce: boolean;
  allowPlainPkce: boolean;
}

export const DEFAULT_CONFIG: SandboxConfig = {
  accessTokenTtl: 600,
  refreshChainMax: 'P3Y',
  refreshMode: 'absolute_cap',
  defaultLimit: 10,
  maxLimit: 100,
  reuseRevokesChain: false,
  codeTtl: 60,
  requirePkce: false,
  allowPlainPkce: false,
};

/** A filepart of an uploaded file; the sandbox makes one per file. */
export interface SandboxFilepart {
  id: string;
  status: 'Processing' | 'Error' | 'AwaitingInteraction' | 'Done' | 'Cancelled';
  errors: string[];
  /** For an injected Processing outcome: listings left before it is done. */
  pollsLeft?: number;
  doneAt?: string;
}

/** A file uploaded through `POST /file/v1/files`, kept for tests and the received-responses page. */
export interface SandboxFile {
  id: string;
  companyId: string;
  username: string;
  documentType: string;
  sendMode: string;
  senderReference: string | null;
  filename: string;
  xml: string;
  receivedAt: string;
  filepart: SandboxFilepart;
  actions: { action: 'Restart' | 'Cancel'; at: string }[];
  /** What the sandbox read from an ApplicationResponse. */
  response?: import('./response-check').ReadResponse;
}

export interface FileOutcome {
  outcome: 'Error' | 'AwaitingInteraction' | 'Processing';
  description: string;
  polls: number;
  times: number;
}
