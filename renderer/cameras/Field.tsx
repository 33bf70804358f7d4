// A labelled form field with its inline error, wired for screen readers (aria-invalid and
// aria-describedby point at the message).
import type { ComponentChildren } from 'preact';

type Props = {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren;
};

export function Field({ id, label, error, hint, children }: Props) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error" data-field-error={id}>
          {error}
        </span>
      )}
    </div>
  );
}
