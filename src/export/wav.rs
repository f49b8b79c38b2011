//! 16-bit mono WAV output with hound, written as samples arrive (the header's lengths are fixed
//! up at the end, which is why the writer must be `Seek`). Chapters (`cue ` chunks) are not
//! written yet.

use std::io::{Seek, Write};

use super::{Encoder, ExportError};

/// Streams mono PCM into a 16-bit WAV.
pub struct WavEncoder<W: Write + Seek> {
    writer: hound::WavWriter<W>,
    sample_rate: u32,
    buf: Vec<i16>,
}

fn encode_err(e: hound::Error) -> ExportError {
    match e {
        hound::Error::IoError(io) => ExportError::Write(io),
        other => ExportError::Encode(other.to_string()),
    }
}

impl<W: Write + Seek> WavEncoder<W> {
    /// A WAV of `sample_rate` samples per second written to `writer`.
    pub fn new(writer: W, sample_rate: u32) -> Result<WavEncoder<W>, ExportError> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        Ok(WavEncoder {
            writer: hound::WavWriter::new(writer, spec).map_err(encode_err)?,
            sample_rate,
            buf: Vec::new(),
        })
    }
}

/// `x` in `-1.0..=1.0` as a 16-bit sample, clipped.
pub fn to_i16(x: f32) -> i16 {
    (x * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

impl<W: Write + Seek> Encoder for WavEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        self.buf.clear();
        self.buf.extend(samples.iter().map(|s| to_i16(*s)));
        let mut w = self.writer.get_i16_writer(self.buf.len() as u32);
        for s in &self.buf {
            w.write_sample(*s);
        }
        w.flush().map_err(encode_err)
    }

    fn write_silence(&mut self, samples: usize) -> Result<(), ExportError> {
        let mut w = self.writer.get_i16_writer(samples as u32);
        for _ in 0..samples {
            w.write_sample(0);
        }
        w.flush().map_err(encode_err)
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.writer.finalize().map_err(encode_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_samples_read_back_exactly() {
        let mut cur = std::io::Cursor::new(Vec::new());
        let mut enc = Box::new(WavEncoder::new(&mut cur, 16_000).unwrap());
        enc.write(&[0.0, 0.5, -0.5, 1.0, -1.0, 2.0]).unwrap();
        enc.write_silence(2).unwrap();
        enc.finish().unwrap();
        cur.set_position(0);
        let mut r = hound::WavReader::new(cur).unwrap();
        assert_eq!(r.spec().sample_rate, 16_000);
        assert_eq!(r.spec().channels, 1);
        let got: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
        assert_eq!(got, vec![0, 16384, -16384, 32767, -32768, 32767, 0, 0]);
    }
}
