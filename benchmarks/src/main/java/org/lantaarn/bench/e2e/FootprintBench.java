package org.lantaarn.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.lantaarn.sim.wifi.PcapWriter;

/**
 * Node footprint: a real node process ({@code lantaarn-node run}) with 6 streams — wifi-presence fed 200 probe
 * requests a second through a named pipe, sound-level fed 48 kHz 16-bit audio in real time through a named pipe
 * (a WAV stream), and four simulated streams (climate, particulates, two motion) — runs for {@code seconds} beside a
 * JVM that only sleeps, with the same flags; peak RSS is {@code VmHWM} from {@code /proc/<pid>/status}, CPU is
 * utime + stime from {@code /proc/<pid>/stat}, both read just before the processes are stopped. The feeds run in this
 * harness process, so the node only pays for what a real node pays for. Each flag set is measured side by side.
 */
final class FootprintBench {
    /** The flag sets compared; the first is the JVM's defaults on this machine. */
    static final Map<String, List<String>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("default", List.of());
        FLAGS.put("pi", List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-Xshare:auto"));
    }

    /** Each stream of the node, and the value its windows must carry to prove it measured ("": any value). */
    static final Map<String, String> MEASURES = new LinkedHashMap<>();

    static {
        MEASURES.put("wifi", "devices");
        MEASURES.put("noise", "LAeq");
        MEASURES.put("air", "");
        MEASURES.put("dust", "");
        MEASURES.put("passers", "");
        MEASURES.put("passers-south", "");
    }

    private FootprintBench() {}

    record Usage(long hwmKb, double cpuSeconds) {}

    static List<Result> run(int seconds, int runs) throws Exception {
        Path scratch = Infra.scratch("footprint");
        List<Result> out = new ArrayList<>();
        Map<String, double[][]> figures = new LinkedHashMap<>(); // flags -> {nodeRss, sleepRss, nodeCpu, sleepCpu}
        for (String f : FLAGS.keySet()) {
            figures.put(f, new double[4][runs]);
        }
        for (int r = 0; r < runs; r++) {
            try (Infra.Broker broker = Infra.broker(scratch)) {
                // What the nodes publish, so that the run proves every stream measured: sound windows with LAeq values and
                // Wi-Fi windows with device counts, not gap records.
                Path published = scratch.resolve("published-" + r + ".txt");
                Process watch = Infra.subscriber(broker, "lantaarn/v1/nodes/+/obs/+", 1_000_000, published, "%t %p");
                List<Feed> feeds = new ArrayList<>();
                Map<String, Process[]> procs = new LinkedHashMap<>();
                for (String f : FLAGS.keySet()) {
                    Path dir = Files.createDirectories(scratch.resolve(f + "-" + r));
                    Path pcap = fifo(dir.resolve("wifi.pcap"));
                    Path wav = fifo(dir.resolve("sound.wav"));
                    Path conf = dir.resolve("node.yaml");
                    Files.writeString(conf, config("foot-" + f, broker.uri(), pcap, wav));
                    Process node = java(FLAGS.get(f), List.of("org.lantaarn.node.cli.NodeCli", "run", "--config", conf.toString(),
                            "--data-dir", dir.resolve("data").toString()), dir.resolve("node.log"));
                    Process sleeper = java(FLAGS.get(f), List.of(Sleeper.class.getName(), Integer.toString(seconds + 30)), dir.resolve("sleep.log"));
                    procs.put(f, new Process[] {node, sleeper});
                    feeds.add(Feed.wifi(pcap));
                    feeds.add(Feed.sound(wav));
                }
                Thread.sleep(seconds * 1000L);
                int i = 0;
                for (Map.Entry<String, Process[]> e : procs.entrySet()) {
                    Usage node = usage(e.getValue()[0]);
                    Usage sleep = usage(e.getValue()[1]);
                    double[][] fig = figures.get(e.getKey());
                    fig[0][r] = node.hwmKb() / 1024.0;
                    fig[1][r] = sleep.hwmKb() / 1024.0;
                    fig[2][r] = node.cpuSeconds();
                    fig[3][r] = sleep.cpuSeconds();
                    System.err.printf(Locale.ROOT, "footprint %s run %d: node %.0f MiB %.1f cpu-s, sleeper %.0f MiB %.1f cpu-s%n",
                            e.getKey(), r + 1, fig[0][r], fig[2][r], fig[1][r], fig[3][r]);
                    if (!e.getValue()[0].isAlive()) {
                        throw new IllegalStateException("the node process with flags " + e.getKey() + " died; see " + scratch);
                    }
                    i++;
                }
                for (Process[] p : procs.values()) {
                    for (Process x : p) {
                        x.destroy();
                        x.waitFor();
                    }
                }
                watch.destroy();
                watch.waitFor();
                PublishedWindows windows = new PublishedWindows(Files.readAllLines(published));
                for (String f : FLAGS.keySet()) {
                    for (PublishedWindows.Count c : windows.requireMeasured("foot-" + f, MEASURES)) {
                        System.err.printf(Locale.ROOT, "footprint %s run %d: %s%n", f, r + 1, c.describe());
                    }
                }
                feeds.forEach(Feed::stop);
            }
        }
        for (Map.Entry<String, double[][]> e : figures.entrySet()) {
            double[][] fig = e.getValue();
            Result rss = new Result("node-footprint-" + e.getKey(), "MiB peak RSS (VmHWM)", fig[0], fig[1], 2.0, false,
                    "<= 2 x sleeping JVM with the same flags");
            rss.extra("flags", String.join(" ", FLAGS.get(e.getKey()))).extra("seconds", seconds)
                    .extra("nodeCpuSeconds", Result.median(fig[2])).extra("sleeperCpuSeconds", Result.median(fig[3]))
                    .extra("nodeCpuShareOfOneCore", Result.median(fig[2]) / seconds)
                    .extra("cpuRatio", Result.median(fig[3]) == 0 ? Double.NaN : Result.median(fig[2]) / Result.median(fig[3]));
            out.add(rss);
        }
        Infra.delete(scratch);
        return out;
    }

