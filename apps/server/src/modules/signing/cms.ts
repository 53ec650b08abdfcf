import { createHash, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * CMS SignedData (RFC 5652) for PAdES baseline B-B (ETSI EN 319 142-1 §6.3; ETSI EN 319 122-1 for the CAdES
 * attributes): detached content, SHA-256, signed attributes content-type (id-data), message-digest and
 * ESS signing-certificate-v2 (RFC 5035) — and NO signing-time attribute (PAdES puts the claimed time in the
 * signature dictionary's /M instead). Built with pkijs/asn1js; the raw signature is made with node:crypto
 * (RSA PKCS#1 v1.5 or ECDSA).
 */
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const toArrayBuffer = (b: Buffer | Uint8Array): ArrayBuffer => {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return copy.buffer;
};

export const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest();

export function certificateFromDer(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** ESSCertIDv2 with the default hash (SHA-256, hence no hashAlgorithm field) and issuerSerial. */
function signingCertificateV2(certDer: Buffer, cert: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          // GeneralName directoryName [4] EXPLICIT Name
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] }),
        ],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

export interface CmsSigner {
  privateKey: KeyObject;
  /** DER of the signer's certificate, then the rest of its chain (issuer first). */
  certificateDer: Buffer;
  chainDer: Buffer[];
}

/** Signs the SHA-256 digest of the PDF's byte ranges; returns the DER ContentInfo. */
export function buildCms(contentDigest: Buffer, signer: CmsSigner): Buffer {
  const cert = certificateFromDer(signer.certificateDer);
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })],
    }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [signingCertificateV2(signer.certificateDer, cert)],
    }),
  ];
  // DER: a SET OF is sorted by the encodings of its elements.
  attrs.sort((a, b) => Buffer.compare(Buffer.from(a.toSchema().toBER(false)), Buffer.from(b.toSchema().toBER(false))));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs });
  const toBeSigned = Buffer.from(signedAttrs.toSchema().toBER(false));
  toBeSigned[0] = 0x31; // the signature covers the attributes as an explicit SET OF (RFC 5652 §5.4)

  const keyType = signer.privateKey.asymmetricKeyType;
  let signatureAlgorithm: pkijs.AlgorithmIdentifier;
  if (keyType === 'rsa') {
    signatureAlgorithm = new pkijs.AlgorithmIdentifier({
      algorithmId: OID.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    });
  } else if (keyType === 'ec') {
    signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  } else {
    throw new Error(`Loại khóa ${keyType ?? '?'} chưa được hỗ trợ để ký (chỉ RSA hoặc ECDSA).`);
  }
  const signature = nodeSign('sha256', toBeSigned, signer.privateKey);

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...signer.chainDer.map(certificateFromDer)],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        signedAttrs,
        signatureAlgorithm,
        signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
      }),
    ],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

export interface CmsVerification {
  valid: boolean;
  /** Common name of the signer's certificate (null when the CMS could not be read). */
  signer: string | null;
  /** Why it is invalid (for logs; not shown to users). */
  problem?: string;
}

/**
 * Checks one signature: the message-digest attribute equals SHA-256 of the signed bytes, the
 * signature over the signed attributes, the ESS signing-certificate-v2 hash names the signer's
 * certificate, and the chain ends at one of `trustedRoots` and is valid at `at` (no revocation data:
 * baseline B-B carries none).
 */
export async function verifyCms(
  cmsDer: Buffer,
  signed: Buffer,
  trustedRoots: Buffer[],
  at: Date,
): Promise<CmsVerification> {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cmsDer));
    if (info.contentType !== OID.signedData) return { valid: false, signer: null, problem: 'not SignedData' };
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    return { valid: false, signer: null, problem: `unreadable CMS: ${String(error)}` };
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) {
    return { valid: false, signer: null, problem: 'expected exactly one SignerInfo' };
  }
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const signerCert = certs.find((c) => matchesSid(c, signerInfo.sid));
  const signer = signerCert ? commonName(signerCert) : null;
  if (!signerCert) return { valid: false, signer, problem: 'signer certificate missing' };

  const attrs = signerInfo.signedAttrs?.attributes ?? [];
  if (attrs.some((a) => a.type === OID.signingTime)) {
    return { valid: false, signer, problem: 'signing-time attribute is not allowed in PAdES' };
  }
  const essAttr = attrs.find((a) => a.type === OID.signingCertificateV2);
  const certHash = essCertHash(essAttr?.values[0]);
  const signerDer = Buffer.from(signerCert.toSchema().toBER(false));
  if (!certHash || !certHash.equals(sha256(signerDer))) {
    return { valid: false, signer, problem: 'signing-certificate-v2 missing or not matching' };
  }
  try {
    const result = await signedData.verify({
      signer: 0,
      data: toArrayBuffer(signed),
      checkChain: true,
      trustedCerts: trustedRoots.map(certificateFromDer),
      checkDate: at,
      passedWhenNotRevValues: true,
      extendedMode: true,
    });
    if (!result.signatureVerified) return { valid: false, signer, problem: result.message };
    if (result.signerCertificateVerified !== true) return { valid: false, signer, problem: result.message };
    // pkijs accepts any path ending in trustedCerts; make sure the last one is a root we trust.
    const roots = new Set(trustedRoots.map((r) => sha256(r).toString('hex')));
    const last = result.certificatePath[result.certificatePath.length - 1];
    if (!last || !roots.has(sha256(Buffer.from(last.toSchema().toBER(false))).toString('hex'))) {
      return { valid: false, signer, problem: 'chain does not end at a trusted root' };
    }
    return { valid: true, signer };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { valid: false, signer, problem: message };
  }
}

function matchesSid(cert: pkijs.Certificate, sid: unknown): boolean {
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return false;
  return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
}

function essCertHash(value: unknown): Buffer | null {
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
  if (!(value instanceof asn1js.Sequence)) return null;
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) return null;
  const first = certs.valueBlock.value[0];
  if (!(first instanceof asn1js.Sequence)) return null;
  const [a, b] = first.valueBlock.value;
  if (a instanceof asn1js.OctetString) return Buffer.from(a.valueBlock.valueHexView);
  // An explicit hashAlgorithm must be SHA-256: we compare with SHA-256 only.
  if (a instanceof asn1js.Sequence && b instanceof asn1js.OctetString) {
    const alg = a.valueBlock.value[0];
    if (alg instanceof asn1js.ObjectIdentifier && alg.valueBlock.toString() === OID.sha256) {
      return Buffer.from(b.valueBlock.valueHexView);
    }
  }
  return null;
}

export function commonName(cert: pkijs.Certificate): string {
  const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return cn
    ? String(cn.value.valueBlock.value)
    : cert.subject.typesAndValues.map((tv) => String(tv.value.valueBlock.value)).join(', ');
}

/** Subject CN of a DER or PEM certificate (node:crypto parser, for display). */
export function commonNameOf(certificate: Buffer | string): string {
  const x509 = new X509Certificate(certificate);
  const match = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject);
  return match?.[1] ?? x509.subject;
}
