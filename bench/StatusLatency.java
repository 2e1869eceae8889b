import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read latency against ledger size. Two nodes run side by side, one on a ledger of 10 blocks and
 * one on 10,000 (bench/status-latency.sh restores both from generated exports). One client reads
 * four endpoints from both, in alternating rounds so that other load on the machine falls on both
 * alike: GET /decentralized/status, GET /model-info, GET /decentralized/proposals/{hash} (the
 * middle proposal) and GET /blocks/{index} (the middle block). Each node gets the same warm-up
 * first. Prints mean, p50, p99 and max per endpoint and size, and the ratios large / small; writes
 * them as JSON when given a file. Every answer must be 200.
 *
 * usage: java bench/StatusLatency.java SMALL_URL LARGE_URL [requests=4000] [json-out]
 */
public class StatusLatency {

    private static final Pattern HASH = Pattern.compile("\"proposal_hash\":\"([0-9a-f]{64})\"");
    private static final Pattern CHAIN = Pattern.compile("\"chain_length\":(\\d+)");
    private static final Pattern PROPOSALS = Pattern.compile("\"total_proposals\":(\\d+)");
    private static final int ROUNDS = 8;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One node: its base URL, the blocks it was grown to, and the paths read from it. */
    record Node(String name, String base, long blocks, Map<String, String> paths) {
    }

    public static void main(String[] args) throws Exception {
        String smallUrl = args[0];
        String largeUrl = args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
        Path json = args.length > 3 ? Path.of(args[3]) : null;

        Node small = node("small", smallUrl);
        Node large = node("large", largeUrl);
        System.out.printf("nodes: %d and %d blocks; %d measured requests per endpoint and node%n", small.blocks(),
                large.blocks(), requests / ROUNDS * ROUNDS);

        List<String> endpoints = List.copyOf(small.paths().keySet());
        int perRound = Math.max(1, requests / ROUNDS);
        for (Node node : List.of(small, large)) {
            for (String endpoint : endpoints) {
                read(node, endpoint, requests / 2); // warm-up, not measured
            }
        }
        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Node node : round % 2 == 0 ? List.of(small, large) : List.of(large, small)) {
                for (String endpoint : endpoints) {
                    samples.computeIfAbsent(node.name() + " " + endpoint, k -> new ArrayList<>())
                            .add(read(node, endpoint, perRound));
                }
            }
        }

        StringBuilder out = new StringBuilder("{\"small_blocks\":" + small.blocks() + ",\"large_blocks\":"
                + large.blocks() + ",\"requests_per_endpoint\":" + perRound * ROUNDS + ",\"endpoints\":{");
        System.out.printf("%-10s %-7s %9s %9s %9s %9s%n", "endpoint", "blocks", "mean ms", "p50 ms", "p99 ms",
                "max ms");
        for (int e = 0; e < endpoints.size(); e++) {
            String endpoint = endpoints.get(e);
            Stats s = Stats.of(samples.get("small " + endpoint));
            Stats l = Stats.of(samples.get("large " + endpoint));
            for (Stats stats : List.of(s, l)) {
                System.out.printf(Locale.ROOT, "%-10s %-7d %9.3f %9.3f %9.3f %9.3f%n", endpoint,
                        stats == s ? small.blocks() : large.blocks(), stats.mean(), stats.p50(), stats.p99(),
                        stats.max());
            }
            System.out.printf(Locale.ROOT, "%-10s ratio   %9.2f %9.2f %9.2f%n", endpoint, l.mean() / s.mean(),
                    l.p50() / s.p50(), l.p99() / s.p99());
            out.append(e == 0 ? "" : ",").append('"').append(endpoint).append("\":{\"small\":").append(s.json())
                    .append(",\"large\":").append(l.json()).append('}');
        }
        out.append("}}\n");
        if (json != null) {
            Files.writeString(json, out);
        }
    }

    /** The node at {@code base} and what to read from it: its middle proposal and its middle block. */
    private static Node node(String name, String base) throws Exception {
        String status = send(base, "/decentralized/status");
        long chain = number(status, CHAIN);
        long proposals = number(status, PROPOSALS);
        if (proposals == 0) {
            throw new IllegalStateException(base + " has no proposal to read");
        }
        Matcher hash = HASH.matcher(send(base, "/decentralized/proposals?size=1&page=" + proposals / 2));
        if (!hash.find()) {
            throw new IllegalStateException("no proposal_hash in " + base + "/decentralized/proposals");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("status", "/decentralized/status");
        paths.put("model-info", "/model-info");
        paths.put("proposal", "/decentralized/proposals/" + hash.group(1));
        paths.put("block", "/blocks/" + chain / 2);
        return new Node(name, base, chain, paths);
    }

    private static long number(String json, Pattern field) {
        Matcher m = field.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code count} sequential GETs of one endpoint; each must answer 200. Returns the latencies in ns. */
    private static long[] read(Node node, String endpoint, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.base() + node.paths().get(endpoint)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            latencies[i] = System.nanoTime() - t0;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
            }
        }
        return latencies;
    }

    private record Stats(double mean, double p50, double p99, double max, int count) {

        static Stats of(List<long[]> rounds) {
            long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            double mean = Arrays.stream(all).average().orElse(Double.NaN) / 1e6;
            return new Stats(mean, pct(all, 50), pct(all, 99), all[all.length - 1] / 1e6, all.length);
        }

        private static double pct(long[] sorted, int p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"mean_ms\":%.4f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f,"
                    + "\"requests\":%d}", mean, p50, p99, max, count);
        }
    }

    private static String send(String base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
