package io.ecsreboot.api.v1alpha1;

/** The last error ECS (or the operator) reported for a request, kept verbatim for humans. */
public class EcsErrorStatus {
  private String code;
  private String message;
  private String requestId;
  private Integer httpStatus;
  private String time;

  public EcsErrorStatus() {}

  public EcsErrorStatus(
      String code, String message, String requestId, Integer httpStatus, String time) {
    this.code = code;
    this.message = message;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
    this.time = time;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public void setHttpStatus(Integer httpStatus) {
    this.httpStatus = httpStatus;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
