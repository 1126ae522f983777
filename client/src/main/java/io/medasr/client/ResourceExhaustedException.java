package io.medasr.client;


/**
 * A server limit was reached, such as concurrent streams or audio length ({@code RESOURCE_EXHAUSTED});
 * retrying later may succeed.
 */
public final class ResourceExhaustedException extends MedAsrException {
  private static final long serialVersionUID = 1L;

  public ResourceExhaustedException(String description, Throwable cause) {
    super(MedAsrStatus.RESOURCE_EXHAUSTED, description, cause);
  }
}
