// The HR directory's storage port (LIFE-1/LIFE-2): every event received, kept by
// its id (a replay is recognised, and later work reads it back), and the
// directory record of each employee, kept whether or not a platform account with
// that e-mail is known yet.
import type { Locale } from '../../core/locale.js';
import type { HrEventType } from './schema.js';

export type HrSource = 'webhook' | 'roster';
export type HrStatus = 'active' | 'left';
/** What an event did: made a record, changed one, changed nothing, or came too late to change anything. */
export type HrOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

export interface HrEventRecord {
  id: string;
  type: HrEventType;
  employeeId: string;
  occurredAt: Date;
  receivedAt: Date;
  source: HrSource;
  outcome: HrOutcome | null;
  /** When the `hr.leave` job handled a leave. */
  handledAt: Date | null;
}

/** One employee as HR knows them; e-mails lower-case, text cleaned. */
export interface HrPerson {
  employeeId: string;
  email: string;
  realName: string | null;
  department: string | null;
  title: string | null;
  managerEmail: string | null;
  /** As HR sent it (`zh_CN`, `fr-CA`); see supportedLocale for what Charter speaks. */
  locale: string | null;
  status: HrStatus;
}

export interface HrPersonState extends HrPerson {
  lastEventId: string;
  lastOccurredAt: Date;
  /** AUD-4: when the record's personal fields were erased (read only; savePerson leaves it). */
  erasedAt?: Date | null;
}

/** A platform account whose directory fields an erasure cleared. */
export interface ErasedAccount {
  personId: string;
  workspaceId: string;
  /** As the audit log names actors: `slack:U012ABC`. */
  qualifiedId: string;
  /** As some audit details name people (a join request's requester): `U012ABC`. */
  platformUserId: string;
}

export interface ErasureRecord {
  pseudonym: string;
  erasedAt: Date;
  erasedBy: string;
  auditIds: number[];
  accounts: number;
  events: number;
}

/** The profile fields HR decides on every platform account with the person's e-mail. */
export interface HrProfileFields {
  realName: string | null;
  department: string | null;
  title: string | null;
  /** null: keep the locale the account has. */
  locale: Locale | null;
  employment: 'active' | 'inactive';
}

