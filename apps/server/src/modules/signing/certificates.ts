import { createHash, generateKeyPair, randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * X.509 certificates of the DEMO certification authority: "Saola Demo CA — không có giá trị pháp lý",
 * created on first need outside production, issues one certificate per agency so that development and
 * tests sign like production does. These certificates have NO legal value: real ones are issued by a
 * licensed CA (e.g. Ban Cơ yếu Chính phủ for agencies — Nghị định 68/2024/NĐ-CP (article to confirm)) and
 * imported as PKCS#12.
 */
export const DEMO_CA_NAME = 'Saola Demo CA — không có giá trị pháp lý';
export const DEMO_LABEL = 'CHỨNG THƯ THỬ NGHIỆM — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface IssuedCertificate {
  certificateDer: Buffer;
  privateKey: KeyObject;
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return copy.buffer;
};

export function derToPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

/** Every PEM block of the given label in the text, as DER. */
export function pemToDers(pem: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

function name(parts: [oid: string, value: string][]): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (pkijs would put them all in one multi-valued RDN): build the DER, then parse.
  const der = new asn1js.Sequence({
    value: parts.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({
              type,
              // countryName is PrintableString (RFC 5280); everything else UTF8String for Vietnamese.
              value: type === '2.5.4.6' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
            }).toSchema(),
          ],
        }),
    ),
  }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

const ATTR = { cn: '2.5.4.3', o: '2.5.4.10', ou: '2.5.4.11', c: '2.5.4.6' } as const;

function keyIdentifier(spki: pkijs.PublicKeyInfo): Buffer {
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey.valueBlock.valueHexView)).digest();
}

function keyUsage(bits: number, unused: number): pkijs.Extension {
  return new pkijs.Extension({
    extnID: '2.5.29.15',
    critical: true,
    extnValue: new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: unused }).toBER(false),
  });
}

/**
 * A DER INTEGER must be minimal and the serial positive (RFC 5280 §4.1.2.2): a first byte of 0x00 followed by a byte
 * below 0x80 is invalid padding that OpenSSL refuses ("no start line" from node:crypto). Forcing the first byte into
 * 0x40–0x7f keeps the 16 bytes positive and minimal for every random draw.
 */
export function positiveSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  return serial;
}

interface IssueOptions {
  subject: [string, string][];
  /** Issuer certificate and key; absent = self-signed. */
  issuer?: { certificateDer: Buffer; privateKey: KeyObject };
  isCa: boolean;
  notBefore: Date;
  notAfter: Date;
}

async function issue(options: IssueOptions): Promise<IssuedCertificate> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 3072 });
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(publicKey.export({ format: 'der', type: 'spki' })));
  const issuerCert = options.issuer ? pkijs.Certificate.fromBER(toArrayBuffer(options.issuer.certificateDer)) : null;
  const subject = name(options.subject);

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(positiveSerial(randomBytes(16))) });
  cert.subject = subject;
  cert.issuer = issuerCert ? issuerCert.subject : subject;
  cert.notBefore.value = options.notBefore;
  cert.notAfter.value = options.notAfter;
  cert.subjectPublicKeyInfo = spki;
  const ski = keyIdentifier(spki);
  const aki = issuerCert ? keyIdentifier(issuerCert.subjectPublicKeyInfo) : ski;
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: options.isCa }).toSchema().toBER(false),
    }),
    // CA: keyCertSign + cRLSign; agency: digitalSignature + nonRepudiation (contentCommitment).
    options.isCa ? keyUsage(0x06, 1) : keyUsage(0xc0, 6),
    new pkijs.Extension({
      extnID: '2.5.29.14',
      extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(ski) }).toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.35',
      extnValue: new pkijs.AuthorityKeyIdentifier({
        keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(aki) }),
      })
        .toSchema()
        .toBER(false),
    }),
  ];
  const algorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
    algorithmParams: new asn1js.Null(),
  });
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const tbs = Buffer.from(cert.encodeTBS().toBER(false));
  const signingKey = options.issuer?.privateKey ?? privateKey;
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(nodeSign('sha256', tbs, signingKey)) });
  return { certificateDer: Buffer.from(cert.toSchema(true).toBER(false)), privateKey };
}

const years = (from: Date, n: number) =>
  new Date(Date.UTC(from.getUTCFullYear() + n, from.getUTCMonth(), from.getUTCDate()));

/** The self-signed demo root (10 years). */
export function createDemoCa(now: Date): Promise<IssuedCertificate> {
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  return issue({
    subject: [
      [ATTR.c, 'VN'],
      [ATTR.o, 'Saola (phần mềm mã nguồn mở) — DEMO'],
      [ATTR.ou, DEMO_LABEL],
      [ATTR.cn, DEMO_CA_NAME],
    ],
    isCa: true,
    notBefore,
    notAfter: years(notBefore, 10),
  });
}

/** An agency's demo certificate (3 years), issued by the demo CA, labelled as demo in its subject. */
export function issueDemoAgencyCertificate(
  ca: { certificateDer: Buffer; privateKey: KeyObject },
  agencyName: string,
  now: Date,
): Promise<IssuedCertificate> {
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  return issue({
    subject: [
      [ATTR.c, 'VN'],
      [ATTR.o, agencyName],
      [ATTR.ou, DEMO_LABEL],
      [ATTR.cn, `${agencyName} (DEMO)`],
    ],
    issuer: ca,
    isCa: false,
    notBefore,
    notAfter: years(notBefore, 3),
  });
}
