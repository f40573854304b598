package org.acoustid.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.acoustid.chromaprint.audio.AudioDecoder;
import org.acoustid.chromaprint.audio.PcmAudio;

/**
 * {@code fpcalc}: the options, output formats and exit codes of Chromaprint's command-line tool,
 * computed with the pure-Java fingerprinter. Unlike Debian's fpcalc 1.5.1 it ends a file cleanly
 * (exit 0) instead of reporting a decoding error at end of file.
 *
 * <p>Exit codes: 0 success, 2 fatal (bad options, unreadable input, empty fingerprint), 3 a read
 * error after results were printed ({@code -ignore-errors} turns it into 0).
 */
public final class Fpcalc {
  static final String VERSION = "fpcalc version 1.5.1 (acoustid-java)";

  /** Items of algorithm delay: ((5 - 1) + (16 - 1)) * hop + overlap, in samples at 11025 Hz. */
  static final int DELAY_SAMPLES = 28666;

  static final int RATE = 11025;

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream stdin;

  enum Format {
    TEXT,
    JSON,
    PLAIN
  }

  Fpcalc(PrintStream out, PrintStream err, InputStream stdin) {
    this.out = out;
    this.err = err;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    System.exit(new Fpcalc(System.out, System.err, System.in).run(args));
  }

