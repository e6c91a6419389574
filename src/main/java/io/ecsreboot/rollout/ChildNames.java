package io.ecsreboot.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The name of a rollout's child for one target: {@code <rollout>-<target>}, the same on every
 * reconcile and in every operator replica, so that a crash after a create can never create a second
 * child for the target.
 */
public final class ChildNames {
  /**
   * Room below the 253 characters of a DNS subdomain for the suffix the Event recorder appends to
   * an object's name.
   */
  static final int MAX_LENGTH = 200;

  private static final int HASH_CHARS = 10;

  private ChildNames() {}

  public static String of(String rollout, String target) {
    String name = sanitize(rollout + "-" + target);
    if (name.length() <= MAX_LENGTH && name.equals(rollout + "-" + target)) {
      return name;
    }
    // Cut or changed: a hash of the exact pair keeps two targets that sanitize alike apart.
    String suffix = "-" + hash(rollout + "\n" + target);
    String head = name.substring(0, Math.min(name.length(), MAX_LENGTH - suffix.length()));
    return trimToAlphanumeric(head) + suffix;
  }

  /** Lower case; anything but [a-z0-9.-] becomes '-'; no '.' or '-' next to a '.'. */
  static String sanitize(String text) {
    String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    name = name.replaceAll("\\.[.-]+", ".").replaceAll("-+\\.", ".");
    return trimToAlphanumeric(name);
  }

  private static String trimToAlphanumeric(String name) {
    return name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
