// A modal form: the backdrop (a click on it cancels), the dialog named by its title, Escape to
// cancel, Enter to submit, and the submit and Cancel buttons at the bottom. "Go to" and
// "Export…" are built on it.
import type { ComponentChildren, RefObject } from 'preact';

type Props = {
  /** Class of the dialog box beside `modal`, and the prefix of its title's id. */
  name: string;
  title: string;
  submitLabel: string;
  submitDisabled: boolean;
  /** Why the submit button is disabled, or what it does. */
  submitTitle?: string;
  submitRef?: RefObject<HTMLButtonElement | null>;
  onSubmit: () => void;
  onCancel: () => void;
  children: ComponentChildren;
};

export function FormDialog({ name, title, submitLabel, submitDisabled, submitTitle, submitRef, onSubmit, onCancel, children }: Props) {
  return (
    <div class="modal-backdrop" onClick={onCancel}>
      <div class={`modal ${name}`} role="dialog" aria-modal="true" aria-labelledby={`${name}-title`} onClick={(e) => e.stopPropagation()}>
        <form
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <div class="panel-head">
            <h2 id={`${name}-title`}>{title}</h2>
          </div>
          {children}
          <div class="form-actions">
            <button ref={submitRef} type="submit" class="button primary" disabled={submitDisabled} {...(submitTitle ? { title: submitTitle } : {})}>
              {submitLabel}
            </button>
            <button type="button" class="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
