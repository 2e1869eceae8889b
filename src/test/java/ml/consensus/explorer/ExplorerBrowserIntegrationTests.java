package ml.consensus.explorer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.HeadlessChromium;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger explorer in a real headless Chromium against the real node. The node holds the
 * demo's ledger, written over HTTP as {@code FeverDemo} writes it: three validators with Ed25519
 * keys and a 2-of-3 quorum, and three batches each proposed, signed off by alice and bob, and
 * applied. The page must show that ledger (blocks with their proof of work, proposals with votes
 * and state, the model's history plotted with every model hash), verify it on a click, show a
 * governance change (no texts: what it changes), pick up a new record without a reload, render
 * hostile text as text, and look like something in a screenshot (saved as
 * {@code target/explorer/explorer.png}).
 *
 * <p>Skipped when Chromium is not installed, unless {@code CONSENSUS_BROWSER_TESTS=required}.
 * Runs on a node of its own, discarded afterwards, so that the screenshot shows the demo alone.
 */
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserIntegrationTests extends NodeIntegrationTest {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1800;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Path SCREENSHOT = Path.of("target", "explorer", "explorer.png");
    /** The plot's line colours in explorer.css: vocabulary (--vocab) and training steps (--steps). */
    private static final int VOCAB_RGB = 0x2456c7;

    private static final int STEPS_RGB = 0xd9730d;

    /** The demo's three batches, as in {@code FeverDemo}. */
    private static final List<List<String>> DEMO_BATCHES = List.of(
            List.of(
                    "I have a fever",
                    "High temperature and chills",
                    "My child has a fever of 39 degrees",
                    "Sweating and shivering with a fever at night",
                    "How long does a fever usually last"),
            List.of(
                    "I have a persistent cough and a sore throat",
                    "Wheezing and shortness of breath when climbing stairs",
                    "A runny nose and sneezing with a mild fever",
                    "Coughing up phlegm for more than a week",
                    "Chest tightness after a cold"),
            List.of(
                    "Can I take ibuprofen with paracetamol",
                    "What is the correct dosage of amoxicillin for a child",
                    "Should antibiotics be taken with food",
                    "Is it safe to take aspirin for a fever",
                    "How many hours between two doses of paracetamol"));

    private static final List<String> VALIDATORS = List.of("validator-alice", "validator-bob", "validator-carol");
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, VALIDATORS);
    private static final Map<String, byte[]> PRIVATE_KEYS = KEYS.privateKeys();
    private static final Path VALIDATOR_SET = KEYS.file();

    /** What the demo wrote: each batch's proposal hash and the model hash its apply produced. */
    private record DemoUpdate(
            List<String> texts, String proposalHash, long block, long vocabAfter, String modelHashAfter) {}

    private static HeadlessChromium chromium;
    private static List<DemoUpdate> demo;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void demoValidators(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", VALIDATOR_SET::toString);
    }

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium.assumeInstalled();
        chromium = HeadlessChromium.start(WIDTH, HEIGHT);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** The demo's ledger, written once for the class: the node outlives each test. */
    @BeforeEach
    void writeDemoLedger() {
        if (demo != null) {
            return;
        }
        List<DemoUpdate> updates = new ArrayList<>();
        for (List<String> texts : DEMO_BATCHES) {
            String hash = propose(texts, 0.01);
            for (String validator : List.of("validator-alice", "validator-bob")) {
                Answer approval = node.post(
                        "/decentralized/approve-proposal",
                        NodeClient.json(Map.of(
                                "proposal_hash", hash, "validator_id", validator, "signature", sign(validator, hash))));
                assertThat(approval.status()).as(approval.raw()).isEqualTo(200);
            }
            Answer applied = apply(hash);
            assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
            updates.add(new DemoUpdate(
                    texts,
                    hash,
                    applied.number("metrics", "block_index"),
                    applied.number("metrics", "vocab_after"),
                    applied.text("metrics", "model_hash_after")));
        }
        demo = List.copyOf(updates);
    }

    private String sign(String validator, String proposalHash) {
        return HexFormat.of()
                .formatHex(Ed25519.sign(
                        PRIVATE_KEYS.get(validator),
                        VoteMessage.bytes(ledger(), VoteMessage.APPROVE, proposalHash, validator)));
    }

    @Test
    void shouldShowEveryBlockWithItsProofOfWorkAndRecords() {
        WebDriver browser = open("/explorer");
        assertThat(browser.getCurrentUrl()).endsWith("/explorer/");
        assertThat(browser.getTitle()).isEqualTo("Consensus ML · ledger explorer");

        JsonNode blocks = node.get("/blocks?from=0&size=100").json().get("blocks");
        List<WebElement> rows = browser.findElements(By.cssSelector("#blocks tr.block"));
        assertThat(rows).hasSize(blocks.size());
        assertThat(browser.findElement(By.id("chain-length")).getText()).isEqualTo(String.valueOf(blocks.size()));
        for (JsonNode block : blocks) {
            WebElement row = browser.findElement(By.cssSelector(
                    "#blocks tr[data-block-index='" + block.get("index").asLong() + "']"));
            assertThat(row.getAttribute("data-hash"))
                    .isEqualTo(block.get("hash").asString());
            assertThat(row.findElement(By.cssSelector(".pow")).getText())
                    .contains(block.get("difficulty").asInt() + " zero bits")
                    .contains("nonce " + block.get("nonce").asString());
            assertThat(row.findElement(By.cssSelector(".record-types")).getText())
                    .contains(block.get("records").get(0).get("type").asString());
        }

        DemoUpdate first = demo.get(0);
        browser.findElement(By.cssSelector("#blocks tr[data-block-index='" + first.block() + "'] .records-toggle"))
                .click();
        WebElement records = waitFor(browser, By.cssSelector("#blocks tr[data-records-of='" + first.block() + "']"));
        WebElement update = records.findElement(By.cssSelector("details.record"));
        update.findElement(By.tagName("summary")).click();
        assertThat(update.getText())
                .contains("model_update_approved")
                .contains(first.modelHashAfter())
                .contains(first.proposalHash());
    }

    @Test
    void shouldShowEachProposalWithItsTextsVotesAndState() {
        WebDriver browser = open("/explorer/");
        for (DemoUpdate update : demo) {
            WebElement card = browser.findElement(
                    By.cssSelector("article.proposal[data-proposal-hash='" + update.proposalHash() + "']"));
            assertThat(card.getAttribute("data-state")).isEqualTo("applied");
            assertThat(card.findElement(By.cssSelector(".tally")).getText())
                    .isEqualTo("2 of 2 approvals, 0 rejections");
            assertThat(card.findElements(By.cssSelector(".texts li")).stream().map(WebElement::getText))
                    .containsExactlyElementsOf(update.texts());
            assertThat(card.findElements(By.cssSelector("tr.vote.approve .validator")).stream()
                            .map(WebElement::getText))
                    .containsExactly("validator-alice", "validator-bob");
            assertThat(card.getText()).contains("applied in block " + update.block());
        }
    }

    @Test
    void shouldPlotTheModelHistoryAndShowTheModelHashOfEveryUpdate() {
        WebDriver browser = open("/explorer/");
        WebElement plot = browser.findElement(By.id("model-plot"));
        // The base model and the three updates, each a dot on both lines.
        assertThat(plot.getAttribute("data-points")).isEqualTo("4");
        assertThat(plot.findElements(By.cssSelector(".points.vocab circle"))).hasSize(4);
        assertThat(plot.findElements(By.cssSelector(".points.steps circle"))).hasSize(4);
        assertThat(plot.findElement(By.cssSelector("path.line.vocab")).getAttribute("d"))
                .startsWith("M ");
        assertThat(plot.findElements(By.cssSelector(".hash-labels text")).stream()
                        .map(e -> e.getAttribute("data-hash")))
                .containsExactlyElementsOf(
                        demo.stream().map(DemoUpdate::modelHashAfter).toList());

        String liveModel = node.get("/model-info").text("model", "model_hash");
        assertThat(browser.findElement(By.id("model-hash")).getText()).isEqualTo(liveModel);
        assertThat(liveModel).isEqualTo(demo.get(2).modelHashAfter());
        for (DemoUpdate update : demo) {
            WebElement row =
                    browser.findElement(By.cssSelector("#model-history tr[data-block='" + update.block() + "']"));
            assertThat(row.getText()).contains(update.modelHashAfter()).contains(String.valueOf(update.vocabAfter()));
        }
        assertThat(browser.findElement(By.cssSelector("#model-history tr[data-block='0']"))
                        .getText())
                .contains("base model");
    }

    @Test
    void shouldShowTheVerdictWhenVerifyIsClicked() {
        WebDriver browser = open("/explorer/");
        WebElement result = browser.findElement(By.id("verify-result"));
        assertThat(result.isDisplayed()).isFalse();
        browser.findElement(By.id("verify-button")).click();
        new WebDriverWait(browser, PATIENCE)
                .until(d -> !"running".equals(result.getAttribute("data-state"))
                        && result.getAttribute("data-state") != null);
        assertThat(result.getAttribute("data-state")).isEqualTo("valid");
        long chainLength = node.get("/decentralized/status").number("blockchain", "chain_length");
        assertThat(result.getText())
                .contains("VALID")
                .contains(chainLength + " blocks")
                .contains("3 updates checked")
                .contains(demo.get(2).modelHashAfter());
    }

    /** After the others, because it changes the ledger: the screenshot shows the demo alone. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void shouldShowAGovernanceProposalWithItsChangeAndNoTexts() {
        Answer proposed = node.post(
                "/decentralized/propose-governance",
                NodeClient.json(Map.of("action", "set_weight", "validator_id", "validator-carol", "weight", 2)));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        String hash = proposed.text("proposal", "proposal_hash");
        for (String validator : List.of("validator-alice", "validator-bob")) {
            Answer approval = node.post(
                    "/decentralized/approve-proposal",
                    NodeClient.json(Map.of(
                            "proposal_hash", hash, "validator_id", validator, "signature", sign(validator, hash))));
            assertThat(approval.status()).as(approval.raw()).isEqualTo(200);
        }
        Answer applied = node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", hash)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        long block = applied.number("governance", "block_index");

        WebDriver browser = open("/explorer/");

        WebElement card = browser.findElement(By.cssSelector("article.proposal[data-proposal-hash='" + hash + "']"));
        assertThat(card.getAttribute("data-kind")).isEqualTo("governance");
        assertThat(card.getAttribute("data-state")).isEqualTo("applied");
        assertThat(card.findElement(By.cssSelector(".change")).getText())
                .isEqualTo("set the weight of validator-carol to 2");
        assertThat(card.getText())
                .contains("applied in block " + block)
                .contains("in force from block " + (block + 1))
                .doesNotContain("learning rate")
                .doesNotContain("undefined");
        assertThat(card.findElements(By.cssSelector(".texts"))).isEmpty();
        assertThat(card.findElements(By.cssSelector("tr.vote.approve .validator")).stream()
                        .map(WebElement::getText))
                .containsExactly("validator-alice", "validator-bob");
        // Newest first: the governance change above the demo's training batches, all counted.
        assertThat(browser.findElements(By.cssSelector("#proposals article.proposal"))
                        .get(0)
                        .getAttribute("data-proposal-hash"))
                .isEqualTo(hash);
        assertThat(browser.findElement(By.id("proposals-note")).getText()).isEqualTo(String.valueOf(demo.size() + 1));
    }

    /** Last, because it adds a proposal: the other tests, the screenshot included, see the demo alone. */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldShowANewRecordWithoutReloadingAndRenderItsTextAsText() {
        WebDriver browser = open("/explorer/");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // A reload would drop this marker: the new record must arrive through the live refresh.
        js.executeScript("window.explorerTestMarker = 'same page';");
        long lengthBefore = node.get("/decentralized/status").number("blockchain", "chain_length");
        String hostile = "<script>window.injected = 'script'</script><img src=x onerror=\"window.injected = 'img'\">"
                + " fever & <b>chills</b>";

        String hash = propose(List.of(hostile), 0.02);

        WebElement card = waitFor(browser, By.cssSelector("article.proposal[data-proposal-hash='" + hash + "']"));
        assertThat(js.executeScript("return window.explorerTestMarker;")).isEqualTo("same page");
        assertThat(card.getAttribute("data-state")).isEqualTo("proposed");
        assertThat(card.findElement(By.cssSelector(".texts li")).getText()).isEqualTo(hostile);
        assertThat(browser.findElements(By.cssSelector("main script, main img, main b")))
                .isEmpty();
        assertThat(js.executeScript("return window.injected === undefined;")).isEqualTo(true);
        waitFor(browser, By.cssSelector("#blocks tr[data-block-index='" + lengthBefore + "']"));
        assertThat(browser.findElement(By.id("chain-length")).getText()).isEqualTo(String.valueOf(lengthBefore + 1));
    }

    @Test
    void shouldRenderTheDemoLedgerInAScreenshot() throws IOException {
        WebDriver browser = open("/explorer/");
        assertThat(((JavascriptExecutor) browser).executeScript("return [window.innerWidth, devicePixelRatio];"))
                .isEqualTo(List.of((long) WIDTH, 1L));
        // With the verdict on screen, the screenshot shows everything the explorer offers.
        browser.findElement(By.id("verify-button")).click();
        new WebDriverWait(browser, PATIENCE)
                .until(d -> "valid".equals(d.findElement(By.id("verify-result")).getAttribute("data-state")));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(1000);
        assertThat(distinctColours(image, 0, 0, image.getWidth(), image.getHeight()))
                .as("distinct colours in the whole page")
                .isGreaterThan(200);

        Rectangle area = browser.findElement(By.id("model-plot")).getRect();
        assertThat(area.getY() + area.getHeight())
                .as("the plot is inside the screenshot")
                .isLessThanOrEqualTo(image.getHeight());
        assertThat(pixelsNear(image, area, VOCAB_RGB))
                .as("vocabulary line pixels in the plot")
                .isGreaterThan(300);
        assertThat(pixelsNear(image, area, STEPS_RGB))
                .as("training steps line pixels in the plot")
                .isGreaterThan(150);
    }

    /** Opens {@code path} and waits until the page shows the chain up to the node's current head. */
    private WebDriver open(String path) {
        WebDriver browser = chromium.driver();
        browser.get("http://localhost:" + port + path);
        String head = node.get("/decentralized/status").text("blockchain", "head_hash");
        new WebDriverWait(browser, PATIENCE)
                .until(d -> head.equals(d.findElement(By.tagName("body")).getAttribute("data-head-hash")));
        return browser;
    }

    private static WebElement waitFor(WebDriver browser, By selector) {
        return new WebDriverWait(browser, PATIENCE).until(d -> {
            List<WebElement> found = d.findElements(selector);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static int distinctColours(BufferedImage image, int x0, int y0, int width, int height) {
        Set<Integer> colours = new HashSet<>();
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    /** Pixels inside {@code area} within a small distance of {@code rgb}: the drawn line, not the background. */
    private static int pixelsNear(BufferedImage image, Rectangle area, int rgb) {
        int count = 0;
        for (int y = area.getY(); y < Math.min(image.getHeight(), area.getY() + area.getHeight()); y++) {
            for (int x = area.getX(); x < Math.min(image.getWidth(), area.getX() + area.getWidth()); x++) {
                int pixel = image.getRGB(x, y);
                int dr = ((pixel >> 16) & 0xff) - ((rgb >> 16) & 0xff);
                int dg = ((pixel >> 8) & 0xff) - ((rgb >> 8) & 0xff);
                int db = (pixel & 0xff) - (rgb & 0xff);
                if (dr * dr + dg * dg + db * db < 40 * 40) {
                    count++;
                }
            }
        }
        return count;
    }
}
