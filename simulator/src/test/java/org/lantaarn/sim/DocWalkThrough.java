package org.lantaarn.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell steps of a documentation page that are marked for its test: a fenced {@code sh} block right after a line
 * {@code <!-- walkthrough -->} (run it; it must exit 0), {@code <!-- walkthrough: background port N -->} or
 * {@code <!-- walkthrough: background until "TEXT" -->} (start it and go on once port N accepts connections or its
 * output contains TEXT), or {@code <!-- walkthrough: repeat until "TEXT" -->} (run it again until its output contains
 * TEXT). Unmarked blocks are not run.
 */
record DocWalkThrough(List<Step> steps) {
    private static final Pattern MARK = Pattern.compile("<!-- walkthrough(?::\\s*(.*?))?\\s*-->");
    private static final Pattern UNTIL = Pattern.compile("until \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PORT = Pattern.compile("port (\\d+)");

    enum Mode { RUN, BACKGROUND, REPEAT }

    /** One marked block: its commands, how to run it, and what to wait for ({@code until} text or {@code port}). */
    record Step(int line, Mode mode, String script, String until, int port) {
        Step withScript(String s) {
            return new Step(line, mode, s, until, port);
        }
    }

    static DocWalkThrough parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARK.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            String spec = m.group(1) == null ? "" : m.group(1);
            if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("```sh")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a walkthrough mark must be followed by a ```sh block");
            }
            StringBuilder script = new StringBuilder();
            int j = i + 2;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                script.append(lines.get(j)).append('\n');
            }
            if (j == lines.size()) {
                throw new IllegalArgumentException("line " + (i + 2) + ": unterminated ```sh block");
            }
            Mode mode = spec.startsWith("background") ? Mode.BACKGROUND : spec.startsWith("repeat") ? Mode.REPEAT : Mode.RUN;
            Matcher until = UNTIL.matcher(spec);
            Matcher port = PORT.matcher(spec);
            String text = until.find() ? until.group(1).replace("\\\"", "\"") : null;
            int p = port.find() ? Integer.parseInt(port.group(1)) : 0;
            if (mode != Mode.RUN && text == null && p == 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '" + spec + "' needs until \"TEXT\" or port N");
            }
            steps.add(new Step(i + 2, mode, script.toString(), text, p));
            i = j;
        }
        return new DocWalkThrough(List.copyOf(steps));
    }
}
