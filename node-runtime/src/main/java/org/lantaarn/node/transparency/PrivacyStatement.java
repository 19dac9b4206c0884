package org.lantaarn.node.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lantaarn.config.Durations;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.config.StreamConfig;

/**
 * Writes, from a node configuration alone, what the node measures, where, why, on what legal ground, what
 * leaves the node and what never does, and how numbers about people are protected (key rotation, k by group, the probe
 * clip, noise with its budget per window and how budgets add up, schedule):
 * as plain text in English or Dutch, or as a JSON record for the sensor register
 * ({@code lantaarn.sensor-register/1}, schema {@link #REGISTER_SCHEMA_RESOURCE}). Stateless.
 */
public final class PrivacyStatement {
    /** The classpath resource of the register record's JSON Schema. */
    public static final String REGISTER_SCHEMA_RESOURCE = "/org/lantaarn/node/transparency/lantaarn.sensor-register-1.schema.json";
    /** Sensor kinds whose raw input can identify a person. */
    static final Set<String> PERSONAL_INPUT = Set.of("wifi-presence", "sound-level");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PrivacyStatement() {}

    /** The languages of {@link #text}. */
    public enum Language { EN, NL }

    private static String t(Language l, String en, String nl) {
        return l == Language.EN ? en : nl;
    }

    /** The plain-language statement in {@code language}. */
    public static String text(NodeConfig c, Language l) {
        StringBuilder s = new StringBuilder();
        s.append(t(l, "Privacy statement of sensor node ", "Privacyverklaring van sensorknooppunt ")).append(c.node())
                .append(" (").append(c.site()).append(")\n\n");
        s.append(t(l, "Where: ", "Waar: ")).append(c.location().description() != null ? c.location().description() + ", " : "")
                .append(String.format(Locale.ROOT, "%.5f, %.5f", c.location().lat(), c.location().lon())).append('\n');
        s.append(t(l, "Why: ", "Waarom: ")).append(c.purpose()).append('\n');
        s.append(t(l, "Legal ground: ", "Grondslag: ")).append(c.legalGround()).append("\n\n");
        s.append(t(l, "What is measured:\n", "Wat wordt gemeten:\n"));
        for (StreamConfig st : c.streams()) {
            s.append("- ").append(st.id()).append(": ").append(measures(st, l)).append(t(l, ", per window of ", ", per tijdvak van "))
                    .append(Durations.format(c.windowOf(st))).append(".\n");
            s.append("  ").append(protection(c, st, l)).append('\n');
            s.append("  ").append(st.schedule() == null ? t(l, "Measures at all times.", "Meet altijd.")
                    : t(l, "Measures only during: ", "Meet alleen tijdens: ") + st.schedule()
                    + t(l, ". Outside it the sensor is switched off and nothing is read.", ". Daarbuiten staat de sensor uit en wordt niets gelezen."))
                    .append('\n');
        }
        s.append('\n').append(t(l, "What leaves the node: ", "Wat het knooppunt verlaat: "))
                .append(t(l, "only numbers per window (counts, averages) with a statement of how they were protected, and reports on "
                                + "the node's own state that say nothing about what it measured (no counts, no times of readings).",
                        "alleen getallen per tijdvak (aantallen, gemiddelden) met een vermelding van hoe ze beschermd zijn, en berichten "
                                + "over de toestand van het knooppunt zelf die niets zeggen over wat het mat (geen aantallen, geen tijdstippen "
                                + "van metingen).")).append('\n');
        s.append(t(l, "What never leaves the node and is never stored: ", "Wat het knooppunt nooit verlaat en nooit wordt opgeslagen: "))
                .append(t(l, "device addresses (MAC), tokens made from them, the keys, sound recordings, images, and any value for a single device.",
                        "apparaatadressen (MAC), de daarvan gemaakte tokens, de sleutels, geluidsopnamen, beelden, en geen enkele waarde per apparaat."))
                .append('\n');
        return s.toString();
    }

    private static String measures(StreamConfig st, Language l) {
        return switch (st.sensor()) {
            case "wifi-presence" -> t(l, "the number of Wi-Fi devices (phones) nearby, of which with randomised and with fixed addresses, "
                    + "probe requests, and how long devices stay (under 5, 5-15, 15-60, over 60 minutes)",
                    "het aantal wifi-apparaten (telefoons) in de buurt, waarvan met wisselend en met vast adres, zoekberichten, "
                            + "en hoe lang apparaten blijven (korter dan 5, 5-15, 15-60, langer dan 60 minuten)");
            case "climate" -> t(l, "air temperature, humidity and pressure", "luchttemperatuur, luchtvochtigheid en luchtdruk");
            case "particulates" -> t(l, "fine dust (PM2.5, PM10)", "fijnstof (PM2,5, PM10)");
            case "sound-level" -> t(l, "sound level in decibels (no recording)", "geluidsniveau in decibel (geen opname)");
            case "rain" -> t(l, "rainfall", "neerslag");
            case "motion" -> t(l, "movement in front of the lamppost, as a count", "beweging voor de lantaarnpaal, als aantal");
            case "people-flow" -> t(l, "people passing in each direction, as counts (no image is kept)",
                    "passanten per richting, als aantallen (er wordt geen beeld bewaard)");
            default -> st.sensor();
        };
    }

    private static boolean counts(StreamConfig st) {
        return !Set.of("climate", "particulates", "sound-level", "rain").contains(st.sensor());
    }

