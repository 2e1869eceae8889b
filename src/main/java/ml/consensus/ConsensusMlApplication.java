package ml.consensus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ConsensusMlApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConsensusMlApplication.class, args);
    }
}
