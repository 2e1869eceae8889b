package ml.consensus.node;

import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.proposal.ValidatorRegistry;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.writer.LiveRules;

/**
 * Says at start-up, once the port is known, where to look and which rules apply: the explorer's
 * and the API documentation's URLs, who may vote and how (open mode, listed ids, or a validator set
 * file whose keys sign votes), and the approval policy and stake rules in force at the head.
 */
@Component
class ServingLog {

    private static final Logger log = LoggerFactory.getLogger(ServingLog.class);

    private final ValidatorRegistry validators;
    private final LiveRules rules;
    private final NodeProperties properties;

    ServingLog(ValidatorRegistry validators, LiveRules rules, NodeProperties properties) {
        this.validators = validators;
        this.rules = rules;
        this.properties = properties;
    }

    @EventListener
    void serving(WebServerInitializedEvent event) {
        String base = "http://localhost:" + event.getWebServer().getPort();
        log.info(
                "serving on {}: explorer {}/explorer/, API docs {}/swagger-ui.html (OpenAPI {}/v3/api-docs)",
                base,
                base,
                base,
                base);
        log.info(
                "votes: {}",
                voters(
                        validators,
                        Optional.ofNullable(properties.validatorSetFile()).map(Object::toString)));
        ApprovalPolicy policy = rules.policy();
        log.info(
                "approval policy in force: {} ({}), stake rules: {}",
                policy.text(),
                rules.declaredInBlock() >= 0
                        ? "declared in block " + rules.declaredInBlock()
                        : "from consensus.* settings, not declared on the ledger",
                rules.stakeRules().text());
    }

    /** Who may vote, in one phrase. */
    static String voters(ValidatorRegistry validators, Optional<String> setFile) {
        if (validators.signaturesRequired()) {
            return "signed by the " + validators.validators().size() + " validators of " + setFile.orElse("the set")
                    + " (" + String.join(", ", validators.validators()) + ")";
        }
        if (validators.isOpen()) {
            return "open mode: any validator id votes, unsigned (no consensus.validator-set-file)";
        }
        return "unsigned, from the " + validators.validators().size() + " ids of consensus.validators ("
                + validators.validators().stream().collect(Collectors.joining(", ")) + ")";
    }
}
