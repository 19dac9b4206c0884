package org.lantaarn.sta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input from outside never makes the service throw: every malformed path or option is a 400 or 404 with a message. */
class BadRequestsTest {
    private final Sta sta = new Sta();

    @ParameterizedTest
    @ValueSource(strings = {
        "Things('", "Things(')", "Things('lamp-01'", "Things('lamp-01')/", "Things('lamp-01')/$value", "Things/$value",
        "Things('lamp-01')/name/$value/$ref", "Things/$ref/$ref", "$ref", "Things('lamp-01')/Datastreams('x')/Thing/Nope",
        "Things('lamp-01')/name/more", "Datastreams('lamp-01:air:temperature.mean')/Thing('lamp-01')", "Observations(1)",
        "Things?$filter=((((", "Things?$filter=)", "Things?$filter='unterminated", "Things?$filter=name eq 'a''",
        "Things?$filter=geo.distance(location, geography'POINT(a b)') lt 1",
        "Locations?$filter=geo.distance(location, geography'POLYGON((1 2, 3 4))') lt 1",
        "Locations?$filter=geo.distance(location, geography'') lt 1", "Things?$filter=substring(name, 'x')",
        "Things?$filter=name eq duration'P1X'", "Things?$filter=name eq 2026-13-45T99:99:99Z", "Things?$filter=name eq 2026-02-30",
        "Things?$filter=1 div 0 eq 1", "Things?$filter=1 mod 0 eq 1", "Things?$filter=@@@", "Things?$filter=name eq #",
        "Things?$filter=round(name) eq 1", "Things?$filter=length() eq 1", "Things?$filter=geo.length(name) gt 1",
        "Things?$filter=properties/privacy eq 1", "Things?$orderby=", "Things?$orderby=name up", "Things?$top=99999999999",
        "Things?$skip=-1", "Things?$count=maybe", "Things?$select=", "Things?$select=a b", "Things?$expand=",
        "Things?$expand=Datastreams(", "Things?$expand=Datastreams)", "Things?$expand=Datastreams($top)",
        "Things?$expand=Datastreams($filter=((;$top=1)", "Things?$expand=Datastreams/Nope", "Things?$expand=Datastreams($frob=1)",
        "Things?$expand=1abc", "Things?$resultFormat=dataArray",
    })
    void a_malformed_request_is_refused_with_a_message_never_an_exception(String url) {
        StaResponse r = sta.raw(url);
        assertThat(r.status()).as(url + " -> " + r.body()).isIn(200, 400, 404);
        if (r.status() != 200) {
            assertThat(Sta.tree(r.body()).get("message").asText()).as(url).isNotBlank();
        }
    }

    @Test
    void a_filter_nested_as_deep_as_its_length_limit_allows_is_evaluated_without_exhausting_the_stack() throws Exception {
        String deep = "(".repeat(2038) + "name eq 'lamp-01'" + ")".repeat(2038);
        StaResponse[] out = new StaResponse[1];
        // a virtual thread, as the gateway's HTTP server runs its handlers
        Thread t = Thread.ofVirtual().start(() -> out[0] = sta.raw("Things?$filter=" + deep));
        t.join();
        assertThat(out[0]).isNotNull();
        assertThat(out[0].status()).as(out[0].body()).isEqualTo(200);
        assertThat(Sta.tree(out[0].body()).get("value")).hasSize(1);
        assertThat(sta.raw("Things?$filter=" + "((" + deep + "))").status()).as("one level more is over the length limit").isEqualTo(400);
    }
}
