package org.acoustid.chromaprint.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acoustid.chromaprint.GoldenDataAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AIFF, AIFC (sowt) and AU written from a golden WAV decode to the same samples. */
class AudioDecoderTest {
  @TempDir Path tmp;

  static PcmAudio golden() throws IOException {
    return WavDecoder.read(
        GoldenDataAccess.dir().resolve("audio/resampler/battle_22050_stereo_10s.wav"));
  }

  @Test
  void aiffAifcAndAuGiveTheWavSamples() throws IOException {
    PcmAudio wav = golden();
    for (String kind : new String[] {"aiff", "aifc", "au"}) {
      Path file = tmp.resolve("x." + kind);
      Files.write(file, kind.equals("au") ? au(wav) : aiff(wav, kind.equals("aifc")));
      PcmAudio decoded = AudioDecoder.read(file);
      assertThat(decoded.sampleRate()).as(kind).isEqualTo(wav.sampleRate());
      assertThat(decoded.channels()).as(kind).isEqualTo(wav.channels());
      assertThat(decoded.samples()).as(kind).isEqualTo(wav.samples());
    }
  }

  @Test
  void foreignFilesGetPreciseErrors() throws IOException {
    Path junk = tmp.resolve("junk.aiff");
    Files.write(junk, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> AudioDecoder.read(junk))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an AIFF file");
    Path au = tmp.resolve("mulaw.au");
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0x2E736E64).putInt(24).putInt(4).putInt(1).putInt(8000).putInt(1).putInt(0);
    Files.write(au, b.array());
    assertThatThrownBy(() -> AudioDecoder.read(au)).hasMessageContaining("encoding 1");
  }

  static byte[] aiff(PcmAudio audio, boolean sowt) {
    int dataBytes = audio.samples().length * 2;
    int commSize = sowt ? 24 : 18;
    ByteBuffer b =
        ByteBuffer.allocate(12 + 8 + commSize + 8 + 8 + dataBytes).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0x464F524D).putInt(b.capacity() - 8).putInt(sowt ? 0x41494643 : 0x41494646);
    b.putInt(0x434F4D4D).putInt(commSize);
    b.putShort((short) audio.channels())
        .putInt(audio.samples().length / audio.channels())
        .putShort((short) 16);
    // 80-bit extended sample rate
    int rate = audio.sampleRate();
    int exponent = 31 - Integer.numberOfLeadingZeros(rate);
    b.putShort((short) (16383 + exponent)).putLong((long) rate << (63 - exponent));
    if (sowt) {
      b.putInt(0x736F7774).putShort((short) 0);
    }
    b.putInt(0x53534E44).putInt(8 + dataBytes).putInt(0).putInt(0);
    ByteBuffer data =
        ByteBuffer.allocate(dataBytes).order(sowt ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    data.asShortBuffer().put(audio.samples());
    b.put(data.array());
    return b.array();
  }

  static byte[] au(PcmAudio audio) {
    int dataBytes = audio.samples().length * 2;
    ByteBuffer b = ByteBuffer.allocate(24 + dataBytes).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0x2E736E64)
        .putInt(24)
        .putInt(dataBytes)
        .putInt(3)
        .putInt(audio.sampleRate())
        .putInt(audio.channels());
    b.asShortBuffer().put(audio.samples());
    return b.array();
  }
}
