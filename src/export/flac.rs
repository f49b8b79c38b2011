//! FLAC output (`flacenc`, pure Rust), 16-bit mono, fixed 4096-sample blocks encoded as audio
//! arrives, with tags and `CHAPTERnnn` comments in a `VORBIS_COMMENT` block.
//!
//! The STREAMINFO block is written by hand at the end (seeking back): flacenc's own would take
//! the minimum block size from the short last block, which symphonia rejects; here it is the
//! fixed block size, as the format says. The MD5 signature is left zero ("not computed").
//! Chapter times in the comment block start as placeholders and are patched in place. Not
//! covered: writing to a pipe.

use std::io::{Seek, SeekFrom, Write};

use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, StreamInfo};
use flacenc::error::{Verified, Verify};
use flacenc::source::{Fill, FrameBuf};

use super::chapters::{Chapter, ChapterMarks};
use super::format::EncodeOptions;
use super::{Encoder, ExportError};
use crate::audio::to_i16;
use crate::media::vorbis_comment;

const BLOCK: usize = 4096;
/// Where the comment block's body starts: `fLaC`, STREAMINFO (4 + 34), comment header (4).
const COMMENT_AT: u64 = 4 + 4 + 34 + 4;

/// Streams mono PCM into a FLAC file.
pub struct FlacEncoder<W: Write + Seek> {
    writer: W,
    config: Verified<flacenc::config::Encoder>,
    info: StreamInfo,
    framebuf: FrameBuf,
    pending: Vec<i32>,
    frames: usize,
    samples: u64,
    min_frame: usize,
    max_frame: usize,
    sink: MemSink<u8>,
    sample_rate: u32,
    comment_block: Vec<u8>,
    marks: ChapterMarks,
}

fn flac_err(what: &str, e: impl std::fmt::Debug) -> ExportError {
    ExportError::Encode(format!("FLAC encoder: {what}: {e:?}"))
}

impl<W: Write + Seek> FlacEncoder<W> {
    /// A FLAC encoder writing to `writer`.
    pub fn new(mut writer: W, opts: &EncodeOptions) -> Result<FlacEncoder<W>, ExportError> {
        let rate = opts.sample_rate;
        let config = flacenc::config::Encoder::default()
            .into_verified()
            .map_err(|(_, e)| flac_err("config", e))?;
        let info = StreamInfo::new(rate as usize, 1, 16).map_err(|e| flac_err("stream", e))?;
        let marks = ChapterMarks::new(opts.chapter_titles.clone());
        let planned: Vec<Chapter> = marks
            .titles()
            .iter()
            .map(|t| Chapter {
                title: t.clone(),
                start_ms: 0,
                end_ms: 0,
            })
            .collect();
        let comment_block =
            vorbis_comment::encode_block("aloud", &vorbis_comment::comments(&opts.tags, &planned));
        if comment_block.len() >= 1 << 24 {
            return Err(ExportError::Encode(
                "the tags and chapter titles are too long for a FLAC comment block".into(),
            ));
        }
        let mut head = b"fLaC".to_vec();
        head.extend_from_slice(&[0, 0, 0, 34]);
        head.extend_from_slice(&[0; 34]);
        let len = (comment_block.len() as u32).to_be_bytes();
        head.extend_from_slice(&[0x80 | 4, len[1], len[2], len[3]]);
        head.extend_from_slice(&comment_block);
        writer.write_all(&head).map_err(ExportError::Write)?;
        Ok(FlacEncoder {
            writer,
            config,
            info,
            framebuf: FrameBuf::with_size(1, BLOCK).map_err(|e| flac_err("buffer", e))?,
            pending: Vec::with_capacity(BLOCK * 2),
            frames: 0,
            samples: 0,
            min_frame: usize::MAX,
            max_frame: 0,
            sink: MemSink::new(),
            sample_rate: rate,
            comment_block,
            marks,
        })
    }

