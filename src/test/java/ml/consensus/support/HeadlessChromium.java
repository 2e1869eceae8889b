package ml.consensus.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both paths are given to
 * Selenium explicitly, so Selenium Manager never looks for (or downloads) a driver or a browser;
 * each instance gets a fresh profile directory, deleted on {@link #close()}.
 *
 * <p>Browser tests call {@link #assumeInstalled()} first: without the two packages they are
 * skipped with a message, unless the environment variable {@value #REQUIRED_VARIABLE} is
 * {@code required} (as {@code .ci/run} sets it), in which case they fail.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final String REQUIRED_VARIABLE = "CONSENSUS_BROWSER_TESTS";

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class when Chromium or chromedriver is missing, or fails it if browser tests are required. */
    public static void assumeInstalled() {
        assumeInstalled(BROWSER, DRIVER, System.getenv(REQUIRED_VARIABLE));
    }

    /** The same check for given paths and a given value of {@value #REQUIRED_VARIABLE} (null when unset). */
    static void assumeInstalled(Path browser, Path driver, String requirement) {
        if (Files.isExecutable(browser) && Files.isExecutable(driver)) {
            return;
        }
        String missing = "headless Chromium is not installed (" + browser + " and " + driver
                + " from Debian's chromium and chromium-driver packages; .ci/run installs them)";
        if ("required".equals(requirement)) {
            Assertions.fail(missing + ", and " + REQUIRED_VARIABLE + "=required");
        }
        Assumptions.abort(
                missing + ": browser tests skipped; set " + REQUIRED_VARIABLE + "=required to make this a failure");
    }

    /** A browser whose viewport is {@code width} x {@code height} CSS pixels at a device pixel ratio of 1. */
    public static HeadlessChromium start(int width, int height) {
        Path profile = createProfile();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--force-device-scale-factor=1",
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(profile.toFile(), "chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("consensus-ml-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A profile left in the temporary directory harms nothing.
        }
    }
}
