import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { PermanentJobError } from '../jobs/jobs.service.js';
import type { Channel } from './notifications.port.js';

export interface RenderedMessage {
  to: string;
  subject: string | null;
  text: string;
}

/** Delivers one rendered message; throws when the attempt failed. */
export interface Transport {
  readonly name: string;
  send(message: RenderedMessage, signal: AbortSignal): Promise<void>;
  close?(): void;
}

/** E-mail over SMTP (nodemailer). SMTP_URL like smtp://user:pass@host:587 or smtps://…:465. */
export class SmtpTransport implements Transport {
  readonly name = 'smtp';
  private readonly mailer: ReturnType<typeof nodemailer.createTransport>;
  constructor(url: string, from: string) {
    this.mailer = nodemailer.createTransport(
      { url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 },
      { from },
    );
  }
  async send(message: RenderedMessage): Promise<void> {
    await this.mailer.sendMail({ to: message.to, subject: message.subject ?? '', text: message.text });
  }
  close(): void {
    this.mailer.close();
  }
}

/**
 * SMS through an HTTP gateway: POST {to, text} as JSON with a Bearer token. Any 2xx is success;
 * anything else (or no answer within 15 s) fails the attempt, which the job retries.
 */
export class SmsGatewayTransport implements Transport {
  readonly name = 'sms-gateway';
  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly timeoutMs = 15_000,
  ) {}
  async send(message: RenderedMessage, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
        redirect: 'error',
      });
    } catch (error) {
      throw new Error(`Không kết nối được cổng SMS: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      throw new Error(`Cổng SMS trả lỗi HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
    }
    await response.body?.cancel().catch(() => undefined);
  }
}

/**
 * No SMTP server / SMS gateway configured. In development and tests the message is only written
 * to the log (see devLog), which counts as delivered. In production this is a configuration error:
 * the message fails at once (visible in the outbox) rather than pretending to be sent.
 */
export class UnconfiguredTransport implements Transport {
  readonly name = 'log';
  constructor(
    private readonly channel: Channel,
    private readonly production: boolean,
    private readonly log: FastifyBaseLogger,
  ) {}
  async send(message: RenderedMessage): Promise<void> {
    if (this.production) {
      const setting = this.channel === 'email' ? 'SMTP_URL' : 'SMS_GATEWAY_URL';
      throw new PermanentJobError(
        `Chưa cấu hình kênh gửi ${this.channel === 'email' ? 'thư điện tử' : 'SMS'} (${setting}).`,
      );
    }
    this.log.debug({ to: message.to, channel: this.channel }, 'notification delivered to the log only');
  }
}

export function transportsFromConfig(config: Config, log: FastifyBaseLogger): Record<Channel, Transport> {
  const production = config.env === 'production';
  return {
    email: config.smtp.url
      ? new SmtpTransport(config.smtp.url, config.smtp.from)
      : new UnconfiguredTransport('email', production, log),
    sms: config.sms.gatewayUrl
      ? new SmsGatewayTransport(config.sms.gatewayUrl, config.sms.token)
      : new UnconfiguredTransport('sms', production, log),
  };
}

export const OUTBOX_LOG_FILE = 'outbox.log';

/**
 * Outside production every message is also written to the log (`notification`, with `to` and
 * `text`) and appended as one JSON line to `${dataDir}/outbox.log`, so that developers and the
 * browser tests can read one-time codes without a real mailbox or phone. Never in production.
 */
export async function devLog(
  config: Config,
  log: FastifyBaseLogger,
  entry: { id: string; channel: Channel; to: string; template: string; subject: string | null; text: string; at: Date },
): Promise<void> {
  if (config.env === 'production') return;
  log.info({ to: entry.to, text: entry.text, channel: entry.channel, template: entry.template }, 'notification');
  await fs.mkdir(config.dataDir, { recursive: true });
  const line = JSON.stringify({ ...entry, at: entry.at.toISOString() });
  await fs.appendFile(path.join(config.dataDir, OUTBOX_LOG_FILE), `${line}\n`, { encoding: 'utf8', mode: 0o600 });
}
