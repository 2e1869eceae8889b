package ml.consensus.api;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.history.ModelHistory;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.Neighbour;
import ml.consensus.model.Tokenizer;
import ml.consensus.refusal.Refusal;
import ml.consensus.writer.NodeState;

/** The served model: its identity, its history on the ledger, and nearest-neighbour queries. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ModelController {

    static final int MAX_NEIGHBOURS = 100;
    static final int MAX_QUERY_LENGTH = 2000;

    private final NodeState state;
    private final ModelHistory history;

    ModelController(NodeState state, ModelHistory history) {
        this.state = state;
        this.history = history;
    }

    @GetMapping("/model-info")
    ObjectNode modelInfo() {
        ObjectNode response = Json.object();
        response.set("model", Json.modelInfo(state.model()));
        return response;
    }

    /** The base model and, a page at a time, the model after each applied update (the explorer's plot). */
    @GetMapping("/model/history")
    ObjectNode modelHistory(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "1000") int size) {
        Paging.check(page, size);
        ModelHistory.Page states = history.page(page, size);
        ObjectNode response = Json.object();
        response.set("genesis", Json.modelState(states.genesis()));
        response.set(
                "updates",
                Json.array(states.updates().stream().map(Json::modelState).toList()));
        response.put("count", states.updates().size());
        response.put("total_updates", states.totalUpdates());
        response.put("page", page);
        response.put("size", size);
        return response;
    }

    @GetMapping("/model/nearest-words")
    ObjectNode nearestWords(@RequestParam String word, @RequestParam(defaultValue = "10") int k) {
        checkQuery("word", word, k);
        List<String> tokens = Tokenizer.tokenize(word);
        if (tokens.size() != 1) {
            throw Refusal.invalid("word must be exactly one word, got " + tokens.size() + " words in '" + word + "'");
        }
        EmbeddingModel model = state.model();
        List<Neighbour> neighbours = model.nearestWords(tokens.get(0), k);
        if (neighbours.isEmpty()) {
            throw Refusal.notFound("'" + word + "' is not in the model's vocabulary");
        }
        return answer("word", word, neighbours, model);
    }

    @GetMapping("/model/nearest-to-text")
    ObjectNode nearestToText(@RequestParam String text, @RequestParam(defaultValue = "10") int k) {
        checkQuery("text", text, k);
        EmbeddingModel model = state.model();
        List<Neighbour> neighbours = model.nearestToText(text, k);
        if (neighbours.isEmpty()) {
            throw Refusal.notFound("no word of '" + text + "' is in the model's vocabulary");
        }
        return answer("text", text, neighbours, model);
    }

    private static void checkQuery(String name, String value, int k) {
        if (value.isBlank()) {
            throw Refusal.invalid(name + " must not be blank");
        }
        if (value.length() > MAX_QUERY_LENGTH) {
            throw Refusal.invalid(name + " is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        if (k < 1 || k > MAX_NEIGHBOURS) {
            throw Refusal.invalid("k must be between 1 and " + MAX_NEIGHBOURS + ", got " + k);
        }
    }

    /** The query echoed back, its neighbours, and which model answered. */
    private static ObjectNode answer(
            String queryField, String query, List<Neighbour> neighbours, EmbeddingModel model) {
        ObjectNode response = Json.object();
        response.put(queryField, query);
        ArrayNode array = response.putArray("neighbours");
        neighbours.forEach(n -> {
            ObjectNode item = array.addObject();
            item.put("word", n.word());
            item.put("similarity", n.similarity());
        });
        response.put("model_hash", model.hash().hex());
        return response;
    }
}
