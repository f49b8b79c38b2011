//! Ogg Vorbis output (`vorbis_rs`, bundled libvorbis), mono, quality-based VBR (0.2 by default,
//! about 48 kbit/s for speech), with tags and `CHAPTERnnn` comments.
//!
//! The comment header is written before any audio, so it carries placeholder chapter times. The
//! header pages are captured as they are written; at the end the real times are patched into
//! them (same length), each touched page gets its CRC recomputed, and the pages are written back
//! over the start of the file. Not covered: writing to a pipe (see [`super::format`]).

use std::cell::RefCell;
use std::io::{Seek, SeekFrom, Write};
use std::num::{NonZeroU32, NonZeroU8};
use std::rc::Rc;

use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoder, VorbisEncoderBuilder};

use super::chapters::{Chapter, ChapterMarks};
use super::format::EncodeOptions;
use super::{Encoder, ExportError};
use crate::media::ogg::{ogg_crc, page_spans};
use crate::media::vorbis_comment;

/// A sink that keeps a copy of what is written while capturing is on (the header pages).
struct Tee<W: Write> {
    inner: W,
    capture: Rc<RefCell<Option<Vec<u8>>>>,
}

impl<W: Write> Write for Tee<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(c) = self.capture.borrow_mut().as_mut() {
            c.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Streams mono PCM into an Ogg Vorbis file.
pub struct OggEncoder<W: Write + Seek> {
    encoder: VorbisEncoder<Tee<W>>,
    header: Vec<u8>,
    sample_rate: u32,
    samples: u64,
    marks: ChapterMarks,
}

fn vorbis_err(e: vorbis_rs::VorbisError) -> ExportError {
    match e {
        vorbis_rs::VorbisError::Io(io) => ExportError::Write(io),
        other => ExportError::Encode(format!("Vorbis encoder: {other}")),
    }
}

impl<W: Write + Seek> OggEncoder<W> {
    /// An Ogg Vorbis encoder writing to `writer`.
    pub fn new(writer: W, opts: &EncodeOptions) -> Result<OggEncoder<W>, ExportError> {
        let rate = NonZeroU32::new(opts.sample_rate)
            .ok_or_else(|| ExportError::BadOption("the sample rate must not be 0".into()))?;
        let capture = Rc::new(RefCell::new(Some(Vec::new())));
        let tee = Tee {
            inner: writer,
            capture: Rc::clone(&capture),
        };
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
        let mut builder =
            VorbisEncoderBuilder::new(rate, NonZeroU8::MIN, tee).map_err(vorbis_err)?;
        builder
            .bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr {
                target_quality: opts.quality.unwrap_or(0.2).clamp(-0.1, 1.0),
            })
            .comment_tags(vorbis_comment::comments(&opts.tags, &planned))
            .map_err(vorbis_err)?;
        let encoder = builder.build().map_err(vorbis_err)?;
        let header = capture.borrow_mut().take().unwrap_or_default();
        Ok(OggEncoder {
            encoder,
            header,
            sample_rate: opts.sample_rate,
            samples: 0,
            marks,
        })
    }
}

impl<W: Write + Seek> Encoder for OggEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn chapter_marks(&mut self) -> Option<&mut ChapterMarks> {
        Some(&mut self.marks)
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        for block in samples.chunks(4096) {
            self.encoder
                .encode_audio_block([block])
                .map_err(vorbis_err)?;
        }
        self.samples += samples.len() as u64;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        let OggEncoder {
            encoder,
            mut header,
            sample_rate,
            samples,
            marks,
        } = *self;
        let mut tee = encoder.finish().map_err(vorbis_err)?;
        let chapters = marks.chapters(samples, sample_rate);
        patch_header_pages(&mut header, &chapters);
        let w = &mut tee.inner;
        let io = (|| {
            w.seek(SeekFrom::Start(0))?;
            w.write_all(&header)?;
            w.seek(SeekFrom::End(0))?;
            w.flush()
        })();
        io.map_err(ExportError::Write)
    }
}

/// Patches chapter times into the payloads of the Ogg pages in `pages` (the stream's first
/// bytes) and fixes the CRC of every page.
fn patch_header_pages(pages: &mut [u8], chapters: &[Chapter]) {
    // Where each page's payload lies, so that the payloads can be patched as one run of bytes
    // (a comment may straddle two pages).
    let spans = page_spans(pages);
    let mut joined: Vec<u8> = spans
        .iter()
        .flat_map(|s| pages[s.payload.clone()].iter().copied())
        .collect();
    vorbis_comment::patch_times(&mut joined, chapters);
    let mut at = 0;
    for s in &spans {
        let len = s.payload.len();
        pages[s.payload.clone()].copy_from_slice(&joined[at..at + len]);
        at += len;
        let page = &mut pages[s.start..s.payload.end];
        page[22..26].copy_from_slice(&[0; 4]);
        let crc = ogg_crc(page);
        page[22..26].copy_from_slice(&crc.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_pages_keep_valid_checksums_after_patching() {
        let mut cur = std::io::Cursor::new(Vec::new());
        let mut opts = EncodeOptions::new(22_050);
        opts.chapter_titles = vec!["First".into(), "Second".into()];
        let mut enc = Box::new(OggEncoder::new(&mut cur, &opts).unwrap());
        enc.start_section(0, 0).unwrap();
        enc.write(&vec![0.1; 22_050]).unwrap();
        enc.start_section(1, 22_050).unwrap();
        enc.write(&vec![-0.1; 11_025]).unwrap();
        enc.finish().unwrap();
        let mut bytes = cur.into_inner();
        let spans = page_spans(&bytes);
        assert!(spans.len() >= 3, "{} pages", spans.len());
        for s in &spans {
            let page = &mut bytes[s.start..s.payload.end];
            let stored = u32::from_le_bytes([page[22], page[23], page[24], page[25]]);
            page[22..26].copy_from_slice(&[0; 4]);
            assert_eq!(ogg_crc(page), stored);
        }
    }
}
