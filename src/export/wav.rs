//! 16-bit mono PCM WAV output, streamed: the header is written first with placeholder sizes,
//! samples are appended as they arrive, and [`Encoder::finish`] seeks back to fill in the RIFF
//! and data lengths — which is why the writer must be `Write + Seek`. Written by hand rather than
//! with hound so that later chunks (`cue ` and `LIST/adtl` chapter marks) can follow the data.
//! Files over 4 GiB (about 27 hours at 22,050 Hz) are refused rather than written corrupt.

use std::io::{Seek, SeekFrom, Write};

use super::{Encoder, ExportError};
use crate::synth::extend_i16_le;

/// Streams mono PCM into a 16-bit WAV.
pub struct WavEncoder<W: Write + Seek> {
    writer: W,
    sample_rate: u32,
    data_bytes: u64,
    buf: Vec<u8>,
}

const HEADER_LEN: u64 = 44;

impl<W: Write + Seek> WavEncoder<W> {
    /// A WAV of `sample_rate` samples per second written to `writer`.
    pub fn new(mut writer: W, sample_rate: u32) -> Result<WavEncoder<W>, ExportError> {
        let mut h = Vec::with_capacity(HEADER_LEN as usize);
        h.extend_from_slice(b"RIFF");
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(b"WAVEfmt ");
        h.extend_from_slice(&16u32.to_le_bytes());
        h.extend_from_slice(&1u16.to_le_bytes()); // PCM
        h.extend_from_slice(&1u16.to_le_bytes()); // mono
        h.extend_from_slice(&sample_rate.to_le_bytes());
        h.extend_from_slice(&(sample_rate * 2).to_le_bytes()); // bytes per second
        h.extend_from_slice(&2u16.to_le_bytes()); // block align
        h.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
        h.extend_from_slice(b"data");
        h.extend_from_slice(&0u32.to_le_bytes());
        writer.write_all(&h).map_err(ExportError::Write)?;
        Ok(WavEncoder {
            writer,
            sample_rate,
            data_bytes: 0,
            buf: Vec::new(),
        })
    }

    fn append(&mut self) -> Result<(), ExportError> {
        if self.data_bytes + self.buf.len() as u64 > u32::MAX as u64 - HEADER_LEN {
            return Err(ExportError::Encode(
                "the WAV would pass 4 GiB, the format's limit: export a shorter text".into(),
            ));
        }
        self.writer
            .write_all(&self.buf)
            .map_err(ExportError::Write)?;
        self.data_bytes += self.buf.len() as u64;
        Ok(())
    }
}

impl<W: Write + Seek> Encoder for WavEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        self.buf.clear();
        extend_i16_le(&mut self.buf, samples);
        self.append()
    }

    fn write_silence(&mut self, samples: usize) -> Result<(), ExportError> {
        self.buf.clear();
        self.buf.resize(samples * 2, 0);
        self.append()
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        let data = self.data_bytes as u32;
        let w = &mut self.writer;
        let io = (|| {
            w.seek(SeekFrom::Start(4))?;
            w.write_all(&(data + HEADER_LEN as u32 - 8).to_le_bytes())?;
            w.seek(SeekFrom::Start(40))?;
            w.write_all(&data.to_le_bytes())?;
            w.seek(SeekFrom::End(0))?;
            w.flush()
        })();
        io.map_err(ExportError::Write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_samples_read_back_exactly_with_hound() {
        let mut cur = std::io::Cursor::new(Vec::new());
        let mut enc = Box::new(WavEncoder::new(&mut cur, 16_000).unwrap());
        enc.write(&[0.0, 0.5, -0.5, 1.0, -1.0, 2.0]).unwrap();
        enc.write_silence(2).unwrap();
        enc.write(&[0.25]).unwrap();
        enc.finish().unwrap();
        cur.set_position(0);
        let mut r = hound::WavReader::new(cur).unwrap();
        assert_eq!(r.spec().sample_rate, 16_000);
        assert_eq!(r.spec().channels, 1);
        assert_eq!(r.spec().bits_per_sample, 16);
        let got: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
        assert_eq!(
            got,
            vec![0, 16384, -16384, 32767, -32768, 32767, 0, 0, 8192]
        );
    }

    #[test]
    fn an_empty_file_is_a_valid_wav() {
        let mut cur = std::io::Cursor::new(Vec::new());
        Box::new(WavEncoder::new(&mut cur, 22_050).unwrap())
            .finish()
            .unwrap();
        cur.set_position(0);
        assert_eq!(hound::WavReader::new(cur).unwrap().len(), 0);
    }
}
