import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { samplePdf } from '../seed/sample-pdf.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../modules/auth/session.service.js';

/**
 * What the citizen-side scenarios (eservices.ts) prepare before the timed part: signed-in citizens and the files
 * their submissions attach. Nothing here is timed as a scenario.
 */

export interface CitizenClient {
  citizenId: string;
  /** National form of the phone number (0…): the applicant's phone of the dossiers this citizen files. */
  phone: string;
  name: string;
  /** Session cookie and CSRF header, as a browser sends them. */
  headers: Record<string, string>;
}

/** A random mobile number 09xxxxxxxx: each run creates new accounts, so the per-number code limits never bite. */
function randomPhone(): string {
  return `09${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** A distinct private client address per sign-in (10.x.y.z), as a real population of citizens has. */
function randomIp(): string {
  return `10.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/**
 * Signs `count` citizens in the way a real citizen does: a one-time code requested for a new phone number
 * (POST /api/v1/citizen/otp/request), read where it reaches — the notifications outbox (the bench starts no job
 * worker, so it stays queued there) — and confirmed with the account consent (POST /api/v1/citizen/otp/verify).
 * Through `app.inject` with a distinct client address each, as the citizens tests do: from one address (the bench's
 * 127.0.0.1) the per-address code limit (otp.ts, 30 per hour) would refuse the 31st citizen.
 */
export async function signInCitizens(app: FastifyInstance, count: number): Promise<CitizenClient[]> {
  const clients: CitizenClient[] = [];
  for (let i = 0; i < count; i++) {
    const phone = randomPhone();
    const remoteAddress = randomIp();
    const requested = await app.inject({
      method: 'POST',
      url: '/api/v1/citizen/otp/request',
      payload: { identifier: phone },
      remoteAddress,
    });
    if (requested.statusCode !== 202)
      throw new Error(`Yêu cầu mã cho ${phone}: HTTP ${requested.statusCode} ${requested.body.slice(0, 300)}`);
    const { challengeId } = requested.json<{ challengeId: string }>();
    const queued = await app.database.db
      .selectFrom('notification_outbox')
      .select('data')
      .where('recipient', '=', `+84${phone.slice(1)}`)
      .where('template_code', '=', 'citizen.otp')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const code = queued?.data.code;
    if (code === undefined) throw new Error(`Không thấy mã xác nhận gửi tới ${phone} trong hàng đợi thông báo.`);
    const verified = await app.inject({
      method: 'POST',
      url: '/api/v1/citizen/otp/verify',
      payload: { challengeId, code: String(code), consent: { purpose: 'account', accepted: true } },
      remoteAddress,
    });
    const session = verified.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    const csrf = verified.cookies.find((c) => c.name === CSRF_COOKIE)?.value;
    if (verified.statusCode !== 200 || !session || !csrf)
      throw new Error(`Đăng nhập công dân ${phone}: HTTP ${verified.statusCode} ${verified.body.slice(0, 300)}`);
    clients.push({
      citizenId: verified.json<{ citizen: { id: string } }>().citizen.id,
      phone,
      name: `Công dân đo tải ${String(i + 1).padStart(2, '0')}`,
      headers: { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrf}`, 'x-csrf-token': csrf },
    });
  }
  return clients;
}

/** A real one-page PDF (a scanned "Giấy chứng sinh" stands in), about 1 KB. */
export function smallPdf(text: string): Promise<Buffer> {
  return samplePdf(text);
}

/** multipart/form-data with one file field, what a browser sends for `<input type="file" name="file">`. */
export function multipartFile(field: string, filename: string, contentType: string, data: Buffer) {
  const boundary = `----SaolaBench${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Runs `task(0 … count-1)` with at most `concurrency` at once; results in index order. */
export async function inParallel<T>(count: number, concurrency: number, task: (k: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const k = next++;
      out[k] = await task(k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

/** The attachments of one submission to come: uploaded by one citizen (index `owner`), each usable once. */
export interface PreparedSubmission {
  owner: number;
  citizen: CitizenClient;
  fileIds: string[];
}

/**
 * Uploads the files of `submissions` submissions over HTTP (POST /api/v1/public/files), `perSubmission` PDFs
 * each, submission k by citizen k mod n, `concurrency` uploads at a time. A file may be attached to one dossier
 * only (eservices.service.ts `file`: claim, then mark used), so every submission of the timed part needs its own
 * uploads, made here beforehand.
 */
export async function uploadFiles(
  base: string,
  citizens: CitizenClient[],
  submissions: number,
  perSubmission: number,
  concurrency: number,
): Promise<PreparedSubmission[]> {
  const pdf = await smallPdf('Giay to dinh kem (do tai)');
  const ids = await inParallel(submissions * perSubmission, concurrency, async (j) => {
    const citizen = citizens[Math.floor(j / perSubmission) % citizens.length] as CitizenClient;
    const { body, contentType } = multipartFile('file', 'giay-to.pdf', 'application/pdf', pdf);
    const res = await fetch(`${base}/api/v1/public/files`, {
      method: 'POST',
      headers: { ...citizen.headers, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`Tải tệp lên: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (JSON.parse(text) as { fileId: string }).fileId;
  });
  return Array.from({ length: submissions }, (_, k) => ({
    owner: k % citizens.length,
    citizen: citizens[k % citizens.length] as CitizenClient,
    fileIds: ids.slice(k * perSubmission, (k + 1) * perSubmission),
  }));
}
