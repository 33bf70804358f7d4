// The error a call or an action answered, announced to screen readers; nothing when there is none.
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}
