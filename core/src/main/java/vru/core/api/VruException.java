package vru.core.api;

/**
 * The one unchecked exception root of the platform. Its message is written for the user: it says
 * what is wrong, where (file, line, key, value) and what to do about it.
 */
public class VruException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public VruException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public VruException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
