package ml.consensus.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Browser tests never pass silently without a browser: they skip, or fail when required. */
class HeadlessChromiumTests {

    @TempDir
    Path dir;

    @Test
    void shouldSkipWithAMessageWhenChromiumIsMissingAndNotRequired() {
        Path missing = dir.resolve("chromium");
        assertThatThrownBy(() -> HeadlessChromium.assumeInstalled(missing, missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("not installed")
                .hasMessageContaining("CONSENSUS_BROWSER_TESTS=required");
        assertThatThrownBy(() -> HeadlessChromium.assumeInstalled(missing, missing, "yes"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void shouldFailWhenChromiumIsMissingAndRequired() throws IOException {
        Path browser = executable("chromium");
        Path missingDriver = dir.resolve("chromedriver");
        assertThatThrownBy(() -> HeadlessChromium.assumeInstalled(browser, missingDriver, "required"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(missingDriver.toString());
    }

    @Test
    void shouldGoAheadWhenBothAreExecutable() throws IOException {
        Path browser = executable("chromium");
        Path driver = executable("chromedriver");
        assertThatCode(() -> HeadlessChromium.assumeInstalled(browser, driver, "required"))
                .doesNotThrowAnyException();
        assertThatCode(() -> HeadlessChromium.assumeInstalled(browser, driver, null))
                .doesNotThrowAnyException();
    }

    private Path executable(String name) throws IOException {
        return Files.createFile(
                dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
