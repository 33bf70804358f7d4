// Types for the parts of multicast-dns 7 and dns-packet 5 (neither ships its own) that the scanner and the tests use.
declare module 'multicast-dns' {
  import type { EventEmitter } from 'node:events';
  import type { RemoteInfo } from 'node:dgram';

  export type Question = { name: string; type: string; class?: string };
  export type Answer = { name: string; type: string; ttl?: number; class?: string; flush?: boolean; data: unknown };
  export type Packet = { type?: 'query' | 'response'; id?: number; flags?: number; questions?: Question[]; answers?: Answer[]; additionals?: Answer[]; authorities?: Answer[] };

  export interface MulticastDns extends EventEmitter {
    query(packet: Packet | Question[], callback?: (error: Error | null) => void): void;
    respond(packet: Packet | Answer[], rinfo?: { port: number; address: string }, callback?: (error: Error | null) => void): void;
    destroy(callback?: () => void): void;
    on(event: 'response' | 'query' | 'packet', listener: (packet: Packet, rinfo: RemoteInfo) => void): this;
    on(event: 'error' | 'warning', listener: (error: NodeJS.ErrnoException) => void): this;
    on(event: 'ready' | 'networkInterface', listener: () => void): this;
  }

  export type Options = {
    port?: number;
    type?: 'udp4' | 'udp6';
    ip?: string;
    ttl?: number;
    loopback?: boolean;
    reuseAddr?: boolean;
    interface?: string;
    bind?: string | false;
    multicast?: boolean;
  };

  export default function multicastDns(options?: Options): MulticastDns;
}

// dns-packet 5 (multicast-dns's codec), which the tests use to build answers as bytes.
declare module 'dns-packet' {
  export const AUTHORITATIVE_ANSWER: number;
  export function encode(packet: object): Buffer;
  export function decode(bytes: Buffer): Record<string, unknown>;
  const dnsPacket: { AUTHORITATIVE_ANSWER: number; encode: typeof encode; decode: typeof decode };
  export default dnsPacket;
}
