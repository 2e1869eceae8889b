package ml.consensus.validator;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.refusal.Refusal;

/**
 * Who may vote. With no validators configured the node runs in the seed's open mode: any
 * well-formed id may vote. With a configured set only its members may.
 */
@Component
public class ValidatorRegistry {

    private static final Pattern VALIDATOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final List<String> validators;

    public ValidatorRegistry(NodeProperties properties) {
        properties.validators().forEach(id -> {
            if (!VALIDATOR_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("consensus.validators holds a malformed id: " + id);
            }
        });
        this.validators = properties.validators();
    }

    /** True when any well-formed id may vote. */
    public boolean isOpen() {
        return validators.isEmpty();
    }

    /** The configured validator ids (empty in open mode). */
    public List<String> validators() {
        return validators;
    }

    /** Throws a {@link Refusal} unless {@code validatorId} is well formed and allowed to vote. */
    public void checkMayVote(String validatorId) {
        if (validatorId == null || validatorId.isBlank()) {
            throw Refusal.invalid("validator_id is required");
        }
        if (!VALIDATOR_ID.matcher(validatorId).matches()) {
            throw Refusal.invalid("validator_id must be 1 to 128 characters of letters, digits and . _ : @ -,"
                    + " starting with a letter or digit");
        }
        if (!isOpen() && !validators.contains(validatorId)) {
            throw Refusal.forbidden("validator " + validatorId + " is not in this node's validator set");
        }
    }
}
