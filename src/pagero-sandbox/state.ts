import { randomUUID } from 'node:crypto';
import { SimClock } from './clock';
import type { FaultRule } from './faults';
import { DEFAULT_CONFIG, type FileOutcome, type NewDocument, type SandboxClient, type SandboxCompany, type SandboxConfig, type SandboxFile, type SandboxUser, type StoredDocument } from './types';

export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  username: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  authTime: number;
  expiresAt: number;
  used: boolean;
  /** The chain the code was exchanged for, so that a replayed code can revoke it. */
  chainId?: string;
}

/** All refresh tokens descending from one user authentication. */
export interface GrantChain {
  id: string;
  clientId: string;
  username: string;
  scopes: string[];
  grantType: 'authorization_code' | 'password';
  startedAt: number;
  rotations: number;
  revokedAt?: number;
  revokedReason?: string;
}

export interface RefreshTokenRecord {
  token: string;
  chainId: string;
  issuedAt: number;
  usedAt?: number;
}

export interface AccessTokenRecord {
  token: string;
  chainId: string;
  clientId: string;
  username: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revokedAt?: number;
}

export interface GrantCounter {
  requests: number;
  succeeded: number;
  failed: number;
}

export interface SandboxStats {
  token: Record<string, GrantCounter>;
  tokenErrors: Record<string, number>;
  revoke: { requests: number };
  authorize: { pageViews: number; approved: number; denied: number; failedLogins: number };
  api: { requests: number; unauthorized: number; forbidden: number };
  faults: { triggered: number };
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  grantType?: string;
  fault?: string;
}

const REQUEST_LOG_LIMIT = 5000;

function emptyStats(): SandboxStats {
  return {
    token: {},
    tokenErrors: {},
    revoke: { requests: 0 },
    authorize: { pageViews: 0, approved: 0, denied: 0, failedLogins: 0 },
    api: { requests: 0, unauthorized: 0, forbidden: 0 },
    faults: { triggered: 0 },
  };
}

/** The sandbox's whole in-memory world. Nothing here touches apdesk's database. */
export class SandboxState {
  readonly clock = new SimClock();
  config: SandboxConfig;
  readonly clients = new Map<string, SandboxClient>();
  readonly users = new Map<string, SandboxUser>();
  readonly companies = new Map<string, SandboxCompany>();
  readonly documents = new Map<string, StoredDocument>();
  readonly pendingAuthorizations = new Map<string, PendingAuthorization>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly chains = new Map<string, GrantChain>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  faults: FaultRule[] = [];
  /** Files uploaded through the File API, by file id. */
  readonly files = new Map<string, SandboxFile>();
  /** Outcomes injected for the next uploads' fileparts (`POST /_sim/file-outcomes`). */
  fileOutcomes: FileOutcome[] = [];
  stats: SandboxStats = emptyStats();
  requestLog: RequestLogEntry[] = [];

  private documentSeq = 0;
  private nextFileId = 9_100_000_000;
  private sortedByCompany = new Map<string, StoredDocument[]>();

  constructor(
    private readonly initialConfig: SandboxConfig = DEFAULT_CONFIG,
    private readonly initialClients: SandboxClient[] = [],
  ) {
    this.config = { ...initialConfig };
    for (const client of initialClients) this.clients.set(client.clientId, client);
  }

  /** Back to the state right after construction: configured clients and knobs, nothing else. */
  reset(): void {
    this.clock.reset();
    this.config = { ...this.initialConfig };
    for (const map of [this.clients, this.users, this.companies, this.documents, this.pendingAuthorizations, this.codes, this.chains, this.refreshTokens, this.accessTokens]) map.clear();
    for (const client of this.initialClients) this.clients.set(client.clientId, client);
    this.faults = [];
    this.files.clear();
    this.fileOutcomes = [];
    this.stats = emptyStats();
    this.requestLog = [];
    this.sortedByCompany.clear();
    this.documentSeq = 0;
  }

