import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

import type { Channel } from './notifications.port.js';

export type { Channel };
export type OutboxStatus = 'queued' | 'sent' | 'failed';

/** Kysely row types of the notifications module's tables (migrations/0006_notifications.sql). */
export interface NotificationsTables {
  notification_templates: {
    code: string;
    channel: Channel;
    subject: string | null;
    body: string;
    variables: ColumnType<string[], string[] | undefined, string[]>;
    required_variables: ColumnType<string[], string[] | undefined, string[]>;
    description: Generated<string>;
    version: Generated<number>;
    updated_by: string | null;
    updated_by_name: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  notification_outbox: {
    id: Generated<string>;
    channel: Channel;
    recipient: string;
    template_code: string;
    template_version: number;
    data: Json<Record<string, string | number>>;
    subject: string | null;
    body: string | null;
    status: Generated<OutboxStatus>;
    attempts: Generated<number>;
    last_error: string | null;
    job_id: number | null;
    expires_at: Date | null;
    sent_at: Date | null;
    redacted_at: Date | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
