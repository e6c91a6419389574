package io.ecsreboot.ecs;

import com.aliyuncs.ecs.model.v20140526.RebootInstancesResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a RebootInstances answer into one result per asked instance. A member's error is judged
 * like a single RebootInstance's: a refusal (IncorrectInstanceStatus, NotFound, a lock) did not
 * reboot, a member answered with a server error or not answered at all may have.
 */
public final class RebootInstancesAnswer {
  /** What ECS answers for a member it rebooted. */
  static final String MEMBER_OK = "200";

  /** Member codes that say ECS failed inside, not that it refused: the member may have rebooted. */
  private static final Set<String> SERVER_SIDE_CODES =
      Set.of("InternalError", "ServiceUnavailable", "UnknownError");

  private RebootInstancesAnswer() {}

  static Map<String, EcsResult<String>> members(
      List<String> asked, RebootInstancesResponse response) {
    String requestId = response.getRequestId();
    Map<String, RebootInstancesResponse.InstanceResponse> byId = new HashMap<>();
    if (response.getInstanceResponses() != null) {
      response.getInstanceResponses().forEach(m -> byId.put(m.getInstanceId(), m));
    }
    Map<String, EcsResult<String>> results = new LinkedHashMap<>();
    for (String id : asked) {
      RebootInstancesResponse.InstanceResponse member = byId.get(id);
      results.put(id, member == null ? unanswered(id, requestId) : of(member, requestId));
    }
    return results;
  }

  private static EcsResult<String> of(
      RebootInstancesResponse.InstanceResponse member, String requestId) {
    String code = member.getCode();
    if (MEMBER_OK.equals(code)) {
      return EcsResult.ok(requestId, requestId);
    }
    // The call itself was answered (HTTP 200); the member's own status decides what it means.
    int status = SERVER_SIDE_CODES.contains(code) ? 500 : 400;
    return EcsResult.failed(
        new EcsError(
            code == null ? SdkErrors.BAD_RESPONSE_FORMAT : code,
            SdkErrors.sanitize(member.getMessage() == null ? "" : member.getMessage()),
            requestId,
            status));
  }

  /** ECS answered the call but said nothing of this member: whether it rebooted is unknown. */
  public static EcsResult<String> unanswered(String id, String requestId) {
    return EcsResult.failed(
        new EcsError(
            SdkErrors.BAD_RESPONSE_FORMAT,
            "RebootInstances answered without a result for " + id,
            requestId,
            0));
  }
}
