package io.ecsreboot.ecs;

import java.util.List;
import java.util.Map;

/** The ECS calls the operator makes. The only way the rest of the code talks to ECS. */
public interface EcsClient {

  /** RebootInstance; the value of a success is the ECS RequestId. */
  EcsResult<String> rebootInstance(
      EcsTarget target, String instanceId, boolean forceStop, boolean dryRun);

  /**
   * RebootInstances with {@code BatchOptimization=SuccessFirst} for up to {@link
   * #MAX_IDS_PER_REBOOT} ids (never a dry run: its DryRun answers for the whole call). The call's
   * result is an error when the call as a whole failed (then no member's fate is known); otherwise
   * its value holds every asked id's own result, as {@link #rebootInstance} would have given it:
   * success with the call's RequestId, or the member's error Code and Message.
   */
  EcsResult<Map<String, EcsResult<String>>> rebootInstances(
      EcsTarget target, List<String> instanceIds, boolean forceStop);

  /**
   * DescribeInstances for up to {@link #MAX_IDS_PER_DESCRIBE} ids; instances that do not exist in
   * the region are simply absent from the value.
   */
  EcsResult<List<InstanceState>> describeInstances(EcsTarget target, List<String> instanceIds);

  int MAX_IDS_PER_DESCRIBE = 100;

  int MAX_IDS_PER_REBOOT = 100;
}