  findUser(usernameOrId: string): SandboxUser | undefined {
    const byName = this.users.get(usernameOrId);
    if (byName) return byName;
    for (const user of this.users.values()) if (user.userId === usernameOrId) return user;
    return undefined;
  }

  userCanAccess(username: string, companyId: string): boolean {
    const user = this.users.get(username);
    return !!user && user.companies.includes(companyId) && this.companies.has(companyId);
  }

  addDocument(input: NewDocument): StoredDocument {
    const doc: StoredDocument = {
      ...input,
      id: input.id ?? randomUUID(),
      fileId: input.fileId ?? String(this.nextFileId++),
      createTime: input.createTime ?? this.clock.nowIso(),
      distribution: input.distribution ?? 'Electronic',
      // Pagero's JSON spelling for production mode is not public; the UI calls the modes Prod/Test/Cert.
      sendMode: input.sendMode ?? 'Prod',
      isFetched: input.isFetched ?? false,
      isSelfBilled: input.isSelfBilled ?? false,
      attachments: input.attachments ?? [],
      documentReferences: input.documentReferences ?? [],
      eventDetails: input.eventDetails ?? [],
      validationErrors: input.validationErrors ?? { noOfErrors: 0 },
      seq: ++this.documentSeq,
    };
    const previous = this.documents.get(doc.id);
    if (previous) this.sortedByCompany.delete(previous.companyId);
    this.documents.set(doc.id, doc);
    this.sortedByCompany.delete(doc.companyId);
    return doc;
  }

  /** A company's documents, newest `createTime` first (the order BC's code says Pagero uses). */
  companyDocuments(companyId: string): StoredDocument[] {
    let sorted = this.sortedByCompany.get(companyId);
    if (!sorted) {
      sorted = [...this.documents.values()].filter((d) => d.companyId === companyId);
      sorted.sort((a, b) => (a.createTime < b.createTime ? 1 : a.createTime > b.createTime ? -1 : b.seq - a.seq));
      this.sortedByCompany.set(companyId, sorted);
    }
    return sorted;
  }

  /** Keeps an upload and shows it as a Sent document of the company (how a client finds it by senderReference). */
  addFile(input: Pick<SandboxFile, 'companyId' | 'username' | 'documentType' | 'sendMode' | 'senderReference' | 'filename' | 'xml'>): SandboxFile {
    const id = String(this.nextFileId++);
    const file: SandboxFile = { ...input, id, receivedAt: this.clock.nowIso(), filepart: { id: `${id}-1`, status: 'Processing', errors: [] }, actions: [] };
    this.files.set(id, file);
    const bytes = new TextEncoder().encode(input.xml);
    this.addDocument({
      companyId: input.companyId,
      fileId: id,
      sendMode: input.sendMode,
      isFetched: true,
      documentInfo: { direction: 'Sent', documentType: input.documentType, documentSubType: '', documentIdentifier: input.senderReference ?? id, issueDate: file.receivedAt.slice(0, 10) },
      senderReference: input.senderReference ?? undefined,
      targetDocument: () => bytes,
    });
    return file;
  }

  fileByPart(filepartId: string): SandboxFile | undefined {
    for (const file of this.files.values()) if (file.filepart.id === filepartId) return file;
    return undefined;
  }

  /** The next injected filepart outcome, if any (each serves `times` uploads). */
  takeFileOutcome(): FileOutcome | undefined {
    const next = this.fileOutcomes[0];
    if (!next) return undefined;
    if (--next.times <= 0) this.fileOutcomes.shift();
    return next;
  }

  countGrant(grantType: string, outcome: 'requests' | 'succeeded' | 'failed'): void {
    const counter = (this.stats.token[grantType] ??= { requests: 0, succeeded: 0, failed: 0 });
    counter[outcome]++;
  }

  logRequest(entry: RequestLogEntry): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > REQUEST_LOG_LIMIT) this.requestLog.splice(0, this.requestLog.length - REQUEST_LOG_LIMIT);
  }
}
