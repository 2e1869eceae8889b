package ml.consensus.replication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import ml.consensus.cluster.ClusterPeer;
import ml.consensus.cluster.ReplicatedLog;
import ml.consensus.hashing.CanonicalJson;

/**
 * Writes sent to a node that does not lead the cluster reach the leader: the request (method,
 * path, query, body, content type) is sent on to the leader's HTTP address and the leader's answer
 * relayed as it is. With no leader known, or a leader that cannot be reached, the write is refused
 * with a 503 problem and {@code Retry-After}; nothing was written. Reads are always answered by
 * the node itself, from its own ledger.
 *
 * <p>A forwarded request carries {@value #FORWARDED_BY}; a node that gets one but does not lead
 * (leadership moved meanwhile) answers 503 instead of forwarding again, so requests never loop.
 */
@Component
@ConditionalOnExpression("!'${consensus.cluster.node-id:}'.isEmpty()")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WriteForwarding extends OncePerRequestFilter {

    static final String FORWARDED_BY = "X-Consensus-Forwarded-By";

    private static final Logger log = LoggerFactory.getLogger(WriteForwarding.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /**
     * How long a forwarded write waits for the leader's answer: well over a block's mining, training
     * and commit (the leader answers 503 itself once its commit times out), yet bounded, because a
     * connection kept open from before a partition gets no answer at all; then the write is answered
     * 503 with its outcome unknown.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterNode node;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A follower that has not heard from its leader for this long (the election timeout's upper bound) is cut off. */
    private final Duration leaderSilence;

    WriteForwarding(ClusterNode node) {
        this.node = node;
        this.leaderSilence = node.timeouts().electionMax();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ReplicatedLog> running = node.running();
        if (running.isEmpty()) {
            unavailable(response, "this node's replicated log is not running yet");
            return;
        }
        ReplicatedLog replicated = running.get();
        if (replicated.isLeader()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ClusterPeer> leader =
                replicated.leader().filter(l -> !l.id().equals(node.self().id()));
        if (leader.isEmpty()) {
            unavailable(
                    response,
                    "no leader is known to node " + node.self().id()
                            + " (an election is under way, or this node is cut off from the majority); nothing was written");
            return;
        }
        if (!replicated.heardFromLeaderWithin(leaderSilence)) {
            unavailable(
                    response,
                    "node " + node.self().id() + " has not heard from the leader "
                            + leader.get().id()
                            + " for more than " + leaderSilence.toMillis()
                            + " ms: it is cut off from the majority or an"
                            + " election is under way; nothing was written");
            return;
        }
        String forwardedBy = request.getHeader(FORWARDED_BY);
        if (forwardedBy != null) {
            unavailable(
                    response,
                    "node " + node.self().id() + " got a write forwarded by " + forwardedBy.strip()
                            + " but does not lead (leader now " + leader.get().id() + "); nothing was written");
            return;
        }
        forward(request, response, leader.get());
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, ClusterPeer leader)
            throws IOException {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            problem(
                    response,
                    400,
                    "Invalid request",
                    "invalid",
                    "the request body could not be read: " + e.getMessage());
            return;
        }
        String query = request.getQueryString();
        URI target = URI.create(
                stripSlash(leader.httpAddress()) + request.getRequestURI() + (query == null ? "" : "?" + query));
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target)
                .timeout(ANSWER_TIMEOUT)
                .header(FORWARDED_BY, node.self().id())
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        copy(request, forwarded, HttpHeaders.CONTENT_TYPE);
        copy(request, forwarded, HttpHeaders.ACCEPT);
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) {
            unavailable(
                    response,
                    "the leader " + leader.id() + " (" + leader.httpAddress() + ") cannot be reached from" + " node "
                            + node.self().id() + "; nothing was written");
            return;
        } catch (IOException e) {
            log.warn("forwarding {} to leader {} failed: {}", request.getRequestURI(), leader.id(), e.toString());
            unavailable(
                    response,
                    "the leader " + leader.id() + " did not answer the forwarded write (" + e.getMessage()
                            + "); its outcome is unknown: check GET /blockchain-history before sending it again");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(response, "interrupted while the leader answered; the write's outcome is unknown");
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(response::setContentType);
        answer.headers()
                .firstValue(HttpHeaders.RETRY_AFTER)
                .ifPresent(v -> response.setHeader(HttpHeaders.RETRY_AFTER, v));
        response.setHeader("X-Consensus-Answered-By", leader.id());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private static void copy(HttpServletRequest from, HttpRequest.Builder to, String header) {
        String value = from.getHeader(header);
        if (value != null) {
            to.header(header, value);
        }
    }

    private static String stripSlash(String address) {
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    private static void unavailable(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        problem(response, 503, "No leader or quorum", "no_quorum", detail);
    }

    private static void problem(HttpServletResponse response, int status, String title, String reason, String detail)
            throws IOException {
        var problem = CanonicalJson.newObject();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("reason", reason);
        problem.put("detail", detail);
        byte[] bytes = problem.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
