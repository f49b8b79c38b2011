//! 16-bit mono WAV output, written as samples arrive, with one chapter per section as a
//! `cue ` chunk (one cue point per section start) and a `LIST/adtl` chunk of `labl` titles after
//! the audio — the layout ffprobe, Audacity and most editors read — and the tags as a
//! `LIST/INFO` chunk (`INAM` title, `IART` artist, `IPRD` album, `ICRD` date).
//!
//! On a seekable writer the RIFF and data lengths are fixed up at the end. On a pipe the lengths
//! are written as `0xFFFFFFFF` ("until the end of the stream", which players accept) and no
//! chapters are written, since nothing can follow an open-ended data chunk.

use std::io::{Seek, SeekFrom, Write};

use super::chapters::{ChapterMarks, Tags};
use super::format::EncodeOptions;
use super::{Encoder, ExportError};
use crate::audio::extend_i16_le;

/// Streams mono PCM into a 16-bit WAV.
pub struct WavEncoder<W: Write + Seek> {
    writer: W,
    sample_rate: u32,
    seekable: bool,
    samples: u64,
    marks: ChapterMarks,
    tags: Tags,
    buf: Vec<u8>,
}

const HEADER_LEN: u64 = 44;

impl<W: Write + Seek> WavEncoder<W> {
    /// A WAV of `sample_rate` samples per second written to `writer`, without chapters.
    pub fn new(writer: W, sample_rate: u32) -> Result<WavEncoder<W>, ExportError> {
        WavEncoder::with_options(writer, &EncodeOptions::new(sample_rate))
    }

    /// A WAV with the chapters of `opts` (when seekable).
    pub fn with_options(mut writer: W, opts: &EncodeOptions) -> Result<WavEncoder<W>, ExportError> {
        let open = if opts.seekable { 0 } else { u32::MAX };
        let rate = opts.sample_rate;
        let mut h = Vec::with_capacity(HEADER_LEN as usize);
        h.extend_from_slice(b"RIFF");
        h.extend_from_slice(&open.to_le_bytes());
        h.extend_from_slice(b"WAVEfmt ");
        h.extend_from_slice(&16u32.to_le_bytes());
        h.extend_from_slice(&1u16.to_le_bytes()); // PCM
        h.extend_from_slice(&1u16.to_le_bytes()); // mono
        h.extend_from_slice(&rate.to_le_bytes());
        h.extend_from_slice(&(rate * 2).to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&16u16.to_le_bytes());
        h.extend_from_slice(b"data");
        h.extend_from_slice(&open.to_le_bytes());
        writer.write_all(&h).map_err(ExportError::Write)?;
        Ok(WavEncoder {
            writer,
            sample_rate: rate,
            seekable: opts.seekable,
            samples: 0,
            marks: ChapterMarks::new(opts.chapter_titles.clone()),
            tags: opts.tags.clone(),
            buf: Vec::new(),
        })
    }

    fn append(&mut self) -> Result<(), ExportError> {
        if self.seekable && (self.samples * 2 + self.buf.len() as u64) > u32::MAX as u64 - (1 << 20)
        {
            return Err(ExportError::Encode(
                "the WAV would pass 4 GiB, the format's limit: export to mp3, ogg or flac".into(),
            ));
        }
        self.writer
            .write_all(&self.buf)
            .map_err(ExportError::Write)?;
        self.samples += self.buf.len() as u64 / 2;
        Ok(())
    }

    /// The `LIST/INFO` chunk of the tags (empty when there are none).
    fn info_chunk(&self) -> Vec<u8> {
        let mut info = b"INFO".to_vec();
        for (id, value) in [
            (b"INAM", &self.tags.title),
            (b"IART", &self.tags.artist),
            (b"IPRD", &self.tags.album),
            (b"ICRD", &self.tags.date),
        ] {
            if let Some(v) = value {
                let mut text = v.as_bytes().to_vec();
                text.push(0);
                info.extend_from_slice(id);
                info.extend_from_slice(&(text.len() as u32).to_le_bytes());
                info.extend_from_slice(&text);
                if text.len() % 2 == 1 {
                    info.push(0);
                }
            }
        }
        if info.len() == 4 {
            return Vec::new();
        }
        let mut out = b"LIST".to_vec();
        out.extend_from_slice(&(info.len() as u32).to_le_bytes());
        out.extend_from_slice(&info);
        out
    }

