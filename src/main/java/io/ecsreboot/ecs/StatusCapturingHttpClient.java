package io.ecsreboot.ecs;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.CallBack;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpRequest;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.IHttpClient;
import java.io.IOException;
import java.util.concurrent.Future;

/**
 * Wraps the SDK's HTTP client to remember the HTTP status of the calling thread's last reply: the
 * SDK's exceptions carry the ECS code but not the status, and status and Events should show the
 * status ECS really sent (403 for a locked instance, 404 for an unknown one).
 */
final class StatusCapturingHttpClient extends IHttpClient {
  private static final ThreadLocal<Integer> LAST_STATUS = new ThreadLocal<>();

  private final IHttpClient delegate;

  StatusCapturingHttpClient(IHttpClient delegate) {
    this.delegate = delegate;
  }

  /** Forgets the last status; call before a request. */
  static void clear() {
    LAST_STATUS.remove();
  }

  /** The HTTP status of this thread's last reply since {@link #clear()}, or 0 if none came. */
  static int lastStatus() {
    Integer status = LAST_STATUS.get();
    return status == null ? 0 : status;
  }

  @Override
  protected void init(HttpClientConfig clientConfig) {
    // the delegate is initialised already
  }

  @Override
  public HttpResponse syncInvoke(HttpRequest request) throws IOException, ClientException {
    HttpResponse response = delegate.syncInvoke(request);
    LAST_STATUS.set(response.getStatus());
    return response;
  }

  @Override
  public Future<HttpResponse> asyncInvoke(HttpRequest request, CallBack callback)
      throws IOException {
    return delegate.asyncInvoke(request, callback);
  }

  @Override
  @Deprecated
  public void ignoreSSLCertificate() {
    delegate.ignoreSSLCertificate();
  }

  @Override
  @Deprecated
  public void restoreSSLCertificate() {
    delegate.restoreSSLCertificate();
  }

  @Override
  public boolean isSingleton() {
    return delegate.isSingleton();
  }

  @Override
  public void close() throws IOException {
    if (!delegate.isSingleton()) {
      delegate.close();
    }
  }
}
