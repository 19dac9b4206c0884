package org.lantaarn.sta.query;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses {@code $filter} and {@code $orderby} text with the generated {@code StaQuery} grammar. A syntax error is a
 * {@link QueryException} naming the option, the position (from 1) and the offending text.
 */
public final class Expressions {
    /** Longer query texts are refused before parsing. */
    public static final int MAX_LENGTH = 4096;

    private Expressions() {}

    public static StaQueryParser.FilterContext filter(String text) {
        return parser("$filter", text).filter();
    }

    public static StaQueryParser.OrderbyContext orderby(String text) {
        return parser("$orderby", text).orderby();
    }

    private static StaQueryParser parser(String option, String text) {
        if (text.length() > MAX_LENGTH) {
            throw new QueryException(option + " is longer than " + MAX_LENGTH + " characters");
        }
        if (text.isBlank()) {
            throw new QueryException(option + " is empty");
        }
        BaseErrorListener fail = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                    RecognitionException e) {
                String near = offending instanceof Token t
                        ? (t.getType() == Token.EOF ? "the end" : "'" + clip(t.getText()) + "'")
                        : "'" + clip(text.substring(Math.min(column, text.length()))) + "'";
                throw new QueryException(option + " at position " + (column + 1) + " near " + near + ": " + msg);
            }
        };
        StaQueryLexer lexer = new StaQueryLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(fail);
        StaQueryParser parser = new StaQueryParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(fail);
        return parser;
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
