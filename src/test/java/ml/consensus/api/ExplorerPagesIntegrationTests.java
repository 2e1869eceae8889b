package ml.consensus.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The explorer's files are served by the node itself, at its folder URL, with nothing from elsewhere. */
class ExplorerPagesIntegrationTests extends NodeIntegrationTest {

    @LocalServerPort
    private int port;

    @Test
    void shouldRedirectTheBareExplorerUrlToItsFolder() throws Exception {
        // NodeClient shows no headers; a plain client (which follows no redirect) shows where it points.
        HttpResponse<Void> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/explorer"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/explorer/"));
    }

    @Test
    void shouldServeThePageAtItsFolderUrl() {
        Answer folder = node.get("/explorer/");
        assertThat(folder.status()).isEqualTo(200);
        assertThat(folder.contentType()).startsWith("text/html");
        assertThat(folder.raw())
                .contains("<title>Consensus ML · ledger explorer</title>")
                .isEqualTo(node.get("/explorer/index.html").raw());
    }

    @Test
    void shouldServeEveryScriptTheModuleGraphImports() {
        for (String file : new String[] {"explorer.js", "ledger-api.js", "elements.js", "model-plot.js"}) {
            Answer script = node.get("/explorer/" + file);
            assertThat(script.status()).as(file).isEqualTo(200);
            assertThat(script.contentType()).as(file).contains("javascript");
            // Never markup from ledger data: only textContent and attributes.
            assertThat(script.raw())
                    .as(file)
                    .doesNotContain("innerHTML")
                    .doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write");
        }
        assertThat(node.get("/explorer/explorer.css").contentType()).startsWith("text/css");
    }

    @Test
    void shouldLoadNothingFromOtherOrigins() {
        for (String file : new String[] {
            "index.html", "explorer.js", "ledger-api.js", "elements.js", "model-plot.js", "explorer.css"
        }) {
            assertThat(node.get("/explorer/" + file).raw())
                    .as(file)
                    .doesNotContain("https://")
                    .doesNotContainPattern("src=\"//")
                    .doesNotContain("@import");
        }
    }

    @Test
    void shouldAnswerAMissingExplorerFileWithAProblem() {
        Answer missing = node.get("/explorer/no-such-file.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
