package io.ecsreboot.emulator;

import static io.ecsreboot.emulator.EmulatorTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ecs.model.v20140526.DescribeInstanceStatusRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstanceStatusResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.RebootInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The V1 SDK's Describe*, RebootInstances, Start and Stop calls parse the emulator's shapes. */
class V1SdkDescribeTest extends EmulatorSdkTest {

  @Override
  Duration transition() {
    return Duration.ofMillis(200);
  }

  @Test
  void describeInstancesFiltersByIdsAndStatusAndPages() throws Exception {
    DescribeInstancesRequest byIds = new DescribeInstancesRequest();
    byIds.setInstanceIds(
        "[\"" + RUNNING_TAGGED + "\",\"" + SECURITY_LOCKED + "\",\"" + OTHER_REGION + "\"]");
    DescribeInstancesResponse found = client.getAcsResponse(byIds);
    assertThat(found.getTotalCount()).isEqualTo(2);
    DescribeInstancesResponse.Instance tagged = found.getInstances().get(0);
    assertThat(tagged.getInstanceId()).isEqualTo(RUNNING_TAGGED);
    assertThat(tagged.getStatus()).isEqualTo("Running");
    assertThat(tagged.getStartTime()).isEqualTo("2026-11-20T04:05Z");
    assertThat(tagged.getTags())
        .extracting(t -> t.getTagKey() + "=" + t.getTagValue())
        .contains("role=web");
    assertThat(found.getInstances().get(1).getOperationLocks())
        .extracting(l -> l.getLockReason())
        .containsExactly("security");

    DescribeInstancesRequest stopped = new DescribeInstancesRequest();
    stopped.setStatus("Stopped");
    assertThat(client.getAcsResponse(stopped).getInstances())
        .extracting(i -> i.getInstanceId())
        .containsExactly(STOPPED);

    DescribeInstancesRequest page = new DescribeInstancesRequest();
    page.setPageSize(3);
    page.setPageNumber(4);
    DescribeInstancesResponse third = client.getAcsResponse(page);
    assertThat(third.getTotalCount()).isEqualTo(10);
    assertThat(third.getInstances()).hasSize(1);
  }

  @Test
  void describeInstanceStatusListsStatuses() throws Exception {
    DescribeInstanceStatusRequest request = new DescribeInstanceStatusRequest();
    request.setInstanceIds(List.of(RUNNING, STOPPED));
    DescribeInstanceStatusResponse response = client.getAcsResponse(request);
    assertThat(response.getInstanceStatuses())
        .extracting(s -> s.getInstanceId() + ":" + s.getStatus())
        .containsExactly(RUNNING + ":Running", STOPPED + ":Stopped");
  }

  @Test
  void rebootInstancesReportsEachInstanceWithCode200() throws Exception {
    RebootInstancesRequest request = new RebootInstancesRequest();
    request.setInstanceIds(List.of(RUNNING, RUNNING_TAGGED));
    RebootInstancesResponse response = client.getAcsResponse(request);
    assertThat(response.getInstanceResponses())
        .extracting(
            r ->
                r.getInstanceId()
                    + ":"
                    + r.getCode()
                    + ":"
                    + r.getPreviousStatus()
                    + ":"
                    + r.getCurrentStatus())
        .containsExactly(
            RUNNING + ":200:Running:Stopping", RUNNING_TAGGED + ":200:Running:Stopping");
  }

  @Test
  void rebootInstancesSuccessFirstReportsPerInstanceErrors() throws Exception {
    RebootInstancesRequest request = new RebootInstancesRequest();
    request.setInstanceIds(List.of(RUNNING, STOPPED));
    request.setBatchOptimization("SuccessFirst");
    RebootInstancesResponse response = client.getAcsResponse(request);
    assertThat(response.getInstanceResponses())
        .extracting(r -> r.getInstanceId() + ":" + r.getCode())
        .containsExactly(RUNNING + ":200", STOPPED + ":IncorrectInstanceStatus");
  }

  @Test
  void stopThenStartWalksStoppingStoppedStartingRunning() throws Exception {
    StopInstanceRequest stop = new StopInstanceRequest();
    stop.setInstanceId(RUNNING);
    stop.setForceStop(true);
    client.getAcsResponse(stop);
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Stopping");
    assertThat(awaitStatus(admin, RUNNING, "Stopped").status()).isEqualTo("Stopped");
    Thread.sleep(300);
    assertThat(admin.instance(RUNNING).status())
        .as("a stopped instance stays stopped")
        .isEqualTo("Stopped");

    StartInstanceRequest start = new StartInstanceRequest();
    start.setInstanceId(RUNNING);
    client.getAcsResponse(start);
    assertThat(admin.instance(RUNNING).status()).isEqualTo("Starting");
    assertThat(awaitStatus(admin, RUNNING, "Running").status()).isEqualTo("Running");
  }
}