export interface HrRepo {
  /** Stores a new event; false when its id was received before (nothing stored). */
  recordEvent(event: Omit<HrEventRecord, 'outcome' | 'handledAt'>, payload: unknown): Promise<boolean>;
  /** Whether an event with this id, or one of its dated forms (`<id>.<time hash>`), was stored. */
  rowSeen(id: string): Promise<boolean>;
  setOutcome(eventId: string, outcome: HrOutcome): Promise<void>;
  /** AUD-4: an event about an erased person keeps id, type, time and employee id only. */
  stripPayload(eventId: string): Promise<void>;
  getEvent(eventId: string): Promise<HrEventRecord | null>;
  /** Marks a leave handled by its job: false when it was handled before. */
  claimLeave(eventId: string, at: Date): Promise<boolean>;
  /** Marks a hire (or a roster change that made a new employee) handled by its job: false when it was before. */
  claimHire(eventId: string, at: Date): Promise<boolean>;
  /** The employee's status as the directory has it now; null when unknown. */
  statusOf(employeeId: string): Promise<HrStatus | null>;
  /** The employee's record, locked until the transaction ends. */
  lockPerson(employeeId: string): Promise<HrPersonState | null>;
  savePerson(person: HrPersonState, at: Date): Promise<void>;
  /** Another employee id whose record has this e-mail (any case) and is not left: a reused address, a rehire under a new id. */
  activeHolder(email: string, exceptEmployeeId: string): Promise<string | null>;
  /** The most recently updated record with this e-mail (any case). */
  findByEmail(email: string): Promise<HrPerson | null>;
  /**
   * LIFE-1 for accounts that came after the hire: active, unerased accounts whose
   * e-mail an active employee holds, hired (their onboarding started: the last
   * hire or change `hr.hire` handled, no leave after it) since `since`, that the
   * hire's onboarding has no run for. One account when `personId` is given; the
   * oldest hires first.
   */
  lateOnboardings(opts: { since: Date; personId?: string; limit: number }): Promise<{ personId: string; workspaceId: string; eventId: string }[]>;
  /** Every platform account with this e-mail (any case), in every workspace. */
  accountsOf(email: string): Promise<{ personId: string; workspaceId: string }[]>;
  /** Sets the fields on every platform account with this e-mail where they differ: the accounts changed. */
  applyToPeople(email: string, fields: Partial<HrProfileFields> & Pick<HrProfileFields, 'employment'>): Promise<{ personId: string; workspaceId: string }[]>;
  /** AUD-4: clears the directory fields of every platform account with this e-mail (any case) and marks them erased (a later platform look-up writes nothing back); the accounts cleared. */
  eraseAccounts(email: string, placeholder: string, at: Date): Promise<ErasedAccount[]>;
  /**
   * AUD-4: the record keeps its employee id, status and last event (a replay stays
   * a replay, an older event stays stale); its e-mail becomes the pseudonym and every
   * other personal field null. Its e-mail also leaves other records' manager field.
   */
  eraseRecord(employeeId: string, email: string, pseudonym: string, at: Date): Promise<void>;
  /** AUD-4: the employee's stored events keep id, type, time and employee id only; other events lose this manager e-mail. The employee's events count. */
  eraseEvents(employeeId: string, email: string): Promise<number>;
  /**
   * AUD-4: the audit rows naming any of these platform identities (anywhere), or
   * these employee ids (as an `hr_person` target or an `employeeId` detail), now
   * name the pseudonym (the one sanctioned change, audit_log_pseudonymise); their ids.
   */
  pseudonymiseAudit(identities: readonly string[], employeeIds: readonly string[], pseudonym: string): Promise<number[]>;
  /**
   * LIFE-4: the employee's department as the HR events applied by `since` left it
   * (the last hire or change before it), when it differs from `now`; null when it is
   * the same, or when HR said nothing about them before `since`.
   */
  departmentChange(employeeId: string, since: Date, now: string | null): Promise<{ from: string | null } | null>;
  /** AUD-4: appends the erasure to its own append-only ledger. */
  recordErasure(erasure: ErasureRecord): Promise<void>;
}

/** withdrawn: not made, HR took the leave back while the offboarding ran. */
export type RemovalState = 'pending' | 'removed' | 'not-member' | 'unsupported' | 'failed' | 'withdrawn';

export interface Offboarding {
  eventId: string;
  personId: string;
  workspaceId: string;
  startedAt: Date;
  rolesRevoked: number | null;
  rolesDoneAt: Date | null;
  groupsListedAt: Date | null;
  finishedAt: Date | null;
}

export interface Removal {
  groupId: string;
  state: RemovalState;
  attempts: number;
  detail: string | null;
  doneAt: Date | null;
}

/** LIFE-2: each leaver's account, its roles and its groups, step by step and once. */
export interface OffboardingRepo {
  /** false when this account's offboarding for the event exists already. */
  start(eventId: string, personId: string, workspaceId: string, at: Date): Promise<boolean>;
  get(eventId: string, personId: string): Promise<Offboarding | null>;
  listForEvent(eventId: string): Promise<Offboarding[]>;
  /** Marks the roles revoked: false when they were before. */
  rolesDone(eventId: string, personId: string, revoked: number, at: Date): Promise<boolean>;
  /** The groups to leave (pending), once: false when they were listed before. */
  listGroups(eventId: string, personId: string, groupIds: readonly string[], at: Date): Promise<boolean>;
  removals(eventId: string, personId: string): Promise<Removal[]>;
  /** Records the platform's answer for a pending removal: false when it was recorded before. */
  settle(eventId: string, personId: string, groupId: string, state: Exclude<RemovalState, 'pending'>, detail: string | null, at: Date): Promise<boolean>;
  /** A transient failure: counted, still pending; the count after it. */
  attempted(eventId: string, personId: string, groupId: string): Promise<number>;
  /** Finished (every removal settled): false when it was before. */
  finish(eventId: string, personId: string, at: Date): Promise<boolean>;
  /** The report of an event, claimed once when every account is finished. */
  claimReport(eventId: string, at: Date): Promise<boolean>;
}

