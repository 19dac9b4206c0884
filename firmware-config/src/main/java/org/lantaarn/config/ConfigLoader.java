package org.lantaarn.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.lantaarn.config.settings.DriverCatalog;

/**
 * Loads a {@code lantaarn.config/1} document from YAML or JSON and validates it, reporting every
 * violation with its path ({@code streams[2].window: must be between 1s and 1h}), including each stream's
 * driver settings against what the installed drivers declare ({@code streams[2].settings.calibration: must be
 * a number, not 'loud'}; see {@link DriverCatalog}). Never throws for a
 * bad document or an unreadable file. Thread-safe.
 */
public final class ConfigLoader {
    /** Largest document accepted, in bytes: 64 KiB, the limit of a signed configuration too. */
    public static final int MAX_DOCUMENT_BYTES = org.lantaarn.protocol.SignedConfig.MAX_DOCUMENT_BYTES;

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private ConfigLoader() {}

    /**
     * Reads and validates the document in {@code file}. An unreadable file is one violation at path
     * {@code $}. Relative TLS file paths resolve against the file's directory.
     */
    public static ConfigResult load(Path file) {
        return load(file, DriverCatalog.installed());
    }

    /** As {@link #load(Path)}, checking driver settings against {@code drivers} instead of the installed drivers. */
    public static ConfigResult load(Path file, DriverCatalog drivers) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return invalid("cannot read " + file + ": it is a directory");
            }
            if (Files.size(file) > MAX_DOCUMENT_BYTES) {
                return invalid("cannot read " + file + ": larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return invalid("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            return invalid("cannot read " + file + ": permission denied");
        } catch (IOException | SecurityException e) {
            return invalid("cannot read " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(bytes, dir, drivers);
    }

    /** Parses and validates a document given as bytes (YAML or JSON; JSON is valid YAML). Relative TLS paths are kept as written. */
    public static ConfigResult parse(byte[] document) {
        return parse(document, null, DriverCatalog.installed());
    }

    /**
     * Parses and validates a document given as bytes; relative TLS file names resolve against {@code baseDir} (the
     * directory of the node's configuration file, so that a pushed document means the same files as the file did),
     * or are kept as written when it is {@code null}.
     */
    public static ConfigResult parse(byte[] document, Path baseDir) {
        return parse(document, baseDir, DriverCatalog.installed());
    }

    /** As {@link #parse(byte[])}, checking driver settings against {@code drivers} instead of the installed drivers. */
    public static ConfigResult parse(byte[] document, DriverCatalog drivers) {
        return parse(document, null, drivers);
    }

    private static ConfigResult parse(byte[] document, Path baseDir, DriverCatalog drivers) {
        if (document == null || document.length == 0) {
            return invalid("document is empty");
        }
        if (document.length > MAX_DOCUMENT_BYTES) {
            return invalid("document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = YAML.readTree(document);
        } catch (JacksonException e) {
            return invalid(describe(e));
        } catch (IOException | RuntimeException e) {
            // The YAML parser underneath may throw its own unchecked exceptions for hostile input.
            return invalid("not valid YAML: " + firstLine(e.getMessage()));
        }
        ConfigBinder binder = new ConfigBinder(baseDir, drivers);
        NodeConfig config = binder.bind(root);
        List<Violation> violations = binder.violations();
        if (!violations.isEmpty()) {
            return new ConfigResult.Invalid(violations);
        }
        return new ConfigResult.Valid(config, sha256(document));
    }

    private static String describe(JacksonException e) {
        StringBuilder sb = new StringBuilder("not valid YAML");
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            sb.append(" at line ").append(loc.getLineNr());
            if (loc.getColumnNr() > 0) {
                sb.append(", column ").append(loc.getColumnNr());
            }
        }
        String msg = problem(e.getOriginalMessage());
        if (!msg.isEmpty()) {
            sb.append(": ").append(msg);
        }
        return sb.toString();
    }

    /**
     * The parser's explanation without its source excerpts: SnakeYAML writes a context line, an excerpt
     * with a caret, then the problem; the lines that start at the margin are the words worth keeping.
     */
    private static String problem(String message) {
        if (message == null) {
            return "";
        }
        if (message.startsWith("Duplicate field ")) {
            int end = message.indexOf(" for `");
            return "duplicate field " + message.substring("Duplicate field ".length(), end < 0 ? message.length() : end);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                sb.append(sb.isEmpty() ? "" : "; ").append(line.strip());
            }
        }
        return firstLine(sb.toString());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl).strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    private static ConfigResult invalid(String message) {
        return new ConfigResult.Invalid(List.of(new Violation("$", message)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
