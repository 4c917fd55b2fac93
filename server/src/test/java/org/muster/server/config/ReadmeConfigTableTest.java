package org.muster.server.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's configuration table is every {@link ConfigKey}, as the code defines it. After adding or changing a key,
 * regenerate the table: {@code ./mvnw -pl server test -Dtest=ReadmeConfigTableTest -Dmuster.readme.update=true}.
 */
class ReadmeConfigTableTest {
    private static final Path README = Path.of("../README.md");
    private static final String HEADER = "| key (config file) | environment variable | default | meaning |\n|---|---|---|---|\n";

    static String table() {
        StringBuilder b = new StringBuilder(HEADER);
        for (ConfigKey k : ConfigKey.values()) {
            b.append("| `").append(k.key()).append("` | `").append(k.env()).append("` | ")
                    .append(k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`").append(" | ")
                    .append(k.description().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    @Test
    void theReadmeListsEveryKeyWithItsDefault() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(HEADER);
        assertThat(start).as("README.md has the configuration table header").isGreaterThanOrEqualTo(0);
        int end = readme.indexOf("\n\n", start);
        end = end < 0 ? readme.length() : end + 1;
        String current = readme.substring(start, end);
        String expected = table();
        if (Boolean.getBoolean("muster.readme.update") && !current.equals(expected)) {
            Files.writeString(README, readme.substring(0, start) + expected + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("README.md's configuration table (regenerate it: see this test's comment)").isEqualTo(expected);
    }
}
