package ml.consensus;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The Consensus ML node: a ledger-governed embedding model behind a REST API on port 5000. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsensusMlApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsensusMlApplication.class, args);
    }

    /** The one source of time, replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
