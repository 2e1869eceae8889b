package ml.consensus.cli;

import org.springframework.boot.SpringApplication;

import ml.consensus.ConsensusMlApplication;

/**
 * The one place the command line touches Spring: only {@code serve} loads this class, so the other
 * commands start in a fraction of a second and never open a database.
 */
final class SpringNode {

    private SpringNode() {}

    static void start(String[] springArgs) {
        SpringApplication.run(ConsensusMlApplication.class, springArgs);
    }
}
