// Answers for the simulator's identity endpoints: basicdeviceinfo.cgi (JSON, AXIS OS 8.40+) and
// param.cgi's Properties.Image.Resolution list.

import { SUPPORTED_RESOLUTIONS } from './picture.ts';

const UNRESTRICTED = {
  Brand: 'AXIS',
  BuildDate: 'Nov 01 2026 00:00',
  HardwareID: 'CAMWALL-SIM',
  ProdFullName: 'AXIS P7316 Video Encoder (Camwall simulator)',
  ProdNbr: 'P7316',
  ProdShortName: 'AXIS P7316',
  ProdType: 'Video Encoder',
  ProdVariant: '',
  SerialNumber: 'ACCC8ECA3A11',
  Version: '12.0.0',
  WebURL: 'http://www.axis.com',
};
const RESTRICTED = { Architecture: 'aarch64', Soc: 'Camwall simulator', SocSerialNumber: '00000000-00000000-00000000-00000000' };

/** Body too large to be a basicdeviceinfo request; refuse before parsing. */
export const MAX_DEVICE_INFO_BODY = 64 * 1024;

export interface JsonAnswer { status: number; body: unknown }

/** `authenticated` says whether the request carried valid credentials (or auth is off). */
export function answerDeviceInfo(bodyText: string, authenticated: boolean): JsonAnswer | 'needs-auth' {
  let request: { apiVersion?: unknown; method?: unknown; context?: unknown };
  try {
    request = JSON.parse(bodyText) as typeof request;
  } catch {
    return { status: 400, body: { apiVersion: '1.0', error: { code: 4002, message: 'The request body is not valid JSON.' } } };
  }
  const base = { apiVersion: '1.0', ...(typeof request.context === 'string' ? { context: request.context } : {}) };
  const method = typeof request.method === 'string' ? request.method : '';
  if (method === 'getSupportedVersions') return { status: 200, body: { ...base, method, data: { apiVersions: ['1.0'] } } };
  if (method === 'getAllUnrestrictedProperties') return { status: 200, body: { ...base, method, data: { propertyList: UNRESTRICTED } } };
  if (method === 'getAllProperties') {
    if (!authenticated) return 'needs-auth';
    return { status: 200, body: { ...base, method, data: { propertyList: { ...UNRESTRICTED, ...RESTRICTED } } } };
  }
  return { status: 200, body: { ...base, method, error: { code: 4002, message: `Method '${method}' is not supported.` } } };
}

/** param.cgi?action=list&group=...: only the groups a client needs to find streams. */
export function answerParamList(query: URLSearchParams, cameras: number): string | null {
  if (query.get('action') !== 'list') return null;
  const groups = (query.get('group') ?? '').split(',');
  const lines: string[] = [];
  for (const group of groups) {
    if (group === 'Properties.Image.Resolution') lines.push(`root.Properties.Image.Resolution=${SUPPORTED_RESOLUTIONS.join(',')}`);
    else if (group === 'Properties.API.HTTP.Version') lines.push('root.Properties.API.HTTP.Version=3');
    else if (group === 'Properties.Image.Format') lines.push('root.Properties.Image.Format=jpeg,mjpeg');
    else if (group === 'ImageSource.NbrOfSources') lines.push(`root.ImageSource.NbrOfSources=${cameras}`);
    else return `# Error: Error -1 getting param in group '${group}'\n`;
  }
  return lines.map((l) => `${l}\n`).join('');
}
