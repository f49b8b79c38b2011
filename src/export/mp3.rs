//! MP3 output through LAME (`mp3lame-encoder`, bundled), mono, constant bitrate (64 kbit/s by
//! default), with:
//! - an ID3v2.4 tag first: title, artist, album, date, track, and one `CHAP` frame per section
//!   plus a `CTOC` table of contents — the chapters podcast apps show;
//! - the LAME/Xing tag in the first audio frame, rewritten at the end with the frame count and
//!   encoder delay/padding, so decoders trim to the exact length. LAME only writes it when it fits
//!   in one frame: at 22/24 kHz that takes 64 kbit/s or more, so a lower `--bitrate` there gives
//!   a file whose decoded length is up to two frames (~50 ms) longer.
//!
//! Chapter times are only known at the end, so the ID3 tag is written first with placeholder
//! times and spare padding, and rewritten in place (same size) when the audio is complete. On a
//! pipe neither tag can be rewritten: the stream then starts with a tag of text frames only and
//! carries no LAME tag (its length is then known only to within one frame).

use std::io::{Seek, SeekFrom, Write};

use mp3lame_encoder::{Bitrate, Builder, FlushGap, Mode, MonoPcm, Quality};

use super::chapters::{Chapter, ChapterMarks, Tags};
use super::format::EncodeOptions;
use super::{Encoder, ExportError};

/// Spare bytes in the ID3 tag so that its final form never outgrows the reserved space.
const ID3_SPARE: usize = 512;

/// Streams mono PCM into an MP3.
pub struct Mp3Encoder<W: Write + Seek> {
    writer: W,
    lame: mp3lame_encoder::Encoder,
    sample_rate: u32,
    seekable: bool,
    tags: Tags,
    marks: ChapterMarks,
    /// Bytes reserved for the ID3 tag at the start (0 on a pipe).
    id3_len: usize,
    samples: u64,
    out: Vec<u8>,
}

fn lame_err(what: &str, e: impl std::fmt::Debug) -> ExportError {
    ExportError::Encode(format!("MP3 encoder: {what}: {e:?}"))
}

/// The LAME bitrate closest to `kbps`.
fn bitrate(kbps: u32) -> Bitrate {
    const ALL: [(u32, Bitrate); 16] = [
        (8, Bitrate::Kbps8),
        (16, Bitrate::Kbps16),
        (24, Bitrate::Kbps24),
        (32, Bitrate::Kbps32),
        (40, Bitrate::Kbps40),
        (48, Bitrate::Kbps48),
        (64, Bitrate::Kbps64),
        (80, Bitrate::Kbps80),
        (96, Bitrate::Kbps96),
        (112, Bitrate::Kbps112),
        (128, Bitrate::Kbps128),
        (160, Bitrate::Kbps160),
        (192, Bitrate::Kbps192),
        (224, Bitrate::Kbps224),
        (256, Bitrate::Kbps256),
        (320, Bitrate::Kbps320),
    ];
    ALL.iter()
        .min_by_key(|(k, _)| k.abs_diff(kbps))
        .map_or(Bitrate::Kbps48, |(_, b)| *b)
}

/// The ID3v2 tag for `tags` and `chapters` (CHAP frames `ch0`, `ch1`, … and a top-level CTOC).
pub fn id3_tag(tags: &Tags, chapters: &[Chapter]) -> id3::Tag {
    use id3::TagLike;
    let mut tag = id3::Tag::new();
    if let Some(t) = &tags.title {
        tag.set_title(t.as_str());
    }
    if let Some(a) = &tags.artist {
        tag.set_artist(a.as_str());
    }
    if let Some(a) = &tags.album {
        tag.set_album(a.as_str());
    }
    if let Some(ts) = tags
        .date
        .as_deref()
        .and_then(|d| d.parse::<id3::Timestamp>().ok())
    {
        tag.set_date_recorded(ts);
    }
    if let Some((n, of)) = tags.track {
        tag.set_track(n);
        tag.set_total_tracks(of);
    }
    tag.set_genre("Speech");
    let ids: Vec<String> = (0..chapters.len()).map(|i| format!("ch{i}")).collect();
    for (c, id) in chapters.iter().zip(&ids) {
        tag.add_frame(id3::frame::Chapter {
            element_id: id.clone(),
            start_time: u32::try_from(c.start_ms).unwrap_or(u32::MAX),
            end_time: u32::try_from(c.end_ms).unwrap_or(u32::MAX),
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![id3::Frame::text("TIT2", c.title.as_str())],
        });
    }
    if !ids.is_empty() {
        tag.add_frame(id3::frame::TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: vec![id3::Frame::text("TIT2", "Sections")],
        });
    }
    tag
}

/// `tag` encoded as ID3v2.4, padded to exactly `size` bytes when given.
fn encode_id3(tag: &id3::Tag, size: Option<usize>) -> Result<Vec<u8>, ExportError> {
    let encode = |padding: usize| -> Result<Vec<u8>, ExportError> {
        let mut out = Vec::new();
        id3::Encoder::new()
            .version(id3::Version::Id3v24)
            .padding(padding)
            .encode(tag, &mut out)
            .map_err(|e| ExportError::Encode(format!("ID3 tag: {e}")))?;
        Ok(out)
    };
    let bare = encode(0)?;
    match size {
        None => encode(ID3_SPARE),
        Some(size) if size >= bare.len() => encode(size - bare.len()),
        Some(_) => Err(ExportError::Encode(
            "the chapter list outgrew the space kept for it in the MP3 tag".into(),
        )),
    }
}

