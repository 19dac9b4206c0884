package org.lantaarn.config.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The release these programs were built as ({@code lantaarn.release} in the parent POM; a package build may set
 * it), for every command's {@code --version} and the node's birth message. {@code unknown} when the build did not
 * filter it in (run from an IDE's unfiltered resources).
 */
public final class ReleaseVersion implements CommandLine.IVersionProvider {
    /** The release, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VALUE = read();

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.root().name() + " " + VALUE};
    }

    private static String read() {
        try (InputStream in = ReleaseVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException ignored) {
            // fall through to the unknown version
        }
        return "unknown";
    }
}