export type AdditionState = 'pending' | 'added' | 'already-member' | 'owner-asked' | 'failed';

export interface Onboarding {
  eventId: string;
  personId: string;
  workspaceId: string;
  startedAt: Date;
  groupsListedAt: Date | null;
  finishedAt: Date | null;
}

export interface Addition {
  groupId: string;
  state: AdditionState;
  attempts: number;
  detail: string | null;
  doneAt: Date | null;
}

/** LIFE-1: each new employee's account and its default groups, step by step and once. */
export interface OnboardingRepo {
  /** false when this account's onboarding for the event exists already. */
  start(eventId: string, personId: string, workspaceId: string, at: Date): Promise<boolean>;
  get(eventId: string, personId: string): Promise<Onboarding | null>;
  /** The groups to join (pending), once: false when they were listed before. */
  listGroups(eventId: string, personId: string, groupIds: readonly string[], at: Date): Promise<boolean>;
  additions(eventId: string, personId: string): Promise<Addition[]>;
  /** Records the outcome of a pending addition: false when it was recorded before. */
  settle(eventId: string, personId: string, groupId: string, state: Exclude<AdditionState, 'pending'>, detail: string | null, at: Date): Promise<boolean>;
  /** A transient failure: counted, still pending; the count after it. */
  attempted(eventId: string, personId: string, groupId: string): Promise<number>;
  /** Finished (every addition settled): false when it was before. */
  finish(eventId: string, personId: string, at: Date): Promise<boolean>;
}

export type ReconcileRowState = 'listed' | 'removing' | 'removed' | 'not-member';

/** LIFE-4: one report, as the card showed it. */
export interface Reconciliation {
  id: string;
  workspaceId: string;
  createdAt: Date;
  groups: number;
  departed: number;
  unknown: number;
  moved: number;
  more: number;
  unlisted: string[];
}

/** One listed row: ids only (names are looked up when the card is drawn). */
export interface StoredReconcileRow {
  position: number;
  groupId: string;
  personId: string;
  kind: 'departed' | 'unknown' | 'moved';
  from: string | null;
  to: string | null;
  state: ReconcileRowState;
  byPersonId: string | null;
  changedAt: Date | null;
}

export interface ReconciliationRepo {
  create(report: Omit<Reconciliation, 'id'>, rows: readonly Pick<StoredReconcileRow, 'groupId' | 'personId' | 'kind' | 'from' | 'to'>[]): Promise<string>;
  get(id: string): Promise<{ report: Reconciliation; rows: StoredReconcileRow[] } | null>;
  /** Claims a listed row for a removal (or one whose claim is older than `staleBefore`, a click that died): false when it is held or done. */
  claim(id: string, position: number, at: Date, staleBefore: Date): Promise<boolean>;
  /** Ends a claim: the row's final state, or listed again. */
  settle(id: string, position: number, state: Exclude<ReconcileRowState, 'removing'>, byPersonId: string | null, at: Date): Promise<void>;
  /** AUD-4: the departments shown beside these accounts are cleared. */
  eraseDepartments(personIds: readonly string[]): Promise<void>;
}

export interface HrStore {
  hr: HrRepo;
  offboardings: OffboardingRepo;
  onboardings: OnboardingRepo;
  reconciliations: ReconciliationRepo;
}
