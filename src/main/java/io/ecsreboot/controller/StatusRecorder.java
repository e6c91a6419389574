package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The only writer of RebootRequest status. A write is a JSON patch carrying the resourceVersion the
 * decision was based on (optimistic locking), is never retried on a conflict (a retried reboot
 * intent could rest on a status it never saw), and is cached over the informer so the next
 * reconcile sees it.
 */
public final class StatusRecorder {

  /** The status could not be written because the object changed since it was read. */
  public static final class ConflictException extends RuntimeException {
    ConflictException(Throwable cause) {
      super("RebootRequest changed since it was read; the status was not written", cause);
    }
  }

  /**
   * Writes {@code status} unless it equals the current one.
   *
   * @return the resource as stored after the write (or the given one when nothing changed)
   * @throws ConflictException when the resource changed since it was read
   */
  public RebootRequest write(
      RebootRequest resource, RebootRequestStatus status, Context<RebootRequest> context) {
    if (StatusComparison.same(resource.getStatus(), status)) {
      return resource;
    }
    UnaryOperator<RebootRequest> setStatus =
        r -> {
          r.setStatus(status);
          return r;
        };
    try {
      return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
          resource,
          context,
          UnaryOperator.identity(),
          r -> context.getClient().resource(r).editStatus(setStatus),
          0,
          PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
          PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
    } catch (OperatorException e) {
      if (e.getCause() instanceof KubernetesClientException k) {
        if (isConflict(k)) {
          throw new ConflictException(k);
        }
        throw k;
      }
      throw e;
    } catch (KubernetesClientException e) {
      if (isConflict(e)) {
        throw new ConflictException(e);
      }
      throw e;
    }
  }

  private static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == 409;
  }

  /** Status equality by content: the JSON the API server would store. */
  static final class StatusComparison {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    static boolean same(RebootRequestStatus a, RebootRequestStatus b) {
      if (a == b) {
        return true; // the common case: a poll that changed nothing returns the status it got
      }
      if (a == null || b == null) {
        return a == b;
      }
      return Objects.equals(JSON.valueToTree(a), JSON.valueToTree(b));
    }
  }
}
