import type { AuditTables } from '../modules/audit/audit.tables.js';
import type { AuthTables } from '../modules/auth/auth.tables.js';
import type { CalendarTables } from '../modules/calendar/calendar.tables.js';
import type { CitizensTables } from '../modules/citizens/citizens.tables.js';
import type { DossierFilesTables } from '../modules/dossiers/dossier-files.tables.js';
import type { DossierStatsTables } from '../modules/dossiers/dossier-stats.tables.js';
import type { DossiersTables } from '../modules/dossiers/dossiers.tables.js';
import type { EservicesTables } from '../modules/eservices/eservices.tables.js';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.js';
import type { OrgTables } from '../modules/org/org.tables.js';
import type { PaymentsTables } from '../modules/payments/payments.tables.js';
import type { PrivacyTables } from '../modules/privacy/privacy.tables.js';
import type { ProceduresTables } from '../modules/procedures/procedures.tables.js';
import type { QueueTables } from '../modules/queue/queue.tables.js';
import type { SigningTables } from '../modules/signing/signing.tables.js';
import type { CoreTables } from './core.tables.js';

/** The whole database as Kysely sees it: each module declares its own tables. */
export interface DB
  extends
    CoreTables,
    OrgTables,
    AuthTables,
    AuditTables,
    CalendarTables,
    NotificationsTables,
    CitizensTables,
    PrivacyTables,
    ProceduresTables,
    SigningTables,
    DossierStatsTables,
    DossiersTables,
    DossierFilesTables,
    EservicesTables,
    PaymentsTables,
    QueueTables {}
