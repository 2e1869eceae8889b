package ml.consensus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven built, from {@code META-INF/build-info.properties} (the Boot plugin's build-info goal). */
final class BuildVersion {

    private static final String RESOURCE = "/META-INF/build-info.properties";

    private BuildVersion() {}

    /** {@code build.version}, or "unknown" when the classes were not built by Maven. */
    static String current() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