    /// Encodes the first `n` pending samples as one frame.
    fn encode_frame(&mut self, n: usize) -> Result<(), ExportError> {
        self.framebuf
            .fill_interleaved(&self.pending[..n])
            .map_err(|e| flac_err("fill", e))?;
        let frame =
            flacenc::encode_fixed_size_frame(&self.config, &self.framebuf, self.frames, &self.info)
                .map_err(|e| flac_err("frame", e))?;
        self.sink.clear();
        frame
            .write(&mut self.sink)
            .map_err(|e| flac_err("frame", e))?;
        let bytes = self.sink.as_slice();
        self.min_frame = self.min_frame.min(bytes.len());
        self.max_frame = self.max_frame.max(bytes.len());
        self.writer.write_all(bytes).map_err(ExportError::Write)?;
        self.frames += 1;
        self.pending.drain(..n);
        Ok(())
    }

    /// The 34-byte STREAMINFO body.
    fn stream_info(&self) -> [u8; 34] {
        let last = (self.samples % BLOCK as u64) as usize;
        let (min_block, max_block) = if self.frames <= 1 {
            let only = if last == 0 { BLOCK } else { last };
            (only, only)
        } else {
            (BLOCK, BLOCK)
        };
        let mut out = [0u8; 34];
        out[0..2].copy_from_slice(&(min_block as u16).to_be_bytes());
        out[2..4].copy_from_slice(&(max_block as u16).to_be_bytes());
        let min_frame = if self.min_frame == usize::MAX {
            0
        } else {
            self.min_frame
        };
        out[4..7].copy_from_slice(&(min_frame as u32).to_be_bytes()[1..]);
        out[7..10].copy_from_slice(&(self.max_frame as u32).to_be_bytes()[1..]);
        // 20 bits rate, 3 bits channels-1 (0), 5 bits bits-per-sample-1 (15), 36 bits samples.
        let packed: u64 =
            ((self.sample_rate as u64) << 44) | (15u64 << 36) | (self.samples & 0xF_FFFF_FFFF);
        out[10..18].copy_from_slice(&packed.to_be_bytes());
        out
    }
}

impl<W: Write + Seek> Encoder for FlacEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn chapter_marks(&mut self) -> Option<&mut ChapterMarks> {
        Some(&mut self.marks)
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        for s in samples {
            self.pending.push(to_i16(*s) as i32);
            if self.pending.len() == BLOCK {
                self.encode_frame(BLOCK)?;
            }
        }
        self.samples += samples.len() as u64;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        if !self.pending.is_empty() {
            let n = self.pending.len();
            self.encode_frame(n)?;
        }
        let info = self.stream_info();
        let chapters = self.marks.chapters(self.samples, self.sample_rate);
        let mut comments = std::mem::take(&mut self.comment_block);
        vorbis_comment::patch_times(&mut comments, &chapters);
        let w = &mut self.writer;
        let io = (|| {
            w.seek(SeekFrom::Start(8))?;
            w.write_all(&info)?;
            w.seek(SeekFrom::Start(COMMENT_AT))?;
            w.write_all(&comments)?;
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
    fn samples_decode_back_exactly_with_a_short_last_block() {
        let mut cur = std::io::Cursor::new(Vec::new());
        let opts = EncodeOptions::new(16_000);
        let input: Vec<f32> = (0..10_000)
            .map(|i| ((i % 97) as f32 - 48.0) / 100.0)
            .collect();
        let mut enc = Box::new(FlacEncoder::new(&mut cur, &opts).unwrap());
        enc.write(&input).unwrap();
        enc.finish().unwrap();
        let audio = crate::media::decode::decode_bytes(cur.into_inner()).unwrap();
        assert_eq!(audio.sample_rate, 16_000);
        assert_eq!(audio.samples.len(), 10_000);
        let want: Vec<f32> = input.iter().map(|s| to_i16(*s) as f32 / 32768.0).collect();
        assert_eq!(audio.samples, want);
    }
}
