package ml.consensus.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.ActiveProfilesResolver;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the integration tests run against. By default each node gets an H2 file in its
 * data directory, as in production. With the system property {@code consensus.test.database=postgresql}
 * (the second test run of {@code ./mvnw verify}) each node runs with the {@code postgresql} profile on
 * a database of its own, created on the server named by {@code CONSENSUS_DB_URL}
 * ({@code CONSENSUS_DB_USER}, {@code CONSENSUS_DB_PASSWORD}; the user needs CREATEDB).
 *
 * <p>When that server is not configured or not reachable the PostgreSQL run skips, saying why, unless
 * {@code CONSENSUS_POSTGRES_TESTS=required} (set by {@code .ci/run}): then it fails.
 */
public final class TestDatabase {

    /** System property that selects the database of a test run. */
    public static final String SELECTOR = "consensus.test.database";

    public static final String POSTGRESQL = "postgresql";

    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final String RUN_ID = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    /** The database of each data directory, so that a node restarted on the same directory finds its ledger. */
    private static final Map<Path, String> BY_DATA_DIR = new ConcurrentHashMap<>();

    private TestDatabase() {}

    /** True in the PostgreSQL run. */
    public static boolean isPostgres() {
        return POSTGRESQL.equals(System.getProperty(SELECTOR));
    }

    /** The JDBC URL of the node whose data directory is {@code dataDir}, its database created if new. */
    public static String urlFor(Path dataDir) {
        if (!isPostgres()) {
            return "jdbc:h2:file:" + dataDir.resolve("ledger");
        }
        return withDatabase(BY_DATA_DIR.computeIfAbsent(dataDir.toAbsolutePath(), dir -> createDatabase()));
    }

    /** Spring settings for a node on {@code dataDir}: the profile and the database, for command-line arguments. */
    public static List<String> arguments(Path dataDir) {
        List<String> args = new ArrayList<>();
        if (isPostgres()) {
            args.add("--spring.profiles.active=" + POSTGRESQL);
            args.add("--spring.datasource.url=" + urlFor(dataDir));
        }
        return args;
    }

    /**
     * Spring settings that put a node on the ledger database kept under {@code databaseDir}, whatever
     * its own data directory: several nodes given the same {@code databaseDir} share one ledger.
     * H2 nodes must then run in this JVM, which opens the file once for all of them.
     */
    public static List<String> sharedDatabaseArguments(Path databaseDir) {
        if (isPostgres()) {
            return arguments(databaseDir);
        }
        return List.of("--spring.datasource.url=" + urlFor(databaseDir) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    /** Registers the database of a {@code @SpringBootTest} context on {@code dataDir}. */
    public static void register(DynamicPropertyRegistry registry, Path dataDir) {
        if (isPostgres()) {
            registry.add("spring.datasource.url", () -> urlFor(dataDir));
        }
    }

    /** A plain JDBC connection to the ledger database of {@code dataDir}, for changing it behind a node's back. */
    public static Connection connect(Path dataDir) throws SQLException {
        if (isPostgres()) {
            return DriverManager.getConnection(urlFor(dataDir), user(), password());
        }
        return DriverManager.getConnection(urlFor(dataDir), "sa", "");
    }

    /**
     * Makes {@code target}'s database a copy of {@code source}'s (the H2 file travels with the data
     * directory, so only PostgreSQL needs this). No node may be connected to the source.
     */
    public static void copyDatabase(Path source, Path target) throws SQLException {
        if (!isPostgres()) {
            return;
        }
        String sourceName = BY_DATA_DIR.get(source.toAbsolutePath());
        String name = newName();
        execute("create database " + name + " template " + sourceName);
        BY_DATA_DIR.put(target.toAbsolutePath(), name);
    }

    private static String createDatabase() {
        String name = newName();
        try {
            execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + serverUrl(), e);
        }
        return name;
    }

    private static String newName() {
        return ("consensus_test_" + RUN_ID + "_" + CREATED.incrementAndGet()).toLowerCase(Locale.ROOT);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl(), user(), password());
                Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String withDatabase(String name) {
        String url = serverUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        return url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    private static String serverUrl() {
        return System.getenv().getOrDefault("CONSENSUS_DB_URL", "");
    }

    private static String user() {
        return System.getenv().getOrDefault("CONSENSUS_DB_USER", "consensus");
    }

    private static String password() {
        return System.getenv().getOrDefault("CONSENSUS_DB_PASSWORD", "consensus");
    }

    /** Why the PostgreSQL run cannot run here, or null when it can (or when this is not that run). */
    static String unavailableReason() {
        if (!isPostgres()) {
            return null;
        }
        if (!serverUrl().startsWith("jdbc:postgresql://")) {
            return "no PostgreSQL server configured: export CONSENSUS_DB_URL=jdbc:postgresql://host:port/db"
                    + " (and CONSENSUS_DB_USER, CONSENSUS_DB_PASSWORD; .ci/run does this)";
        }
        try {
            DriverManager.getConnection(serverUrl(), user(), password()).close();
            return null;
        } catch (SQLException e) {
            return "PostgreSQL server " + serverUrl() + " not reachable: " + e.getMessage();
        }
    }

    /** Activates the {@code postgresql} profile in the PostgreSQL run. */
    public static final class Profiles implements ActiveProfilesResolver {
        @Override
        public String[] resolve(Class<?> testClass) {
            return isPostgres() ? new String[] {POSTGRESQL} : new String[0];
        }
    }

    /**
     * Skips a test class in the PostgreSQL run when no server is available, or fails it when
     * {@code CONSENSUS_POSTGRES_TESTS=required}.
     */
    public static final class Availability implements ExecutionCondition {

        private static volatile String reason;
        private static volatile boolean checked;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!checked) {
                reason = unavailableReason();
                checked = true;
                if (reason != null) {
                    // Once, on the console: surefire's summary only counts skipped tests.
                    System.err.println("[postgresql] " + reason);
                }
            }
            if (reason == null) {
                return ConditionEvaluationResult.enabled(isPostgres() ? "PostgreSQL at " + serverUrl() : "H2");
            }
            if ("required".equals(System.getenv("CONSENSUS_POSTGRES_TESTS"))) {
                throw new IllegalStateException("CONSENSUS_POSTGRES_TESTS=required but " + reason);
            }
            return ConditionEvaluationResult.disabled("PostgreSQL run skipped: " + reason);
        }
    }
}
