package org.muster.server.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium against a real member: sign in with a one-time link, see the teams on the
 * map, report an incident by clicking the map, get recommendations, dispatch the proposed set, see the teams change
 * status, open the replay. Screenshots at 1920x1080 go to target/screenshots (docs/screenshots holds the committed
 * ones). Skips, saying why, where Debian's chromium and chromium-driver are not installed.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static TestMember m;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: install Debian's chromium and chromium-driver (.ci/run does) to run them");
        m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_CONSOLE_MAP_VIEW", "102.25,29.75,9"));
        DemoTeams.create(m);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1920,1080",
                "--lang=zh-CN", "--force-device-scale-factor=1", "--disable-gpu");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the page itself is 1920x1080, whatever the window's decorations take
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1920, "height", 1080, "deviceScaleFactor", 1, "mobile", false));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (m != null) {
            m.close();
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private static void shot(String name) throws Exception {
        Thread.sleep(400); // let Leaflet finish drawing
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aDispatcherSignsInReportsAnIncidentDispatchesTheProposalAndOpensTheReplay() throws Exception {
        HttpResponse<Buffer> link = m.post("/api/v1/login-links", new JsonObject().put("subject", "王调度").put("role", "dispatcher"));
        assertThat(link.statusCode()).as(link.bodyAsString()).isEqualTo(201);
        browser.get("http://127.0.0.1:" + m.port() + link.bodyAsJsonObject().getString("path"));

        // signed in by the link, the live picture arrives over the stream
        until("console ready", () -> Boolean.TRUE.equals(js("return !!(window.muster && window.muster.ready)")));
        until("teams on the map", () -> ((Number) js("return window.muster.teamsOnMap()")).intValue() >= DemoTeams.COUNT);
        assertThat(browser.findElement(By.id("user")).getText()).contains("王调度");
        until("connection shown as online", () -> browser.findElement(By.id("connection")).getAttribute("class").contains("online"));
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("已连接");
        shot("console-map");

        // report an incident where the map is centred
        browser.findElement(By.id("new-incident")).click();
        WebElement map = browser.findElement(By.id("map"));
        new Actions(browser).moveToElement(map).click().perform();
        until("report dialog", () -> browser.findElement(By.id("incident-dialog")).isDisplayed());
        new Select(browser.findElement(By.cssSelector("#incident-form select[name=type]"))).selectByValue("EARTHQUAKE_GEOLOGICAL");
        new Select(browser.findElement(By.cssSelector("#incident-form select[name=severity]"))).selectByValue("II");
        browser.findElement(By.cssSelector("#incident-form input[name=title]")).sendKeys("泸定县磨西镇 6.8 级地震");
        WebElement region = browser.findElement(By.cssSelector("#incident-form input[name=regionCode]"));
        region.clear();
        region.sendKeys("513322");
        browser.findElement(By.cssSelector("#incident-form button[value=ok]")).click();

        // requirements from the plan, then recommendations with a proposal to dispatch
        until("recommendations", () -> !browser.findElements(By.id("dispatch-proposed")).isEmpty());
        String incidentId = (String) js("return window.muster.state.selectedIncident");
        assertThat(incidentId).isNotNull();
        assertThat(browser.findElements(By.cssSelector("#requirements tr[data-i]"))).isNotEmpty();
        assertThat(browser.findElement(By.id("recommendations")).getText()).contains("km");
        shot("console-incident");

        JsonObject rec = m.get("/api/v1/incidents/" + incidentId + "/recommendations?limit=5").bodyAsJsonObject();
        List<String> proposed = new ArrayList<>();
        rec.getJsonObject("proposal").getJsonArray("teams").forEach(o -> proposed.add(((JsonObject) o).getString("teamId")));
        assertThat(proposed).isNotEmpty();
        browser.findElement(By.id("dispatch-proposed")).click();
        until("the proposed teams dispatched on the console", () -> proposed.stream().allMatch(id ->
                "DISPATCHED".equals(js("return window.muster.state.teams.get(arguments[0])?.status", id))));
        for (String id : proposed) {
            assertThat(m.get("/api/v1/teams/" + id).bodyAsJsonObject().getString("status")).isEqualTo("DISPATCHED");
        }
        until("assignments listed", () -> browser.findElement(By.id("incident-detail")).getText().contains("已调派"));
        shot("console-dispatched");

        // the status board shows them
        assertThat(browser.findElement(By.id("team-board")).getText()).contains("已调派");

        // replay the incident so far
        browser.findElement(By.id("replay-open")).click();
        until("replay frames", () -> Boolean.TRUE.equals(js("const r = window.muster.replayInfo(); return r.active && r.teams > 0")));
        assertThat(browser.findElement(By.id("replay-play")).isDisplayed()).isTrue();
        browser.findElement(By.id("replay-play")).click();
        until("replay playing", () -> "PLAYING".equals(js("return window.muster.replayInfo().session.mode")));
        shot("console-replay");
        browser.findElement(By.id("replay-close")).click();
        until("replay closed", () -> Boolean.FALSE.equals(js("return window.muster.replayInfo().active")));

        // English on request, from the same catalogue
        browser.findElement(By.id("lang")).click();
        until("English labels", () -> browser.findElement(By.id("connection")).getText().equals("Connected"));
        shot("console-english");

        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("console errors in the browser").isEmpty();
    }

    /** Teams of the Luding earthquake response, as a regional centre would have registered them. */
    static final class DemoTeams {
        static final int COUNT = 24;
        private static final String[][] NAMES = {
                {"四川省消防救援总队特勤支队", "NATIONAL_FIRE_RESCUE", "2010501", "2010102"},
                {"国家西南区域应急救援中心", "NATIONAL_REGIONAL_CENTRE", "2020101", "2010102"},
                {"甘孜州消防救援支队泸定大队", "NATIONAL_FIRE_RESCUE", "2010201", "2010101"},
                {"雅安市消防救援支队", "NATIONAL_FIRE_RESCUE", "2020102", "2010102"},
                {"中国安能建设集团成都救援基地", "NATIONAL_PROFESSIONAL", "2020101", "2010202"},
                {"国家危险化学品应急救援川南队", "NATIONAL_PROFESSIONAL", "2030102", "2010501"},
                {"四川省森林消防总队甘孜支队", "NATIONAL_FIRE_RESCUE", "2030201", "2030202"},
                {"成都市蓝天救援队", "SOCIAL", "2010401", "2010101"},
                {"雅安市红十字救援队", "SOCIAL", "1010102", "1020101"},
                {"泸定县综合应急救援队", "GRASSROOTS", "1010101", "2010601"},
                {"康定市矿山救护队", "LOCAL_PROFESSIONAL", "2010302", "2010201"},
                {"石棉县地方专业救援队", "LOCAL_PROFESSIONAL", "2020103", "2010203"},
        };

        static void create(TestMember m) {
            for (int i = 0; i < COUNT; i++) {
                String[] n = NAMES[i % NAMES.length];
                double lon = 101.9 + (i * 0.071) % 0.7;
                double lat = 29.45 + (i * 0.053) % 0.6;
                String name = i < NAMES.length ? n[0] : n[0] + " 第二梯队";
                JsonObject t = new JsonObject().put("id", "LD-" + (100 + i)).put("name", name).put("tier", n[1])
                        .put("regionCode", i % 3 == 0 ? "513322" : i % 3 == 1 ? "511800" : "513300").put("staffing", 12 + i)
                        .put("transport", i == 5 ? "AIR" : "ROAD")
                        .put("home", point(lon, lat))
                        .put("position", point(lon + 0.01, lat - 0.01).put("time", Instant.now().minusSeconds(i * 120L).toString()))
                        .put("equipment", new JsonArray()
                                .add(new JsonObject().put("typeCode", n[2]).put("quantity", 1 + i % 2))
                                .add(new JsonObject().put("typeCode", n[3]).put("quantity", 2)));
                HttpResponse<Buffer> r = m.post("/api/v1/teams", t);
                assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
            }
        }

        private static JsonObject point(double lon, double lat) {
            return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
        }
    }
}
