// The choice of how camera passwords are kept where the OS has no keychain (Electron shell only):
// in Settings, and as the camera form's prompt when a first password is typed.
import type { ComponentChildren } from 'preact';
import type { PasswordStorageChoice as Choice } from '../../shared/settings.ts';
import { STORAGE_CHOICES, type ChosenStorage } from './password-storage.ts';

type Props = {
  name: string;
  value: Choice;
  onChoose: (choice: ChosenStorage) => void;
  disabled?: boolean;
  children?: ComponentChildren;
};

export function PasswordStorageChoice({ name, value, onChoose, disabled = false, children }: Props) {
  return (
    <fieldset class="storage-choice" data-testid="password-storage-choice" disabled={disabled}>
      <legend>This desktop has no keychain Camwall can use. How should camera passwords be kept?</legend>
      {STORAGE_CHOICES.map((choice) => (
        <label key={choice.value} class="storage-option">
          <input type="radio" name={name} value={choice.value} checked={value === choice.value} onChange={() => onChoose(choice.value)} />
          <span>
            <strong>{choice.label}</strong>
            <span class="hint">{choice.detail}</span>
          </span>
        </label>
      ))}
      {children}
    </fieldset>
  );
}
