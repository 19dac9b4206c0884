package org.lantaarn.sta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/sta.md as a test: every {@code curl} line of the page (with its {@code --data-urlencode} options) runs against
 * the service over the two-lamppost fixture and answers 200, and the first queries return what the page says.
 */
class StaDocWalkThroughTest {
    private static final Path PAGE = Path.of("..", "docs", "sta.md");
    private static final Pattern URL = Pattern.compile("'http://localhost:8080/sta/v1\\.1/?([^']*)'");
    private static final Pattern OPTION = Pattern.compile("--data-urlencode (?:'([^']*)'|\"((?:[^\"\\\\]|\\\\.)*)\")");
    private final Sta sta = new Sta();

    /** One curl command of the page: the path below the root and its query options. */
    record Call(String path, Map<String, String> params) {}

    static List<Call> calls() throws Exception {
        List<Call> out = new ArrayList<>();
        StringBuilder cmd = null;
        for (String line : Files.readAllLines(PAGE)) {
            if (cmd == null && line.startsWith("curl ")) {
                cmd = new StringBuilder();
            }
            if (cmd != null) {
                cmd.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!line.endsWith("\\")) {
                    out.add(parse(cmd.toString()));
                    cmd = null;
                }
            }
        }
        return out;
    }

    private static Call parse(String cmd) {
        Matcher u = URL.matcher(cmd);
        assertThat(u.find()).as("a curl line names a /sta/v1.1 URL: " + cmd).isTrue();
        Map<String, String> params = new LinkedHashMap<>();
        Matcher o = OPTION.matcher(cmd);
        while (o.find()) {
            String kv = o.group(1) != null ? o.group(1) : o.group(2).replace("\\$", "$").replace("\\\"", "\"");
            int eq = kv.indexOf('=');
            params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Call(u.group(1), params);
    }

    @Test
    void every_curl_line_of_docs_sta_md_answers_200() throws Exception {
        List<Call> calls = calls();
        assertThat(calls).hasSizeGreaterThanOrEqualTo(4);
        for (Call c : calls) {
            StaResponse r = sta.service.get(Sta.BASE, c.path(), c.params());
            assertThat(r.status()).as(c + " -> " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void the_first_queries_return_the_latest_window_the_days_people_counts_and_loud_windows() throws Exception {
        List<Call> calls = calls();
        JsonNode latest = Sta.tree(sta.service.get(Sta.BASE, calls.get(1).path(), calls.get(1).params()).body());
        assertThat(latest.get("value")).hasSize(2);
        for (JsonNode ds : latest.at("/value/0/Datastreams")) {
            assertThat(ds.get("Observations")).hasSize(1);
            assertThat(ds.at("/Observations/0/phenomenonTime").asText()).startsWith("2026-05-01T12:05:00Z/");
        }
        JsonNode people = Sta.tree(sta.service.get(Sta.BASE, calls.get(2).path(), calls.get(2).params()).body());
        assertThat(people.get("@iot.count").asInt()).as("12 windows of events, one suppressed").isEqualTo(11);
        JsonNode loud = Sta.tree(sta.service.get(Sta.BASE, calls.get(3).path(), calls.get(3).params()).body());
        assertThat(loud.get("value")).isEmpty(); // the fixture has no sound stream; the query is valid
    }
}
