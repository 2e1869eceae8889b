package ml.consensus.api;

import java.util.List;
import java.util.Map;

/**
 * What the API documentation says about one operation beyond what the code shows: a summary, a
 * description, the name of its examples ({@code openapi/examples/<example>.request.json} and
 * {@code .response.json}), the problem statuses it can answer, and what its parameters mean.
 */
record DocumentedEndpoint(
        String method,
        String path,
        String tag,
        String summary,
        String description,
        String example,
        List<Integer> problems,
        Map<String, String> parameters) {

    DocumentedEndpoint {
        problems = List.copyOf(problems);
        parameters = Map.copyOf(parameters);
    }

    String key() {
        return method + " " + path;
    }
}
