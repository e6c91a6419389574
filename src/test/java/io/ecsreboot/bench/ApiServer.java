package io.ecsreboot.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** An API server the operator process is pointed at, with the CRD installed. */
interface ApiServer extends AutoCloseable {

  /** "mock" or "kube-apiserver", for the report. */
  String kind();

  /** A kubeconfig file for the operator process. */
  Path kubeconfig();

  /** The bench's own client (User-Agent {@link ApiRequestCounter#BENCH_AGENT}). */
  KubernetesClient client();

  /** Requests received so far, by caller where the server can tell. */
  ApiCounts counts();

  /** Seconds the server spent answering requests so far (summed over requests); NaN if unknown. */
  double busySeconds();

  /** True when {@link #counts()} tells the operator's requests from the bench's. */
  boolean countsByCaller();

  @Override
  void close();
}
