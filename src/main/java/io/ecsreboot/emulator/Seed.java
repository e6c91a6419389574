package io.ecsreboot.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The emulator's starting state: the AccessKey pairs it accepts and the instances it holds. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Seed(List<Credential> credentials, List<EmulatorInstance> instances) {

  /** An AccessKey pair the emulator accepts. */
  public record Credential(String accessKeyId, String accessKeySecret) {}

  /** A seed that cannot be used, with a one-line reason. */
  public static final class SeedException extends IllegalArgumentException {
    public SeedException(String message) {
      super(message);
    }
  }

  static final Set<String> STATUSES =
      Set.of("Pending", "Running", "Starting", "Stopping", "Stopped");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Seed {
    credentials = credentials == null ? List.of() : List.copyOf(credentials);
    instances = instances == null ? List.of() : List.copyOf(instances);
  }

  /**
   * @throws SeedException when the file is unreadable or not a valid seed
   */
  public static Seed load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new SeedException("cannot read seed file " + file + ": " + e);
    }
    try {
      return parse(yaml);
    } catch (SeedException e) {
      throw new SeedException("seed file " + file + ": " + e.getMessage());
    }
  }

  /**
   * @throws SeedException when the text is not a valid seed
   */
  public static Seed parse(String yaml) {
    Seed seed;
    try {
      seed = YAML.readValue(yaml, Seed.class);
    } catch (JsonProcessingException e) {
      throw new SeedException(firstLine(e.getOriginalMessage()) + location(e));
    }
    if (seed == null) {
      throw new SeedException("empty seed");
    }
    seed.validate();
    return seed;
  }

  private void validate() {
    if (credentials.isEmpty()) {
      throw new SeedException("needs at least one credentials entry");
    }
    for (Credential c : credentials) {
      if (isBlank(c.accessKeyId()) || isBlank(c.accessKeySecret())) {
        throw new SeedException("every credential needs accessKeyId and accessKeySecret");
      }
    }
    Set<String> ids = new HashSet<>();
    for (EmulatorInstance instance : instances) {
      String id = instance.instanceId();
      if (isBlank(id) || isBlank(instance.regionId())) {
        throw new SeedException("every instance needs instanceId and regionId");
      }
      if (!ids.add(id)) {
        throw new SeedException("instance " + id + " appears twice");
      }
      String problem = problemOf(instance);
      if (problem != null) {
        throw new SeedException("instance " + id + ": " + problem);
      }
    }
  }

  /** Null when the instance can be stored, otherwise why not (shared with the admin API). */
  static String problemOf(EmulatorInstance instance) {
    if (instance.status() != null && !STATUSES.contains(instance.status())) {
      return "status must be one of " + String.join("|", STATUSES.stream().sorted().toList());
    }
    for (String time : new String[] {instance.startTime(), instance.expiredTime()}) {
      if (time != null && EcsTimes.parse(time) == null) {
        return "time '" + time + "' is not yyyy-MM-ddTHH:mmZ";
      }
    }
    return null;
  }

  /** AccessKeyId to secret. */
  Map<String, String> secrets() {
    return credentials.stream()
        .collect(
            Collectors.toMap(
                Credential::accessKeyId, Credential::accessKeySecret, (first, second) -> first));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String firstLine(String message) {
    String m = message == null ? "invalid YAML" : message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }
}