    fn chapter_chunks(&self) -> Vec<u8> {
        let marks = &self.marks;
        let chapters = marks.chapters(self.samples, self.sample_rate);
        if chapters.is_empty() {
            return self.info_chunk();
        }
        let mut cue = Vec::new();
        cue.extend_from_slice(&(chapters.len() as u32).to_le_bytes());
        let mut adtl = b"adtl".to_vec();
        for (i, c) in chapters.iter().enumerate() {
            let id = i as u32 + 1;
            let at = c.start_ms * self.sample_rate as u64 / 1000;
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            cue.extend_from_slice(&id.to_le_bytes());
            cue.extend_from_slice(&at.to_le_bytes());
            cue.extend_from_slice(b"data");
            cue.extend_from_slice(&0u32.to_le_bytes());
            cue.extend_from_slice(&0u32.to_le_bytes());
            cue.extend_from_slice(&at.to_le_bytes());
            let mut text = c.title.as_bytes().to_vec();
            text.push(0);
            adtl.extend_from_slice(b"labl");
            adtl.extend_from_slice(&(4 + text.len() as u32).to_le_bytes());
            adtl.extend_from_slice(&id.to_le_bytes());
            adtl.extend_from_slice(&text);
            if text.len() % 2 == 1 {
                adtl.push(0);
            }
        }
        let mut out = b"cue ".to_vec();
        out.extend_from_slice(&(cue.len() as u32).to_le_bytes());
        out.extend_from_slice(&cue);
        out.extend_from_slice(b"LIST");
        out.extend_from_slice(&(adtl.len() as u32).to_le_bytes());
        out.extend_from_slice(&adtl);
        out.extend_from_slice(&self.info_chunk());
        out
    }
}

impl<W: Write + Seek> Encoder for WavEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn chapter_marks(&mut self) -> Option<&mut ChapterMarks> {
        Some(&mut self.marks)
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
        if !self.seekable {
            return self.writer.flush().map_err(ExportError::Write);
        }
        let data_len = self.samples * 2;
        let chunks = self.chapter_chunks();
        let riff_len = HEADER_LEN - 8 + data_len + chunks.len() as u64;
        let (Ok(data_len), Ok(riff_len)) = (u32::try_from(data_len), u32::try_from(riff_len))
        else {
            return Err(ExportError::Encode(
                "the audio is too long for a WAV file (over 4 GB): export to mp3, ogg or flac"
                    .into(),
            ));
        };
        let w = &mut self.writer;
        let io = (|| {
            w.write_all(&chunks)?;
            w.seek(SeekFrom::Start(4))?;
            w.write_all(&riff_len.to_le_bytes())?;
            w.seek(SeekFrom::Start(40))?;
            w.write_all(&data_len.to_le_bytes())?;
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

    #[test]
    fn an_empty_file_is_a_valid_wav() {
        let mut cur = std::io::Cursor::new(Vec::new());
        Box::new(WavEncoder::new(&mut cur, 22_050).unwrap())
            .finish()
            .unwrap();
        cur.set_position(0);
        assert_eq!(hound::WavReader::new(cur).unwrap().len(), 0);
    }

    #[test]
    fn chapters_follow_the_audio_and_hound_still_reads_it() {
        let mut cur = std::io::Cursor::new(Vec::new());
        let mut opts = EncodeOptions::new(8_000);
        opts.chapter_titles = vec!["Lead".into(), "Odd title".into()];
        opts.tags.title = Some("The article".into());
        let mut enc = Box::new(WavEncoder::with_options(&mut cur, &opts).unwrap());
        enc.start_section(0, 0).unwrap();
        enc.write_silence(8_000).unwrap();
        enc.start_section(1, 8_000).unwrap();
        enc.write(&[0.25; 4_000]).unwrap();
        enc.finish().unwrap();
        let bytes = cur.into_inner();
        let chapters =
            crate::media::chapters::wav_chapters(&mut std::io::Cursor::new(&bytes)).unwrap();
        let got: Vec<_> = chapters
            .iter()
            .map(|c| (c.title.as_str(), c.start_ms))
            .collect();
        assert_eq!(got, vec![("Lead", 0), ("Odd title", 1000)]);
        let info = bytes.windows(4).position(|w| w == b"INAM").unwrap();
        assert_eq!(&bytes[info + 8..info + 20], b"The article\0");
        let r = hound::WavReader::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(r.len(), 12_000);
    }

    #[test]
    fn a_pipe_gets_open_ended_lengths() {
        let mut out = Vec::new();
        let mut opts = EncodeOptions::new(8_000);
        opts.seekable = false;
        let mut enc = Box::new(
            WavEncoder::with_options(crate::export::output::Unseekable::new(&mut out), &opts)
                .unwrap(),
        );
        enc.write(&[0.5; 10]).unwrap();
        enc.finish().unwrap();
        assert_eq!(&out[4..8], &[0xFF; 4]);
        assert_eq!(&out[40..44], &[0xFF; 4]);
        assert_eq!(out.len(), 44 + 20);
    }
}
