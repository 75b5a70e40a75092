interface ErrorMessageProps {
  message: string | null | undefined;
  /** Shown before the message (`Could not load the keys`). */
  context?: string;
}

/** A failure, as text a person can act on; nothing when there is none. */
export function ErrorMessage({ message, context }: ErrorMessageProps) {
  if (!message) return null;
  return (
    <div className="message message-error" role="alert" data-testid="error">
      {context ? <strong>{context}: </strong> : null}
      {message}
    </div>
  );
}
