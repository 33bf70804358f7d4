/** Exit codes shared by every CLI command. */
export const EXIT_OK = 0;
/** The command line could not be understood. */
export const EXIT_USAGE = 2;
/** Credentials missing or rejected (401/403). */
export const EXIT_AUTH = 3;
/** Not an MJPEG or JPEG response, another HTTP error status, or an unrecoverable protocol error. */
export const EXIT_PROTOCOL = 4;
/** Network error or timeout. */
export const EXIT_NETWORK = 5;
