import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/** The PKCS#12 file cannot be used: the message is plain Vietnamese (shown by the CLI). */
export class Pkcs12Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** The certificate of the private key. */
  certificateDer: Buffer;
  /** The other certificates of the file, issuer before its issuer's issuer. */
  chainDer: Buffer[];
}

/**
 * Reads a PKCS#12 (.p12/.pfx) file as issued by a CA (RFC 7292): PBES2/AES as well as the legacy
 * 3DES/RC2 encryption Windows and many CA tools still use (node-forge supports both; node:crypto cannot
 * read PKCS#12). RSA keys only — forge cannot decode other key types from a bag.
 */
export function readPkcs12(file: Buffer, password: string): Pkcs12Contents {
  const p12 = parsePfx(file, password);
  const oids = forge.pki.oids as Record<'pkcs8ShroudedKeyBag' | 'keyBag' | 'certBag', string>;
  const bagsOf = (bagType: string): forge.pkcs12.Bag[] => p12.getBags({ bagType })[bagType] ?? [];
  const keyBags = [...bagsOf(oids.pkcs8ShroudedKeyBag), ...bagsOf(oids.keyBag)];
  const keys = keyBags.flatMap((bag) => (bag.key ? [bag.key] : []));
  if (keys.length === 0) throw new Pkcs12Error('Tệp PKCS#12 không chứa khóa bí mật RSA.');
  if (keys.length > 1) throw new Pkcs12Error('Tệp PKCS#12 chứa nhiều khóa bí mật; hãy xuất riêng khóa dùng để ký.');
  const certs = bagsOf(oids.certBag).flatMap((bag) =>
    bag.cert ? [Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes(), 'binary')] : [],
  );
  const pkcs8 = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys[0]!))).getBytes();
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8, 'binary'), format: 'der', type: 'pkcs8' });
  const publicDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const certificateDer = certs.find((der) =>
    new X509Certificate(der).publicKey.export({ format: 'der', type: 'spki' }).equals(publicDer),
  );
  if (!certificateDer) throw new Pkcs12Error('Tệp PKCS#12 không có chứng thư ứng với khóa bí mật.');
  return { privateKey, certificateDer, chainDer: orderChain(certificateDer, certs) };
}

/**
 * RFC 7292 derives the MAC key (and legacy PBE keys) from the password as a BMPString, but PBES2 (the
 * OpenSSL 3 default) from its UTF-8 bytes; forge takes one string for both. With a non-ASCII password:
 * the MAC is first checked with the Unicode string; when only the PBES2 decryption then fails, the
 * contents are decrypted again with the UTF-8 bytes (the MAC having been verified already).
 */
function parsePfx(file: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  const asn1 = () => forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary')));
  let pfx: forge.asn1.Asn1;
  try {
    pfx = asn1();
  } catch {
    throw new Pkcs12Error('Tệp không phải là tệp PKCS#12 (.p12/.pfx) hợp lệ.');
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(pfx, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified/i.test(message)) {
      throw new Pkcs12Error('Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng.');
    }
    const utf8 = forge.util.encodeUtf8(password);
    if (/decrypt/i.test(message) && utf8 !== password) {
      const withoutMac = asn1();
      if (Array.isArray(withoutMac.value)) withoutMac.value = withoutMac.value.slice(0, 2);
      try {
        return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, utf8);
      } catch {
        // fall through
      }
    }
    if (/decrypt|password|mac/i.test(message)) {
      throw new Pkcs12Error('Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng.');
    }
    throw new Pkcs12Error('Tệp không phải là tệp PKCS#12 (.p12/.pfx) hợp lệ.');
  }
}

/** The issuers of `leaf` found among `certs`, nearest first (stops at a self-signed root or a gap). */
export function orderChain(leaf: Buffer, certs: Buffer[]): Buffer[] {
  const pool = certs.filter((c) => !c.equals(leaf)).map((der) => ({ der, x509: new X509Certificate(der) }));
  const chain: Buffer[] = [];
  let current = new X509Certificate(leaf);
  for (let i = 0; i < 10; i++) {
    if (current.checkIssued(current) && current.verify(current.publicKey)) break; // self-signed
    const issuer = pool.find((c) => current.checkIssued(c.x509) && current.verify(c.x509.publicKey));
    if (!issuer || chain.some((d) => d.equals(issuer.der))) break;
    chain.push(issuer.der);
    current = issuer.x509;
  }
  return chain;
}

/** True for a self-signed certificate (a root). */
export function isSelfSigned(der: Buffer): boolean {
  const x509 = new X509Certificate(der);
  return x509.checkIssued(x509) && x509.verify(x509.publicKey);
}
