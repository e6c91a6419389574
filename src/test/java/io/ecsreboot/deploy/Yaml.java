package io.ecsreboot.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every document of a (multi-document) YAML file as plain maps. */
final class Yaml {
  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private Yaml() {}

  static List<Map<String, Object>> documents(Path file) throws IOException {
    return documents(Files.readString(file));
  }

  static List<Map<String, Object>> documents(String text) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (var parser = FACTORY.createParser(text)) {
      var it = MAPPER.readValues(parser, Map.class);
      while (it.hasNext()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = it.next();
        if (doc != null) { // an empty document, as after a trailing ---
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
