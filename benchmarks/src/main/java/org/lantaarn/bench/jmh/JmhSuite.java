package org.lantaarn.bench.jmh;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.bench.e2e.Result;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH hot paths (one fork each, quick by default) and writes one result per comparison under
 * {@code bench/results/}: the median of the measurement iterations of each side and their ratio.
 *
 * <pre>java -cp ... org.lantaarn.bench.jmh.JmhSuite [--forks 1] [--warmups 3] [--iterations 5] [--time 1] [--out bench/results] [regex]</pre>
 */
public final class JmhSuite {
    private JmhSuite() {}

    public static void main(String[] args) throws Exception {
        int forks = 1;
        int warmups = 3;
        int iterations = 5;
        int seconds = 1;
        Path out = Path.of("bench/results");
        String include = "org.lantaarn.bench.jmh.*Bench.*";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--time" -> seconds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> include = args[i];
            }
        }
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx512m");
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, double[]> scores = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1); // Class.method
            scores.put(name, iterationScores(r));
        }
        compare(scores, out, "probe-pipeline", "probes/s", "ProbePipelineBench.pipeline", "ProbePipelineBench.bareHmac", 0.7,
                ">= 0.7 x bare HMAC-SHA256 loop");
        if (scores.containsKey("SoundLevelBench.oneSecondOfAudio")) {
            double[] l = scores.get("SoundLevelBench.oneSecondOfAudio");
            double[] realTime = new double[l.length];
            java.util.Arrays.fill(realTime, 1.0);
            Result r = new Result("sound-level", "seconds of 48 kHz audio per second", l, realTime, 200, true, ">= 200 x real time");
            if (scores.containsKey("SoundLevelBench.sumOfSquares")) {
                r.extra("bareSumOfSquaresPerSecond", Result.median(scores.get("SoundLevelBench.sumOfSquares")));
            }
            emit(r, out);
        }
        compare(scores, out, "codec-encode", "messages/s", "CodecBench.encode", "CodecBench.jacksonWrite", Double.NaN, "none (reported)");
        compare(scores, out, "codec-decode", "messages/s", "CodecBench.decode", "CodecBench.jacksonRead", Double.NaN, "none (reported)");
        compare(scores, out, "outbox-insert", "rows/s", "OutboxInsertBench.outboxAppend", "OutboxInsertBench.bareInsert", Double.NaN,
                "none (reported)");
    }

    private static double[] iterationScores(RunResult r) {
        return r.getBenchmarkResults().stream().map(BenchmarkResult::getIterationResults).flatMap(Collection::stream)
                .map(IterationResult::getPrimaryResult).mapToDouble(x -> x.getScore()).toArray();
    }

    private static void compare(Map<String, double[]> scores, Path out, String name, String unit, String lantaarn, String baseline,
                                double goal, String goalText) {
        if (!scores.containsKey(lantaarn) || !scores.containsKey(baseline)) {
            return;
        }
        Result r = new Result(name, unit, scores.get(lantaarn), scores.get(baseline), goal, true, goalText);
        r.extra("lantaarnBenchmark", lantaarn).extra("baselineBenchmark", baseline);
        emit(r, out);
    }

    private static void emit(Result r, Path out) {
        r.print(System.out);
        System.out.printf(Locale.ROOT, "  written %s%n", r.write(out));
    }
}
