// Text from the network made safe to show: control characters removed, whitespace collapsed,
// and cut to a bound. Everything a scan reports goes through here.

// C0 and C1 controls, DEL, and the bidirectional overrides that can make a name read backwards.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `value` cleaned and cut to `maxChars`; null when nothing printable is left. */
export function cleanText(value: string, maxChars: number): string | null {
  const cleaned = value.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim().slice(0, maxChars).trim();
  return cleaned === '' ? null : cleaned;
}

/** A MAC address or Axis serial as 12 upper-case hex digits, or null when it is not one. */
export function macOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const hex = value.replace(/[:\-.\s]/g, '');
  return /^[0-9a-fA-F]{12}$/.test(hex) ? hex.toUpperCase() : null;
}

/**
 * MAC prefixes (OUIs) registered to Axis Communications. An Axis serial number is the device's
 * MAC address, so a serial with one of these prefixes is an Axis device.
 */
export const AXIS_OUIS: ReadonlySet<string> = new Set(['00408C', 'ACCC8E', 'B8A44F', 'E82725']);

export function isAxisMac(mac: string | null): boolean {
  return mac !== null && AXIS_OUIS.has(mac.slice(0, 6));
}

/** A dotted IPv4 address, strictly (no leading zeros, each part 0–255). */
export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * An IPv4 address a camera on the network can have: not this machine (127/8), not "this network"
 * (0/8), not multicast or reserved (224 and up). A hostile answer naming 127.0.0.1 would otherwise
 * make the scan's HTTP probe knock on the user's own services.
 */
export function isDeviceAddress(value: string): boolean {
  if (!isIPv4(value)) return false;
  const first = Number(value.split('.')[0]);
  return first !== 0 && first !== 127 && first < 224;
}

/** A valid TCP port from the network, or null. */
export function portOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? value : null;
}
