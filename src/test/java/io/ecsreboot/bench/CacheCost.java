package io.ecsreboot.bench;

import io.ecsreboot.api.v1alpha1.RebootRequest;
import io.ecsreboot.controller.CacheTrim;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A dev tool, not a test: what one cached finished RebootRequest costs on the heap, as the informer
 * holds it (parsed from the API server's JSON), untrimmed and through {@link CacheTrim}. Heap used
 * after a full GC, before and after holding N of them, divided by N. Run with {@code mvn -q
 * test-compile exec:java -Dexec.mainClass=io.ecsreboot.bench.CacheCost -Dexec.classpathScope=test
 * -Dexec.args=10000}.
 */
public final class CacheCost {
  private CacheCost() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String template =
        new String(CacheCost.class.getResourceAsStream("finished-request.json").readAllBytes());
    System.out.printf("one finished request: %,d bytes of JSON%n", template.length());
    measure("as the API server sends it", n, template, UnaryOperator.identity());
    measure("through CacheTrim.trim", n, template, CacheTrim::trim);
  }

  private static void measure(
      String what, int n, String template, UnaryOperator<RebootRequest> transform)
      throws InterruptedException {
    List<RebootRequest> held = new ArrayList<>(n);
    long before = heapAfterGc();
    for (int i = 0; i < n; i++) {
      String json = template.replace("NNNNN", String.format("%05d", i));
      held.add(transform.apply(Serialization.unmarshal(json, RebootRequest.class)));
    }
    long after = heapAfterGc();
    System.out.printf(
        "%-30s %,6d bytes per request, %,5.1f MiB for %,d%n",
        what, (after - before) / n, (after - before) / 1048576.0, held.size());
  }

  static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
