import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load for votes: CLIENTS concurrent clients send VOTES approvals in all. As on a real
 * network, there are CLIENTS validators and each votes once on every proposal, so the votes are
 * spread over VOTES / CLIENTS proposals (made first, also concurrently) and every vote is valid.
 * Prints votes per second, latency percentiles and how many blocks the votes took. Bounded in
 * count, loopback only.
 *
 * usage: java bench/VoteLoad.java http://localhost:5000 [clients=64] [votes=20000] [json-out]
 */
public class VoteLoad {

    private static final Pattern HASH = Pattern.compile("\"proposal_hash\":\"([0-9a-f]{64})\"");
    private static final Pattern CHAIN = Pattern.compile("\"chain_length\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int votes = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(clients)).build();

        int warmupVotes = Math.min(2_000, votes / 10);
        List<String> proposals = propose(http, base, clients, (votes + warmupVotes) / clients + 2);
        long chainBefore = chainLength(http, base);

        // Warm-up, not measured.
        runVotes(http, base, proposals.subList(proposals.size() - warmupVotes / clients - 1, proposals.size()),
                clients, warmupVotes, "warmup");

        long chainStart = chainLength(http, base);
        long[] latencies = new long[votes];
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        runVotesMeasured(http, base, proposals, clients, votes, latencies, failures);
        double seconds = (System.nanoTime() - start) / 1e9;
        long blocks = chainLength(http, base) - chainStart;

        Arrays.sort(latencies);
        System.out.printf("clients:          %d%n", clients);
        System.out.printf("votes:            %d (%d refused or failed)%n", votes, failures.get());
        System.out.printf("votes per second: %.0f%n", votes / seconds);
        System.out.printf("latency ms:       p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", pct(latencies, 50),
                pct(latencies, 90), pct(latencies, 99), latencies[votes - 1] / 1e6);
        System.out.printf("blocks:           %d for %d votes (%.1f votes per block)%n", blocks, votes,
                (double) votes / Math.max(1, blocks));
        System.out.printf("elapsed:          %.2f s (chain grew from %d)%n", seconds, chainBefore);
        if (args.length > 3) {
            Files.writeString(Path.of(args[3]), String.format(Locale.ROOT, "{\"clients\":%d,\"votes\":%d,"
                    + "\"failures\":%d,\"votes_per_second\":%.1f,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,"
                    + "\"max_ms\":%.2f,\"blocks\":%d,\"seconds\":%.2f}%n", clients, votes, failures.get(),
                    votes / seconds, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    latencies[votes - 1] / 1e6, blocks, seconds));
        }
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static void runVotes(HttpClient http, String base, List<String> proposals, int clients, int votes,
                                 String prefix) throws Exception {
        runVotesMeasured(http, base, proposals, clients, votes, new long[votes], new AtomicInteger(), prefix);
    }

    private static void runVotesMeasured(HttpClient http, String base, List<String> proposals, int clients,
                                         int votes, long[] latencies, AtomicInteger failures) throws Exception {
        runVotesMeasured(http, base, proposals, clients, votes, latencies, failures, "v");
    }

    private static void runVotesMeasured(HttpClient http, String base, List<String> proposals, int clients,
                                         int votes, long[] latencies, AtomicInteger failures, String prefix)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < votes; i = next.getAndIncrement()) {
                    // Validator (i mod clients) votes on proposal (i / clients): each pair once.
                    String proposal = proposals.get(i / clients);
                    String body = "{\"proposal_hash\":\"" + proposal + "\",\"validator_id\":\"" + prefix
                            + "-validator-" + (i % clients) + "\"}";
                    long t0 = System.nanoTime();
                    try {
                        int status = post(http, base + "/decentralized/approve-proposal", body).statusCode();
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    private static List<String> propose(HttpClient http, String base, int clients, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            made.add(pool.submit(() -> {
                String body = post(http, base + "/decentralized/propose-training",
                        "{\"texts\":[\"load test batch " + n + " fever cough\"]}").body();
                Matcher m = HASH.matcher(body);
                if (!m.find()) {
                    throw new IllegalStateException("propose failed: " + body);
                }
                return m.group(1);
            }));
        }
        List<String> hashes = new ArrayList<>();
        for (Future<String> f : made) {
            hashes.add(f.get());
        }
        pool.shutdown();
        return hashes;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long chainLength(HttpClient http, String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/decentralized/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CHAIN.matcher(body);
        m.find();
        return Long.parseLong(m.group(1));
    }
}
