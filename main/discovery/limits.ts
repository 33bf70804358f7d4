// Every bound of a network scan in one place. Whatever answers a discovery probe is untrusted (any
// host on the LAN can send anything to UDP 5353 and to our WS-Discovery port), so each list and
// each string taken from an answer is capped here, and the scan drops what does not fit.

/** Most devices one scan reports; the report says `truncated` when more answered. */
export const MAX_DISCOVERED_DEVICES = 64;
/** Most Bonjour service instances, host names and answers a scan keeps while it listens. */
export const MAX_MDNS_INSTANCES = 256;
export const MAX_MDNS_HOSTS = 256;
/** Addresses kept per mDNS host name (a camera has one or two: its address and a link-local one). */
export const MAX_ADDRESSES_PER_HOST = 4;
/** TXT entries read per service instance, and the longest key and value kept. */
export const MAX_TXT_ENTRIES = 32;
export const MAX_TXT_KEY_CHARS = 64;
export const MAX_TXT_VALUE_CHARS = 256;
/** Records looked at per mDNS packet (a camera's answer has about ten). */
export const MAX_RECORDS_PER_PACKET = 64;
/** Follow-up mDNS queries (SRV, TXT, A of an instance seen only by name) one scan may send. */
export const MAX_MDNS_FOLLOW_UPS = 64;
/** Largest WS-Discovery answer parsed; a ProbeMatches envelope is 1–3 KB. */
export const MAX_WSD_MESSAGE_BYTES = 32 * 1024;
/** WS-Discovery answers handled per scan, and ProbeMatch entries read per answer. */
export const MAX_WSD_MESSAGES = 256;
export const MAX_PROBE_MATCHES_PER_MESSAGE = 8;
/** XAddrs and scopes kept per ProbeMatch, and the longest text of any element kept. */
export const MAX_XADDRS = 8;
export const MAX_SCOPES = 32;
export const MAX_XML_TEXT_CHARS = 4096;
/** Elements nested deeper than this end the parse (a ProbeMatches envelope is 6 deep). */
export const MAX_XML_DEPTH = 32;
/** Longest name, model, serial or host name shown to the user. */
export const MAX_LABEL_CHARS = 128;
/** The one HTTP request per device: its timeout, and how many run at once. */
export const HTTP_PROBE_TIMEOUT_MS = 2_000;
export const MAX_HTTP_PROBES_AT_ONCE = 8;
/** How often the probes are sent during a scan (UDP may lose one). */
export const PROBE_REPEATS = 2;
