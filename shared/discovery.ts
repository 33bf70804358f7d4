// What a network scan found (`cameras.discover`, `camwall discover`): one entry per device, the
// views of mDNS/Bonjour and ONVIF WS-Discovery merged. Everything in it came from the network
// unauthenticated, so it is a suggestion for the add-camera form, never trusted as is: strings
// are bounded and stripped of control characters by the core before they get here.

/** Longest scan a caller may ask for, and the one it gets without asking. */
export const MAX_DISCOVERY_TIMEOUT_MS = 30_000;
export const MIN_DISCOVERY_TIMEOUT_MS = 500;
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 3_000;

/** How the device was found: a Bonjour service type (`_axis-video._tcp`, ...) or 'ws-discovery'. */
export type DiscoverySource = '_axis-video._tcp' | '_vapix-http._tcp' | '_vapix-https._tcp' | '_http._tcp' | 'ws-discovery';

export type DiscoveredCamera = {
  /** Stable within one scan: 'serial:<serial>' when the device said it, otherwise 'host:<address>'. */
  id: string;
  /** The address to connect to (IPv4 as the device announced it). */
  host: string;
  /** What the form should use: https only when the device offers nothing over http. */
  scheme: 'http' | 'https';
  /** The port for `scheme`; null when it is the scheme's default (80, 443). */
  port: number | null;
  httpPort: number | null;
  httpsPort: number | null;
  /** 'axis' when an Axis MAC prefix, product name or VAPIX service says so; null when unknown. */
  vendor: 'axis' | null;
  /** Product number as announced, e.g. 'M3045-V' (ONVIF hardware scope or the Bonjour name). */
  model: string | null;
  /** A name for the camera list, e.g. 'AXIS M3045-V' (Bonjour instance or ONVIF name scope). */
  name: string | null;
  /** Serial number (an Axis serial is its MAC address, 12 hex digits, upper case). */
  serial: string | null;
  /** The mDNS host name, e.g. 'axis-accc8e012345.local'. */
  hostname: string | null;
  /** The camera kind the form should pick: VAPIX for Axis devices, a URL path otherwise. */
  kind: 'vapix' | 'url';
  sources: DiscoverySource[];
  /** ONVIF device service addresses (XAddrs) the device gave, at most a few. */
  onvifAddresses: string[];
  /**
   * The one unauthenticated HTTP request the scan made to the device: its status, or null when
   * nothing answered in time (`error` says what happened instead).
   */
  http: { status: number | null; error: string | null } | null;
  /**
   * A factory-default Axis device (it answered with `AXIS-Setup: vapix`): it has no account yet,
   * so it must be set up in its own web page before Camwall can log in.
   */
  setupNeeded: boolean;
};

export type DiscoveryReport = {
  devices: DiscoveredCamera[];
  /** More devices answered than a scan keeps (MAX_DISCOVERED_DEVICES); the rest were dropped. */
  truncated: boolean;
  /** How long the scan took, from the first packet sent to the last HTTP probe answered. */
  durationMs: number;
  /** What could not be done, one sentence each (a socket that could not be opened, ...). */
  problems: string[];
  /** Whether each protocol's question went out at least once (false: no network to send it on). */
  sent: { mdns: boolean; wsDiscovery: boolean };
};