    static String config(String node, String broker, Path pcap, Path wav) {
        return """
                schema: lantaarn.config/1
                node: %s
                site: bench-site
                version: 1
                location: {lat: 51.6888, lon: 5.3036, description: benchmark lamppost}
                purpose: benchmark
                legalGround: none, benchmark data only
                uplink: {broker: "%s"}
                window: 10s
                streams:
                  - {id: wifi, sensor: wifi-presence, settings: {source: "%s", timestamps: arrival}}
                  - {id: noise, sensor: sound-level, settings: {file: "%s"}}
                  - {id: air, sensor: climate, driver: simulated, interval: 1s}
                  - {id: dust, sensor: particulates, driver: simulated, interval: 1s}
                  - {id: passers, sensor: motion, driver: simulated, interval: 1s}
                  - {id: passers-south, sensor: motion, driver: simulated, interval: 1s}
                """.formatted(node, broker, pcap, wav);
    }

    private static Path fifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IllegalStateException("mkfifo " + p + " failed");
        }
        return p;
    }

    private static Process java(List<String> flags, List<String> main, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(main);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static Usage usage(Process p) throws IOException {
        long pid = p.pid();
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return new Usage(hwm, ticks / 100.0);
    }

    /** A real-time writer into a named pipe, on a daemon thread of its own. */
    static final class Feed {
        private final Thread thread;
        private volatile boolean stop;

        private Feed(String name, Path fifo, byte[] header, int chunkBytes, ChunkMaker maker) {
            thread = Thread.ofPlatform().daemon(true).name(name).start(() -> {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write(header);
                    long t0 = System.nanoTime();
                    for (long tick = 0; !stop; tick++) {
                        long due = t0 + tick * 100_000_000L;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000);
                        }
                        out.write(maker.chunk(tick), 0, chunkBytes);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the node went away
                }
            });
        }

        interface ChunkMaker {
            byte[] chunk(long tick);
        }

        void stop() {
            stop = true;
            thread.interrupt();
        }

        /** 20 probe requests every 100 ms from a crowd of 2,000 phones. */
        static Feed wifi(Path fifo) {
            SplittableRandom random = new SplittableRandom(3);
            byte[][] phones = new byte[2000][6];
            for (byte[] a : phones) {
                random.nextBytes(a);
                a[0] = (byte) ((a[0] & 0xfc) | 0x02);
            }
            ByteBuffer buf = ByteBuffer.allocate(20 * PcapWriter.RECORD);
            return new Feed("feed-wifi", fifo, PcapWriter.header(), 20 * PcapWriter.RECORD, tick -> {
                buf.clear();
                long micros = System.currentTimeMillis() * 1000;
                for (int i = 0; i < 20; i++) {
                    PcapWriter.probe(buf, micros, phones[random.nextInt(phones.length)], -50 - random.nextInt(20), (int) (tick * 20 + i));
                }
                return buf.array();
            });
        }

        /** 4,800 samples of 16-bit mono noise every 100 ms after a WAV header that announces a stream of 2 GB. */
        static Feed sound(Path fifo) {
            SplittableRandom random = new SplittableRandom(5);
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            int data = Integer.MAX_VALUE - 64;
            h.put("RIFF".getBytes()).putInt(data + 36).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                    .putShort((short) 1).putShort((short) 1).putInt(48_000).putInt(96_000).putShort((short) 2).putShort((short) 16)
                    .put("data".getBytes()).putInt(data);
            byte[] chunk = new byte[9600];
            return new Feed("feed-sound", fifo, h.array(), chunk.length, tick -> {
                for (int i = 0; i < chunk.length; i += 2) {
                    int s = (int) ((random.nextDouble() - 0.5) * 6000);
                    chunk[i] = (byte) s;
                    chunk[i + 1] = (byte) (s >> 8);
                }
                return chunk;
            });
        }
    }
}
