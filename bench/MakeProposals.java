import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes COUNT training proposals on a node, 64 at a time, and writes their full hashes to FILE,
 * one per line, in the order they were asked for: the proposals that bench/votes.lua votes on.
 *
 * usage: java bench/MakeProposals.java http://localhost:5000 COUNT FILE
 */
public class MakeProposals {

    private static final Pattern HASH = Pattern.compile("\"proposal_hash\":\"([0-9a-f]{64})\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int count = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Future<String>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"texts\":[\"load test batch " + i + " fever cough\"]}";
            made.add(pool.submit(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                                + "/decentralized/propose-training")).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = HASH.matcher(response.body());
                if (response.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("propose failed: " + response.statusCode() + " " + response.body());
                }
                return m.group(1);
            }));
        }
        List<String> hashes = new ArrayList<>();
        for (Future<String> f : made) {
            hashes.add(f.get());
        }
        Files.write(file, hashes);
        pool.shutdownNow();
    }
}