  /** Runs one command line; returns the exit code. */
  int run(String[] args) {
    Format format = Format.TEXT;
    boolean raw = false;
    boolean signed = false;
    boolean overlap = false;
    boolean ignoreErrors = false;
    double length = 120;
    double chunk = 0;
    Algorithm algorithm = Algorithm.DEFAULT;
    String inputFormat = null;
    int rate = 0;
    int channels = 0;
    List<String> files = new ArrayList<>();
    boolean optionsDone = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (optionsDone || a.equals("-") || a.startsWith("-") == false) {
        files.add(a);
        continue;
      }
      boolean hasValue = i + 1 < args.length;
      switch (a) {
        case "--" -> optionsDone = true;
        case "-json" -> format = Format.JSON;
        case "-text" -> format = Format.TEXT;
        case "-plain" -> format = Format.PLAIN;
        case "-raw" -> raw = true;
        case "-signed" -> signed = true;
        case "-overlap" -> overlap = true;
        case "-ignore-errors" -> ignoreErrors = true;
        case "-ts" -> {
          // wall-clock timestamps are not supported; chunk timestamps stay relative
        }
        case "-version", "-v" -> {
          out.println(VERSION);
          return 0;
        }
        case "-h", "-help", "--help" -> {
          out.print(usage());
          return 0;
        }
        case "-length",
            "-t",
            "-chunk",
            "-algorithm",
            "-a",
            "-rate",
            "-r",
            "-channels",
            "-c",
            "-format",
            "-f" -> {
          if (hasValue == false) {
            return fail("Unknown option " + a, 2);
          }
          String v = args[++i];
          try {
            switch (a) {
              case "-length", "-t" -> length = nonNegative(Double.parseDouble(v));
              case "-chunk" -> chunk = nonNegative(Double.parseDouble(v));
              case "-algorithm", "-a" -> {
                int n = Integer.parseInt(v);
                if (n < 1 || n > 5) {
                  throw new NumberFormatException();
                }
                algorithm = Algorithm.ofId(n - 1);
              }
              case "-rate", "-r" -> rate = (int) nonNegative(Integer.parseInt(v));
              case "-channels", "-c" -> {
                channels = Integer.parseInt(v);
                if (channels <= 0) {
                  throw new NumberFormatException();
                }
              }
              default -> inputFormat = v;
            }
          } catch (NumberFormatException e) {
            String range =
                switch (a) {
                  case "-algorithm", "-a" -> "1 - 5";
                  case "-channels", "-c" -> "a positive number";
                  default -> "a non-negative number";
                };
            return fail("The argument for " + a + " must be " + range, 2);
          }
        }
        default -> {
          return fail("Unknown option " + a, 2);
        }
      }
    }
    if (files.isEmpty()) {
      return fail("No input files", 2);
    }
    Options options =
        new Options(
            format, raw, signed, overlap, length, chunk, algorithm, inputFormat, rate, channels);
    for (String file : files) {
      int code = process(file, options);
      if (code == 2) {
        return 2;
      }
      if (code == 3 && ignoreErrors == false) {
        return 3;
      }
    }
    return 0;
  }

  record Options(
      Format format,
      boolean raw,
      boolean signed,
      boolean overlap,
      double length,
      double chunk,
      Algorithm algorithm,
      String inputFormat,
      int rate,
      int channels) {}

  private static double nonNegative(double v) {
    if (v < 0 || Double.isNaN(v)) {
      throw new NumberFormatException();
    }
    return v;
  }

  private int process(String file, Options o) {
    PcmAudio audio;
    double duration;
    try {
      if (file.equals("-") || "s16le".equals(o.inputFormat())) {
        audio = readRaw(file, o);
        duration = 0; // unknown for a raw stream, as fpcalc prints it
      } else {
        audio = AudioDecoder.read(Path.of(file));
        duration = audio.durationSeconds();
      }
    } catch (NoSuchFileException e) {
      return fail("Could not open the input file (No such file or directory)", 2);
    } catch (IOException e) {
      return fail("Could not open the input file (" + e.getMessage() + ")", 2);
    }
    short[] mono = toMono11025(audio);
    long limit = o.length() > 0 ? (long) (o.length() * RATE) : Long.MAX_VALUE;
    int usable = (int) Math.min(mono.length, limit);
    if (o.chunk() <= 0) {
      int[] items = fingerprint(mono, 0, usable, o.algorithm());
      if (items.length == 0) {
        return fail("Empty fingerprint", 2);
      }
      print(o, -1, duration, items);
      return 0;
    }
    return processChunks(mono, usable, o);
  }

  private int processChunks(short[] mono, int usable, Options o) {
    int chunkSamples = (int) (o.chunk() * RATE);
    double timestamp = 0;
    int pos = 0;
    boolean first = true;
    JavaFingerprinter continuous = null;
    int printedItems = 0;
    if (o.overlap()) {
      continuous = new JavaFingerprinter(o.algorithm());
      continuous.start(RATE, 1);
    }
    while (pos < usable) {
      int extra = first && o.overlap() ? DELAY_SAMPLES : 0;
      int n = Math.min(usable - pos, chunkSamples + extra);
      int[] items;
      if (o.overlap()) {
        continuous.feed(mono, pos, n);
        if (pos + n >= usable) {
          continuous.finish();
        }
        int[] all = continuous.rawFingerprint();
        items = java.util.Arrays.copyOfRange(all, printedItems, all.length);
        printedItems = all.length;
      } else {
        items = fingerprint(mono, pos, n, o.algorithm());
      }
      double duration = (double) (n - extra) / RATE + (o.overlap() ? 2.6 : 0);
      if (items.length == 0) {
        if (first) {
          return fail("Empty fingerprint", 2);
        }
      } else {
        print(o, timestamp, duration, items);
      }
      timestamp += o.overlap() ? duration - 2.6 : duration;
      pos += n;
      first = false;
    }
    return 0;
  }

  private static int[] fingerprint(short[] mono, int offset, int length, Algorithm algorithm) {
    JavaFingerprinter fp = new JavaFingerprinter(algorithm);
    fp.start(RATE, 1);
    fp.feed(mono, offset, length);
    fp.finish();
    return fp.rawFingerprint();
  }

  /** fpcalc hands the library mono 11025 Hz; other input goes through the library's own path. */
  private static short[] toMono11025(PcmAudio audio) {
    if (audio.sampleRate() == RATE && audio.channels() == 1) {
      return audio.samples();
    }
    Resampled sink = new Resampled();
    org.acoustid.chromaprint.Downmixer.toMono11025(audio, sink::add);
    return sink.toArray();
  }

  private static final class Resampled {
    private short[] data = new short[1 << 16];
    private int size;

    void add(short s) {
      if (size == data.length) {
        data = java.util.Arrays.copyOf(data, size * 2);
      }
      data[size++] = s;
    }

    short[] toArray() {
      return java.util.Arrays.copyOf(data, size);
    }
  }

  private PcmAudio readRaw(String file, Options o) throws IOException {
    if (o.rate() <= 0 || o.channels() <= 0) {
      throw new IOException("raw input needs -rate and -channels");
    }
    byte[] bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
    short[] samples = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return new PcmAudio(o.rate(), o.channels(), samples);
  }

  private void print(Options o, double timestamp, double duration, int[] items) {
    String fp =
        o.raw()
            ? rawList(items, o.signed())
            : FingerprintCodec.encodeBase64(items, o.algorithm().id());
    String quoted = o.raw() ? "[" + fp + "]" : "\"" + fp + "\"";
    switch (o.format()) {
      case JSON -> {
        if (timestamp >= 0) {
          out.printf(
              Locale.ROOT,
              "{\"timestamp\": %.2f, \"duration\": %.2f, \"fingerprint\": %s}%n",
              timestamp,
              duration,
              quoted);
        } else {
          out.printf(Locale.ROOT, "{\"duration\": %.2f, \"fingerprint\": %s}%n", duration, quoted);
        }
      }
      case PLAIN -> out.println(fp);
      case TEXT -> {
        if (timestamp > 0) {
          out.println();
        }
        out.println("DURATION=" + (long) duration);
        out.println("FINGERPRINT=" + fp);
      }
    }
  }

  private static String rawList(int[] items, boolean signed) {
    StringBuilder s = new StringBuilder(items.length * 11);
    for (int i = 0; i < items.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(signed ? Integer.toString(items[i]) : Integer.toUnsignedString(items[i]));
    }
    return s.toString();
  }

  private int fail(String message, int code) {
    err.println("ERROR: " + message);
    return code;
  }

  static String usage() {
    return """
    Usage: fpcalc [OPTIONS] FILE [FILE...]

    Generate fingerprints from audio files/streams.

    Options:
      -format NAME   Set the input format name (s16le for raw PCM)
      -rate NUM      Set the sample rate of the input audio
      -channels NUM  Set the number of channels in the input audio
      -length SECS   Restrict the duration of the processed input audio (default 120)
      -chunk SECS    Split the input audio into chunks of this duration
      -algorithm NUM Set the algorithm method (default 2)
      -overlap       Overlap the chunks slightly to make sure audio on the edges is fingerprinted
      -raw           Output fingerprints in the uncompressed format
      -signed        Change the uncompressed format from unsigned integers to signed (for pg_acoustid compatibility)
      -json          Print the output in JSON format
      -text          Print the output in text format
      -plain         Print the just the fingerprint in text format
      -version       Print version information
    """;
  }
}
