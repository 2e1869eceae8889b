package ml.consensus.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import ml.consensus.NodeProperties;
import ml.consensus.storage.Ledger;

/**
 * Under block-count expiry ({@code consensus.proposal-expiry-blocks} = K), every block ages every
 * open proposal, so 30 filler proposals expired a victim's proposal made 30 blocks before
 * (issue 15, item 8). Each client address may therefore make at most
 * {@code consensus.proposals-per-expiry-window} (default 8) proposals within any K blocks; more
 * are answered 429 with a problem and write nothing. Counted in memory (a restart forgets) and
 * by the address the connection comes from, so one host cannot, alone, age a proposal out of
 * its window. Off when expiry is by time or never.
 */
@Configuration(proxyBeanMethods = false)
class ProposalQuota implements WebMvcConfigurer, HandlerInterceptor {

    static final String REASON = "too_many_proposals";

    private final Ledger ledger;
    private final int windowBlocks;
    private final int perWindow;
    // Per client address, the chain heads at which its accepted proposals were made, oldest first.
    private final Map<String, Deque<Long>> made = new HashMap<>();

    ProposalQuota(
            Ledger ledger,
            NodeProperties properties,
            @Value("${consensus.proposals-per-expiry-window:8}") int perWindow) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("consensus.proposals-per-expiry-window must be at least 1");
        }
        this.ledger = ledger;
        this.windowBlocks = properties.proposalExpiryBlocks();
        this.perWindow = perWindow;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (windowBlocks > 0) {
            registry.addInterceptor(this)
                    .addPathPatterns("/decentralized/propose-training", "/decentralized/propose-governance");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws java.io.IOException {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        long head = ledger.chainLength() - 1;
        String client = request.getRemoteAddr();
        synchronized (made) {
            Deque<Long> recent = made.computeIfAbsent(client, k -> new ArrayDeque<>());
            while (!recent.isEmpty() && recent.peekFirst() <= head - windowBlocks) {
                recent.removeFirst();
            }
            if (recent.size() < perWindow) {
                // Reserved now, so concurrent proposals of one client cannot all pass the check.
                recent.addLast(head);
                request.setAttribute(ProposalQuota.class.getName(), head);
                return true;
            }
        }
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"Too many proposals\",\"status\":429,\"reason\":\""
                        + REASON + "\",\"detail\":\"this address made " + perWindow + " proposals within the last "
                        + windowBlocks + " blocks, the most allowed while proposals expire by block count"
                        + " (consensus.proposals-per-expiry-window); nothing was written, try again after more"
                        + " blocks\",\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}");
        return false;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        Object reserved = request.getAttribute(ProposalQuota.class.getName());
        if (reserved != null && response.getStatus() != HttpStatus.OK.value()) {
            // A refused proposal wrote nothing: it does not count.
            synchronized (made) {
                Deque<Long> recent = made.get(request.getRemoteAddr());
                if (recent != null) {
                    recent.removeLastOccurrence(reserved);
                }
            }
        }
    }
}
