import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { NotificationsPort, OutgoingMessage } from '../../modules/notifications/notifications.port.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../modules/auth/session.service.js';

/**
 * Test factories of the citizens module. The one-time code is read where a person would read it:
 * from the message handed to `app.notifications.send` (the real send still runs and queues the
 * job; this only keeps a copy of what was sent).
 */
const captured = new WeakMap<FastifyInstance, OutgoingMessage[]>();

export function sentMessages(app: FastifyInstance): OutgoingMessage[] {
  let list = captured.get(app);
  if (!list) {
    list = [];
    captured.set(app, list);
    const port = app.notifications as NotificationsPort & Record<string, unknown>;
    const original = port.send.bind(port);
    const copy = list;
    port.send = async (message, options) => {
      copy.push(message);
      return original(message, options);
    };
  }
  return list;
}

/** The last one-time code sent to `to` (normalised phone +84… or lower-case e-mail). */
export function lastCodeFor(app: FastifyInstance, to: string): string {
  const m = [...sentMessages(app)].reverse().find((x) => x.to === to && x.template === 'citizen.otp');
  if (!m) throw new Error(`No one-time code was sent to ${to}`);
  return String(m.data.code);
}

let ipCounter = 1;
/** A distinct client address per caller, so that per-IP limits of one test do not leak into the next. */
export function nextIp(): string {
  ipCounter += 1;
  return `10.77.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

export async function requestCode(app: FastifyInstance, identifier: string, ip = nextIp()) {
  sentMessages(app);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/citizen/otp/request',
    payload: { identifier },
    remoteAddress: ip,
  });
  if (res.statusCode !== 202) throw new Error(`requestCode(${identifier}): ${res.statusCode} ${res.body}`);
  return res.json<{ challengeId: string; channel: 'sms' | 'email'; maskedDestination: string }>();
}

export interface CitizenSession {
  citizenId: string;
  cookie: string;
  csrf: string;
  /** For app.inject: the session cookies and the CSRF header. */
  headers: Record<string, string>;
}

export function sessionFrom(res: LightMyRequestResponse, citizenId: string): CitizenSession {
  const session = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  const csrf = res.cookies.find((c) => c.name === CSRF_COOKIE)?.value;
  if (!session || !csrf) throw new Error(`no session cookies in ${res.statusCode} ${res.body}`);
  const cookie = `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrf}`;
  return { citizenId, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/**
 * A citizen signed in through the real OTP flow (account created on first use, 'account' consent
 * accepted). `to` is how the code is addressed: the normalised identifier.
 */
export async function signInCitizen(
  app: FastifyInstance,
  identifier = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
): Promise<CitizenSession> {
  const { challengeId } = await requestCode(app, identifier);
  const to = identifier.includes('@')
    ? identifier.trim().toLowerCase()
    : `+84${identifier.replace(/\D/g, '').replace(/^(84|0)/, '')}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/citizen/otp/verify',
    payload: { challengeId, code: lastCodeFor(app, to), consent: { purpose: 'account', accepted: true } },
    remoteAddress: nextIp(),
  });
  if (res.statusCode !== 200) throw new Error(`signInCitizen(${identifier}): ${res.statusCode} ${res.body}`);
  return sessionFrom(res, res.json<{ citizen: { id: string } }>().citizen.id);
}