    private static String protection(NodeConfig c, StreamConfig st, Language l) {
        PrivacyConfig p = st.privacy();
        StringBuilder s = new StringBuilder();
        if (st.sensor().equals("wifi-presence")) {
            s.append(t(l, "Each device address is replaced on arrival by a keyed token (HMAC-SHA256, 64 bits). The key is random, "
                    + "exists only in the node's memory, is never stored or sent, and is replaced every ",
                    "Elk apparaatadres wordt bij ontvangst vervangen door een token met geheime sleutel (HMAC-SHA256, 64 bits). De sleutel is "
                            + "willekeurig, bestaat alleen in het geheugen van het knooppunt, wordt nooit opgeslagen of verzonden, en wordt elke "))
                    .append(Durations.format(p.keyRotation()))
                    .append(t(l, ", after which the old key is erased: the same phone cannot be recognised across key periods or across nodes. "
                            + "Signals weaker than the threshold (default -75 dBm) are ignored. ",
                            " vervangen, waarna de oude sleutel wordt gewist: dezelfde telefoon is niet te herkennen over sleutelperiodes of knooppunten heen. "
                                    + "Signalen zwakker dan de drempel (standaard -75 dBm) worden genegeerd. "));
        }
        if (counts(st)) {
            s.append(t(l, "Numbers about people are published only when at least " + p.k() + " people are behind them: in a window with "
                            + "fewer (none included), all of this stream's numbers about people are left out together, so no single person "
                            + "can be seen or worked out (k = " + p.k() + ").",
                    "Getallen over personen worden alleen gepubliceerd als er minstens " + p.k() + " personen achter zitten: in een tijdvak "
                            + "met minder (ook nul) worden alle getallen over personen van deze stroom samen weggelaten, zodat niemand "
                            + "afzonderlijk te zien of uit te rekenen is (k = " + p.k() + ")."));
            if (st.sensor().equals("wifi-presence")) {
                s.append(t(l, " At most " + p.probeClip() + " search messages of one phone count in a window.",
                        " Per tijdvak tellen hooguit " + p.probeClip() + " zoekberichten van één telefoon mee."));
            }
            if (p.epsilon() != null) {
                s.append(t(l, " Random noise is added to these numbers (discrete Laplace, drawn exactly), with a privacy budget of epsilon = "
                                + p.epsilon() + " per window for all of them together. The budgets of the windows a person is in add up: "
                                + "someone present for one hour (" + windowsPerHour(c, st, l) + ") is protected with "
                                + "that many times epsilon.",
                        " Aan deze getallen wordt willekeurige ruis toegevoegd (discrete Laplace, exact getrokken), met een privacybudget van "
                                + "epsilon = " + p.epsilon() + " per tijdvak voor alle samen. De budgetten van de tijdvakken waarin iemand "
                                + "aanwezig is tellen op: wie een uur blijft (" + windowsPerHour(c, st, l) + ") is beschermd met "
                                + "zoveel maal epsilon."));
            } else {
                s.append(t(l, " No noise is added.", " Er wordt geen ruis toegevoegd."));
            }
        } else {
            s.append(t(l, "Measurements of the environment; no data about people.", "Metingen van de omgeving; geen gegevens over personen."));
        }
        return s.toString();
    }

    private static String windowsPerHour(NodeConfig c, StreamConfig st, Language l) {
        long seconds = Math.max(1, c.windowOf(st).toSeconds());
        long n = (3600 + seconds - 1) / seconds;
        return n + t(l, n == 1 ? " window" : " windows", n == 1 ? " tijdvak" : " tijdvakken");
    }

    /** The sensor-register record as JSON text. */
    public static String register(NodeConfig c, String legalEntity, String runtimeVersion) {
        ObjectNode r = JSON.createObjectNode();
        r.put("schema", "lantaarn.sensor-register/1");
        ObjectNode device = r.putObject("device");
        device.put("id", c.node());
        device.put("site", c.site());
        device.put("type", "lamppost sensor node");
        device.put("software", "lantaarn-node " + runtimeVersion);
        device.put("configVersion", c.version());
        ObjectNode loc = r.putObject("location");
        loc.put("lat", c.location().lat());
        loc.put("lon", c.location().lon());
        if (c.location().height() != null) {
            loc.put("height", c.location().height());
        }
        if (c.location().description() != null) {
            loc.put("description", c.location().description());
        }
        ObjectNode goal = r.putObject("observationGoal");
        goal.put("goal", c.purpose());
        goal.put("legalGround", c.legalGround());
        r.putObject("legalEntity").put("name", legalEntity).put("role", "controller");
        ArrayNode sensors = r.putArray("sensors");
        for (StreamConfig st : c.streams()) {
            ObjectNode s = sensors.addObject();
            s.put("id", st.id());
            s.put("type", st.sensor());
            s.put("measures", measures(st, Language.EN));
            ObjectNode ds = s.putObject("datastream");
            ds.put("name", st.id());
            ds.put("windowSeconds", c.windowOf(st).toSeconds());
            ds.put("containsPIData", PERSONAL_INPUT.contains(st.sensor()));
            ds.put("publishesPIData", false);
            ObjectNode priv = ds.putObject("privacy");
            if (counts(st)) {
                priv.put("k", st.privacy().k());
                if (st.privacy().epsilon() != null) {
                    priv.put("epsilon", st.privacy().epsilon());
                } else {
                    priv.putNull("epsilon");
                }
            }
            if (st.sensor().equals("wifi-presence")) {
                priv.put("keyRotationSeconds", st.privacy().keyRotation().toSeconds());
            }
            priv.put("rawData", "never stored or sent");
            if (st.schedule() != null) {
                ds.put("schedule", st.schedule());
            }
        }
        try {
            return JSON.writeValueAsString(r);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the register record", e);
        }
    }

    /** Every language, in order. */
    public static List<Language> languages() {
        return List.of(Language.EN, Language.NL);
    }
}