impl<W: Write + Seek> Mp3Encoder<W> {
    /// An MP3 encoder writing to `writer` with the rate, bitrate, tags and chapters of `opts`.
    pub fn new(mut writer: W, opts: &EncodeOptions) -> Result<Mp3Encoder<W>, ExportError> {
        let rate = opts.sample_rate;
        let mut b = Builder::new().ok_or_else(|| lame_err("start", "out of memory"))?;
        b.set_num_channels(1).map_err(|e| lame_err("channels", e))?;
        b.set_sample_rate(rate).map_err(|e| lame_err("rate", e))?;
        b.set_output_sample_rate(std::num::NonZeroU32::new(rate))
            .map_err(|e| lame_err("rate", e))?;
        b.set_mode(Mode::Mono).map_err(|e| lame_err("mode", e))?;
        b.set_brate(bitrate(opts.bitrate()))
            .map_err(|e| lame_err("bitrate", e))?;
        b.set_quality(Quality::Ok)
            .map_err(|e| lame_err("quality", e))?;
        b.set_to_write_vbr_tag(opts.seekable)
            .map_err(|e| lame_err("LAME tag", e))?;
        let lame = b.build().map_err(|e| {
            ExportError::BadOption(format!(
                "LAME cannot encode {rate} Hz at {} kbit/s ({e:?}): pick another --bitrate",
                opts.bitrate()
            ))
        })?;
        let marks = ChapterMarks::new(opts.chapter_titles.clone());
        let placeholder: Vec<Chapter> = if opts.seekable {
            marks
                .titles()
                .iter()
                .map(|t| Chapter {
                    title: t.clone(),
                    start_ms: 0,
                    end_ms: 0,
                })
                .collect()
        } else {
            Vec::new()
        };
        let head = encode_id3(&id3_tag(&opts.tags, &placeholder), None)?;
        writer.write_all(&head).map_err(ExportError::Write)?;
        Ok(Mp3Encoder {
            writer,
            lame,
            sample_rate: rate,
            seekable: opts.seekable,
            tags: opts.tags.clone(),
            marks,
            id3_len: if opts.seekable { head.len() } else { 0 },
            samples: 0,
            out: Vec::new(),
        })
    }

    /// Encodes `pcm` (LAME takes `f32` in -1..1 as it is: no conversion pass).
    fn encode_pcm(&mut self, pcm: &[f32]) -> Result<(), ExportError> {
        self.out.clear();
        self.out.reserve(pcm.len() * 5 / 4 + 7200);
        self.lame
            .encode_to_vec(MonoPcm(pcm), &mut self.out)
            .map_err(|e| lame_err("encode", e))?;
        self.samples += pcm.len() as u64;
        self.writer.write_all(&self.out).map_err(ExportError::Write)
    }
}

impl<W: Write + Seek> Encoder for Mp3Encoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn chapter_marks(&mut self) -> Option<&mut ChapterMarks> {
        Some(&mut self.marks)
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        for chunk in samples.chunks(1 << 16) {
            self.encode_pcm(chunk)?;
        }
        Ok(())
    }

    fn write_silence(&mut self, samples: usize) -> Result<(), ExportError> {
        static ZEROS: [f32; 8192] = [0.0; 8192];
        let mut left = samples;
        while left > 0 {
            let n = left.min(ZEROS.len());
            self.encode_pcm(&ZEROS[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.clear();
        self.out.reserve(7200);
        self.lame
            .flush_to_vec::<FlushGap>(&mut self.out)
            .map_err(|e| lame_err("flush", e))?;
        self.writer
            .write_all(&self.out)
            .map_err(ExportError::Write)?;
        if !self.seekable {
            return self.writer.flush().map_err(ExportError::Write);
        }
        let mut lame_tag = Vec::with_capacity(self.lame.lame_tag_size());
        let has_tag = self.lame.lame_tag_encode_to_vec(&mut lame_tag).is_some();
        let chapters = self.marks.chapters(self.samples, self.sample_rate);
        let head = encode_id3(&id3_tag(&self.tags, &chapters), Some(self.id3_len))?;
        let at = self.id3_len as u64;
        let w = &mut self.writer;
        let io = (|| {
            w.seek(SeekFrom::Start(0))?;
            w.write_all(&head)?;
            if has_tag {
                w.seek(SeekFrom::Start(at))?;
                w.write_all(&lame_tag)?;
            }
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
    fn bitrates_snap_to_what_lame_offers() {
        assert!(matches!(bitrate(48), Bitrate::Kbps48));
        assert!(matches!(bitrate(50), Bitrate::Kbps48));
        assert!(matches!(bitrate(60), Bitrate::Kbps64));
        assert!(matches!(bitrate(1000), Bitrate::Kbps320));
    }

    #[test]
    fn the_final_tag_fills_exactly_the_reserved_space() {
        let titles = [Chapter {
            title: "A long enough title".into(),
            start_ms: 0,
            end_ms: 0,
        }];
        let first = encode_id3(&id3_tag(&Tags::default(), &titles), None).unwrap();
        let mut real = titles.clone();
        real[0].end_ms = 123_456;
        let second = encode_id3(&id3_tag(&Tags::default(), &real), Some(first.len())).unwrap();
        assert_eq!(first.len(), second.len());
        let back = id3::Tag::read_from2(std::io::Cursor::new(second)).unwrap();
        assert_eq!(back.chapters().next().map(|c| c.end_time), Some(123_456));
    }
}
