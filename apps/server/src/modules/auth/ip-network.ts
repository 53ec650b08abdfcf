import { BlockList, isIP } from 'node:net';

/**
 * IPv4/IPv6 CIDR matching for "administration reachable only from configured networks"
 * (QĐ 742/QĐ-BTTTT). IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) match IPv4 networks.
 */
export class NetworkList {
  private readonly list = new BlockList();
  readonly cidrs: string[];

  constructor(cidrs: string[]) {
    for (const cidr of cidrs) {
      const { address, prefix, family } = parseCidr(cidr);
      this.list.addSubnet(address, prefix, family);
    }
    this.cidrs = [...cidrs];
  }

  contains(ip: string | null | undefined): boolean {
    if (!ip) return false;
    const family = isIP(ip);
    if (family === 0) return false;
    return this.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const slash = cidr.indexOf('/');
  const address = slash === -1 ? cidr.trim() : cidr.slice(0, slash).trim();
  const family = isIP(address);
  if (family === 0) throw new Error(`"${cidr}" không phải dải địa chỉ IP hợp lệ.`);
  const max = family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(max) : cidr.slice(slash + 1).trim();
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) throw new Error(`"${cidr}": độ dài tiền tố phải từ 0 đến ${max}.`);
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}
