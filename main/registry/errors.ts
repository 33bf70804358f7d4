/** A registry call that could not be done for a reason other than bad input (see ValidationError). */
export class RegistryError extends Error {
  readonly code: 'not-found' | 'conflict' | 'secret';
  constructor(code: RegistryError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RegistryError';
    this.code = code;
  }
}
