package ml.consensus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerExport;

/**
 * {@code consensus-ml export}: saves a running node's {@code GET /export} byte for byte, to a file
 * or to standard output. The download goes to a temporary file first and must read as a ledger
 * export ({@value LedgerExport#FORMAT}) before it replaces the target, so a refused connection,
 * an error page or a cut-off answer never leaves a half-written back-up behind. Whether the ledger
 * in it is valid is for {@code verify} to say.
 */
final class ExportCommand {

    static final String DEFAULT_NODE = "http://localhost:5000";
    static final String USAGE_TEXT = """
            usage: consensus-ml export [--node URL] [--out FILE]

            Saves a running node's whole ledger (GET /export, format consensus-ml-ledger/v1) as the
            node sends it: the input of `consensus-ml verify` and of a restore
            (serve --consensus.restore-from=FILE).

              --node URL   the node's base URL (default http://localhost:5000)
              --out FILE   where to save it (default: standard output). FILE is replaced only once
                           the whole answer has arrived and reads as a ledger export.

            exit code: 0 saved, 2 bad arguments, 3 the node cannot be reached or did not answer with
                       an export, or FILE cannot be written
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private ExportCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandOptions options;
        URI exportUri;
        try {
            options = CommandOptions.parse(args, 0, Set.of("--help"));
            if (options.has("--help")) {
                out.print(USAGE_TEXT);
                return ExitCode.OK;
            }
            options.allowOnly("--node", "--out");
            exportUri = exportUri(options.optional("--node").orElse(DEFAULT_NODE));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("run `consensus-ml export --help` for usage");
            return ExitCode.USAGE;
        }
        Path target = options.optional("--out").map(Path::of).orElse(null);
        try {
            Download download = download(exportUri, target);
            try {
                if (target == null) {
                    Files.copy(download.file(), out);
                    out.flush();
                } else {
                    Files.move(
                            download.file(),
                            target,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(download.file());
            }
            err.printf(
                    Locale.ROOT,
                    "exported %d blocks (%,d bytes) from %s to %s%n",
                    download.blocks(),
                    download.bytes(),
                    exportUri,
                    target == null ? "standard output" : target);
            return ExitCode.OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
    }

    /** {@code node}'s {@code /export}; refuses anything but an http(s) base URL. */
    static URI exportUri(String node) {
        URI uri;
        try {
            uri = URI.create(node.replaceAll("/+$", "") + "/export");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--node is not a URL: " + node);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--node must be an http:// or https:// URL, e.g. " + DEFAULT_NODE);
        }
        return uri;
    }

    /** A complete, well-formed export in a temporary file beside the target (so the final move is atomic). */
    private record Download(Path file, long bytes, int blocks) {}

    private static Download download(URI uri, Path target) throws IOException {
        Path dir = target == null ? null : target.toAbsolutePath().getParent();
        Path part = dir == null
                ? Files.createTempFile("consensus-ml-export-", ".part")
                : Files.createTempFile(dir, "." + target.getFileName() + "-", ".part");
        try {
            HttpResponse<Path> response = send(uri, part);
            if (response.statusCode() != 200) {
                throw new IOException(
                        uri + " answered HTTP " + response.statusCode() + ": " + abbreviated(Files.readString(part)));
            }
            List<Block> blocks = LedgerExport.read(JSON.readTree(part.toFile()));
            return new Download(part, Files.size(part), blocks.size());
        } catch (IllegalArgumentException | JacksonException e) {
            Files.deleteIfExists(part);
            throw new IOException(uri + " did not answer with a ledger export: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private static HttpResponse<Path> send(URI uri, Path part) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(ANSWER_TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(part));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (IOException e) {
            // A refused connection carries no message of its own; say which URL failed and how.
            throw new IOException(
                    "cannot fetch " + uri + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
    }

    private static String abbreviated(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
