package ml.consensus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar a new user is told to run is the jar the build makes: the pom's {@code finalName} is
 * {@code consensus-ml}, so {@code target/consensus-ml.jar}; the README and docs/ once named
 * {@code target/consensus-ml-0.1.0-SNAPSHOT.jar}, which does not exist.
 */
class DocumentationTests {

    private static final Pattern JAR = Pattern.compile("[A-Za-z0-9._/-]*consensus-ml[A-Za-z0-9._-]*\\.jar");

    @Test
    void shouldBuildTheJarUnderItsDocumentedName() throws IOException {
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>consensus-ml</finalName>");
    }

    @Test
    void shouldNameOnlyTheJarTheBuildMakes() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path file : Stream.concat(
                            Stream.of(Path.of("README.md")),
                            docs.filter(p -> p.toString().endsWith(".md")))
                    .toList()) {
                Matcher jar = JAR.matcher(Files.readString(file));
                while (jar.find()) {
                    String name = jar.group();
                    if (!name.equals("target/consensus-ml.jar") && !name.equals("consensus-ml.jar")) {
                        wrong.add(file + ": " + name);
                    }
                }
            }
        }
        assertThat(wrong).as("jar names that the build does not make").isEmpty();
    }
}
