package io.ecsreboot.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector in kubectl's string syntax ({@code app=web,tier!=db,env in (a,b),!canary}),
 * matched against a pod's labels. Every requirement must hold.
 */
public final class PodSelector {
  private static final String KEY = "[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?";
  private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
  private static final Pattern EQUALS =
      Pattern.compile("^(" + KEY + ")\\s*(==|=|!=)\\s*(" + VALUE + ")$");
  private static final Pattern SET =
      Pattern.compile("^(" + KEY + ")\\s+(in|notin)\\s*\\(([^()]*)\\)$");
  private static final Pattern EXISTS = Pattern.compile("^(!?)\\s*(" + KEY + ")$");

  private final List<Predicate<Map<String, String>>> requirements;

  private PodSelector(List<Predicate<Map<String, String>>> requirements) {
    this.requirements = requirements;
  }

  /** Everything matches an empty (or null) selector. */
  public static PodSelector parse(String selector) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return new PodSelector(requirements);
    }
    for (String part : splitOutsideParentheses(selector)) {
      requirements.add(requirement(part.trim(), selector));
    }
    return new PodSelector(requirements);
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.test(l));
  }

  private static Predicate<Map<String, String>> requirement(String part, String whole) {
    Matcher m = EQUALS.matcher(part);
    if (m.matches()) {
      String key = m.group(1);
      String value = m.group(4);
      return "!=".equals(m.group(3))
          ? l -> !value.equals(l.get(key))
          : l -> value.equals(l.get(key));
    }
    m = SET.matcher(part);
    if (m.matches()) {
      String key = m.group(1);
      Set<String> values = Set.of(trimmed(m.group(4).split(",")));
      // Set.of(...).contains(null) throws: a missing label is simply not in the set.
      return "in".equals(m.group(3))
          ? l -> l.containsKey(key) && values.contains(l.get(key))
          : l -> !l.containsKey(key) || !values.contains(l.get(key));
    }
    m = EXISTS.matcher(part);
    if (m.matches()) {
      String key = m.group(2);
      return m.group(1).isEmpty() ? l -> l.containsKey(key) : l -> !l.containsKey(key);
    }
    throw new IllegalArgumentException(
        "drain.podSelector \"" + whole + "\": cannot read \"" + part + "\"");
  }

  private static String[] trimmed(String[] values) {
    return java.util.Arrays.stream(values)
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .distinct()
        .toArray(String[]::new);
  }

  private static List<String> splitOutsideParentheses(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
