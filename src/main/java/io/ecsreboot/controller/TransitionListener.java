package io.ecsreboot.controller;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.api.v1alpha1.RebootRequestStatus;

/** Told about each status change the reconciler made (or was about to make, for a call). */
@FunctionalInterface
public interface TransitionListener {
  void onTransition(RebootRequest request, RebootRequestStatus before, RebootRequestStatus after);

  static TransitionListener all(TransitionListener... listeners) {
    return (request, before, after) -> {
      for (TransitionListener l : listeners) {
        l.onTransition(request, before, after);
      }
    };
  }
}
