package ml.consensus.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name value} options and bare {@code --flag}s of one command, as the validator tool
 * and {@code export} take them. Each name at most once; nothing positional.
 *
 * @param values option name (with its dashes) to value; "" for a flag
 */
public record CommandOptions(Map<String, String> values) {

    public CommandOptions {
        values = Map.copyOf(values);
    }

    /**
     * Parses {@code args} from index {@code from} on; the names in {@code flags} take no value.
     *
     * @throws IllegalArgumentException naming the argument that is positional, lacks its value or is repeated
     */
    public static CommandOptions parse(String[] args, int from, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + name);
            }
            String value = "";
            if (!flags.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        return new CommandOptions(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * The value of a required option.
     *
     * @throws IllegalArgumentException if the option is missing
     */
    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalArgumentException("missing " + name));
    }

    /**
     * Refuses options other than {@code names}.
     *
     * @throws IllegalArgumentException naming the first option (in sorted order) not in {@code names}
     */
    public void allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        values.keySet().stream()
                .filter(name -> !allowed.contains(name))
                .sorted()
                .findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("unknown option for this command: " + name);
                });
    }
}
