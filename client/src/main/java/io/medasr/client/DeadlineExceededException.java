package io.medasr.client;


/** The call did not finish before its deadline ({@code DEADLINE_EXCEEDED}). */
public final class DeadlineExceededException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String description, Throwable cause) {
    super(MedAsrStatus.DEADLINE_EXCEEDED, description, cause);
  }
}
