import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Exits 0 when the node at args[0] answers its status, 1 otherwise. */
public class NodeReady {
    public static void main(String[] args) {
        try {
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0]
                    + "/decentralized/status")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
