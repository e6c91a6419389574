package io.ecsreboot.ecs;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/** Creates Aliyun SDK clients for one region and identity. */
final class SdkClients {
  private SdkClients() {}

  static DefaultAcsClient build(EcsTarget target, String endpointOverride) {
    DefaultProfile profile = DefaultProfile.getProfile(target.regionId());
    HttpClientConfig http = HttpClientConfig.getDefault();
    http.setProtocolType(endpointOverride == null ? ProtocolType.HTTPS : ProtocolType.HTTP);
    // Enough pooled connections for every reconcile thread; the SDK's default is 128.
    http.setMaxRequestsPerHost(256);
    http.setMaxRequests(256);
    profile.setHttpClientConfig(http);
    DefaultAcsClient client = new DefaultAcsClient(profile, credentialsProvider(target));
    client.setHttpClient(new StatusCapturingHttpClient(client.getHttpClient()));
    if (endpointOverride != null) {
      client.setEndpointResolver(request -> endpointOverride);
    }
    return client;
  }

  private static AlibabaCloudCredentialsProvider credentialsProvider(EcsTarget target) {
    if (target.credentials() instanceof EcsCredentials.StaticKey key) {
      return new StaticCredentialsProvider(
          key.securityToken() == null || key.securityToken().isEmpty()
              ? new BasicCredentials(key.accessKeyId(), key.accessKeySecret())
              : new BasicSessionCredentials(
                  key.accessKeyId(), key.accessKeySecret(), key.securityToken()));
    }
    try {
      return new DefaultCredentialsProvider();
    } catch (ClientException e) {
      throw new IllegalStateException("Aliyun default credentials chain: " + e.getErrMsg(), e);
    }
  }
}
