package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.Phase;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides what an exception that escaped a reconcile means: a passing outage of the API server or
 * the network (retry with backoff, for as long as it lasts), or a bug (retry a few times, then end
 * the request {@code Failed} with reason {@code InternalOperatorError} rather than leave it without
 * a status for good).
 */
final class ReconcileFailures {
  /** Failed reconciles of one request, in a row, after which a bug ends it. */
  static final int BUG_ATTEMPTS = 4;

  /** Longest message text taken from an exception into status. */
  static final int MAX_MESSAGE_CHARS = 512;

  enum Verdict {
    /** An outage: JOSDK retries with backoff, without a limit. */
    RETRY,
    /** A bug, not yet seen often enough to give up: JOSDK retries. */
    RETRY_BUG,
    /** A bug that keeps happening: the request fails with InternalOperatorError. */
    FAIL
  }

  private ReconcileFailures() {}

  /**
   * @param failedAttempts reconciles of this request that failed in a row, this one included
   */
  static Verdict judge(Exception e, int failedAttempts) {
    if (isOutage(e)) {
      return Verdict.RETRY;
    }
    return failedAttempts >= BUG_ATTEMPTS ? Verdict.FAIL : Verdict.RETRY_BUG;
  }

  /**
   * The API server or the network failed us: an I/O error or timeout anywhere in the causes, or an
   * answer of the API server other than "your request is wrong" (400, 422: our bug, retrying the
   * same request cannot help). 401/403 count as outages: RBAC can be fixed while we wait.
   */
  static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        int code = k.getCode();
        if (code == 400 || code == 422) {
          return false;
        }
        return true;
      }
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof TimeoutException
          || t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The status message of a request ended by a bug: the exception's class (never a stack), and
   * whether a reboot may be under way, which is what the person reading it must act on.
   */
  static String message(Exception e, RebootRequestStatus status) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what = root.getClass().getName();
    if (root.getMessage() != null) {
      what += ": " + root.getMessage();
    }
    if (root != e) {
      what = e.getClass().getName() + " caused by " + what;
    }
    if (what.length() > MAX_MESSAGE_CHARS) {
      what = what.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    Phase phase = status == null ? null : status.getPhase();
    String reboot =
        phase == Phase.Rebooting || phase == Phase.Verifying
            ? "RebootInstance was issued at "
                + status.getRebootIssuedTime()
                + " and the reboot is not verified: check the instance"
            : "no reboot was issued";
    return "the operator failed unexpectedly ("
        + what
        + ") "
        + BUG_ATTEMPTS
        + " times in a row: a bug of the operator, please report it; "
        + reboot;
  }
}
