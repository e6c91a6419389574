package io.ecsreboot.ecs;

import java.util.List;

/** The two ECS calls the operator makes. The only way the rest of the code talks to ECS. */
public interface EcsClient {

  /** RebootInstance; the value of a success is the ECS RequestId. */
  EcsResult<String> rebootInstance(
      EcsTarget target, String instanceId, boolean forceStop, boolean dryRun);

  /**
   * DescribeInstances for up to {@link #MAX_IDS_PER_DESCRIBE} ids; instances that do not exist in
   * the region are simply absent from the value.
   */
  EcsResult<List<InstanceState>> describeInstances(EcsTarget target, List<String> instanceIds);

  int MAX_IDS_PER_DESCRIBE = 100;
}
