package io.ecsreboot.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A target whose child RebootRequest the API server refused for good (an admission policy, RBAC, an
 * invalid object): it counts as a failed target. Kept in the rollout's status because no child
 * exists to show it, so that a restarted operator counts it the same and never creates it again.
 */
public class RefusedChild {
  @JsonPropertyDescription("The Node name or instance id whose child was refused.")
  private String target;

  @JsonPropertyDescription("The API server's HTTP status code (403, 422, 400).")
  private Integer code;

  @JsonPropertyDescription("The API server's message, on one line and shortened.")
  private String message;

  private String time;

  public RefusedChild() {}

  public RefusedChild(String target, Integer code, String message, String time) {
    this.target = target;
    this.code = code;
    this.message = message;
    this.time = time;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public Integer getCode() {
    return code;
  }

  public void setCode(Integer code) {
    this.code = code;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
