//! Reading chapters back out of an audio file: [`read_chapters`] recognises the file by its first
//! bytes and reads the chapters every format of [`crate::export::format`] writes — ID3v2 `CHAP` frames
//! (MP3), `CHAPTERnnn` Vorbis comments (Ogg, FLAC), `cue ` + `labl` chunks (WAV), and for MP4
//! the chapter track or Nero `chpl` list ([`super::mp4`]); an MP4 file aloud cannot parse is
//! handed to `ffprobe` (from the `ffmpeg` package) when it is installed.
//!
//! This is what the tests use to check exports, and what a player can use to navigate a file.
//! It reads headers only (plus the end of an Ogg file for its length), never the audio.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;

use super::ogg::page_spans;
use super::vorbis_comment;

/// Why the chapters of a file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChapterError {
    /// The file is unreadable, damaged, or not an audio file aloud knows.
    #[error("cannot read the chapters of {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Reading this kind of file needs a program that is not installed.
    #[error("{what} needs the `{program}` program: install the package `{package}` (e.g. `apt-get install {package}`)")]
    MissingTool {
        /// What needed it.
        what: &'static str,
        /// The program looked for.
        program: String,
        /// The package that provides it.
        package: &'static str,
    },
}

/// One chapter of an audio file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    /// The section heading (the article title for the lead).
    pub title: String,
    /// Where it starts, in milliseconds from the start of the file.
    pub start_ms: u64,
    /// Where it ends (the next chapter's start, or the end of the file), in milliseconds.
    pub end_ms: u64,
}

/// Descriptive tags written where a format has a place for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    /// The article title.
    pub title: Option<String>,
    /// Who wrote it (the byline) or the site it came from.
    pub artist: Option<String>,
    /// Where it came from (site or file name): the album of podcast and audiobook apps.
    pub album: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Track number and count, for files of a `--split` export.
    pub track: Option<(u32, u32)>,
}

/// `HH:MM:SS.mmm`, the form Vorbis chapter comments and subtitles use.
pub fn hms_millis(ms: u64, separator: char) -> String {
    let h = ms / 3_600_000;
    let m = ms / 60_000 % 60;
    let s = ms / 1000 % 60;
    format!("{h:02}:{m:02}:{s:02}{separator}{:03}", ms % 1000)
}

/// Parses `HH:MM:SS.mmm` (or `,mmm`) back to milliseconds.
pub fn parse_hms_millis(s: &str) -> Option<u64> {
    let s = s.trim();
    let (hms, frac) = s.split_once(['.', ',']).unwrap_or((s, "0"));
    let mut parts = hms.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    let digits: String = frac.chars().take(3).collect();
    let mut millis: u64 = digits.parse().ok()?;
    for _ in digits.len()..3 {
        millis *= 10;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + millis)
}

fn bad(path: &Path, why: impl std::fmt::Display) -> ChapterError {
    ChapterError::Read {
        path: path.display().to_string(),
        reason: why.to_string(),
    }
}

/// The chapters of the audio file at `path`, in order (empty when it has none).
pub fn read_chapters(path: &Path) -> Result<Vec<Chapter>, ChapterError> {
    let mut file = File::open(path).map_err(|e| bad(path, e))?;
    let mut magic = [0u8; 12];
    let n = file.read(&mut magic).map_err(|e| bad(path, e))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| bad(path, e))?;
    let magic = &magic[..n];
    if magic.starts_with(b"ID3") {
        let tag = id3::Tag::read_from2(&mut file).map_err(|e| bad(path, e))?;
        Ok(id3_chapters(&tag))
    } else if magic.starts_with(b"RIFF") && magic.get(8..12) == Some(b"WAVE") {
        wav_chapters(&mut file).map_err(|e| bad(path, e))
    } else if magic.starts_with(b"fLaC") {
        flac_chapters(&mut file).map_err(|e| bad(path, e))
    } else if magic.starts_with(b"OggS") {
        ogg_chapters(&mut file).map_err(|e| bad(path, e))
    } else if magic.get(4..8) == Some(b"ftyp") {
        super::mp4::mp4_chapters(&mut file).or_else(|_| ffprobe_chapters(path))
    } else if magic.len() >= 2 && magic[0] == 0xFF && magic[1] & 0xE0 == 0xE0 {
        // An MP3 without an ID3 tag (a stream written to a pipe) has no chapters.
        Ok(Vec::new())
    } else {
        Err(bad(
            path,
            "not an audio file aloud writes (MP3, Ogg, FLAC, WAV or M4B)",
        ))
    }
}

/// The chapters of an ID3v2 tag, ordered by start time.
pub fn id3_chapters(tag: &id3::Tag) -> Vec<Chapter> {
    let mut out: Vec<Chapter> = tag
        .chapters()
        .map(|c| Chapter {
            title: c
                .frames
                .iter()
                .find(|f| f.id() == "TIT2")
                .and_then(|f| f.content().text())
                .unwrap_or_default()
                .to_string(),
            start_ms: c.start_time as u64,
            end_ms: c.end_time as u64,
        })
        .collect();
    out.sort_by_key(|c| c.start_ms);
    out
}

fn invalid(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string())
}

fn read_u32le(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

/// The chapters of a WAV file: its `cue ` points titled by the `labl` entries of `LIST/adtl`.
pub fn wav_chapters<R: Read + Seek>(r: &mut R) -> std::io::Result<Vec<Chapter>> {
    r.seek(SeekFrom::Start(12))?;
    let mut rate = 0u32;
    let mut block_align = 2u32;
    let mut data_len = 0u64;
    let mut cues: Vec<(u32, u64)> = Vec::new();
    let mut labels: Vec<(u32, String)> = Vec::new();
    loop {
        let mut id = [0u8; 4];
        match r.read_exact(&mut id) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        let len = read_u32le(r)? as u64;
        let body_at = r.stream_position()?;
        match &id {
            b"fmt " => {
                let mut fmt = [0u8; 16];
                r.read_exact(&mut fmt)?;
                rate = u32::from_le_bytes([fmt[4], fmt[5], fmt[6], fmt[7]]);
                block_align = u16::from_le_bytes([fmt[12], fmt[13]]).max(1) as u32;
            }
            b"data" => data_len = len,
            b"cue " if len <= 1 << 24 => {
                let mut body = vec![0u8; len as usize];
                r.read_exact(&mut body)?;
                let word = |at: usize| {
                    body.get(at..at + 4)
                        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                };
                let count = word(0).unwrap_or(0) as usize;
                for i in 0..count.min(body.len() / 24) {
                    let at = 4 + i * 24;
                    if let (Some(id), Some(offset)) = (word(at), word(at + 20)) {
                        cues.push((id, offset as u64));
                    }
                }
            }
            b"LIST" if len <= 1 << 24 => {
                let mut body = vec![0u8; len as usize];
                r.read_exact(&mut body)?;
                if body.starts_with(b"adtl") {
                    let mut at = 4;
                    while let Some(head) = body.get(at..at + 8) {
                        let sub_len =
                            u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
                        let Some(sub) = body.get(at + 8..at + 8 + sub_len) else {
                            break;
                        };
                        if &head[..4] == b"labl" && sub.len() >= 4 {
                            let id = u32::from_le_bytes([sub[0], sub[1], sub[2], sub[3]]);
                            let text = String::from_utf8_lossy(&sub[4..]);
                            labels.push((id, text.trim_end_matches('\0').to_string()));
                        }
                        at += 8 + sub_len + sub_len % 2;
                    }
                }
            }
            _ => {}
        }
        if len == u32::MAX as u64 {
            break; // an open-ended data chunk from a pipe: nothing follows
        }
        r.seek(SeekFrom::Start(body_at + len + len % 2))?;
    }
    if rate == 0 {
        return Err(invalid("WAV file without a format chunk"));
    }
    let total = data_len / block_align as u64;
    let ms = |s: u64| s * 1000 / rate as u64;
    cues.sort_by_key(|(_, at)| *at);
    Ok(cues
        .iter()
        .enumerate()
        .map(|(i, (id, at))| Chapter {
            title: labels
                .iter()
                .find(|(l, _)| l == id)
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
            start_ms: ms(*at),
            end_ms: ms(cues.get(i + 1).map_or(total, |(_, next)| *next)),
        })
        .collect())
}

/// The chapters in a FLAC file's `VORBIS_COMMENT` block.
pub fn flac_chapters<R: Read + Seek>(r: &mut R) -> std::io::Result<Vec<Chapter>> {
    r.seek(SeekFrom::Start(4))?;
    let mut total_ms = 0u64;
    let mut comments = Vec::new();
    loop {
        let mut head = [0u8; 4];
        r.read_exact(&mut head)?;
        let last = head[0] & 0x80 != 0;
        let len = u32::from_be_bytes([0, head[1], head[2], head[3]]) as usize;
        match head[0] & 0x7F {
            0 if len >= 18 => {
                let mut body = vec![0u8; len];
                r.read_exact(&mut body)?;
                let packed = u64::from_be_bytes([
                    body[10], body[11], body[12], body[13], body[14], body[15], body[16], body[17],
                ]);
                let rate = packed >> 44;
                let samples = packed & 0xF_FFFF_FFFF;
                total_ms = (samples * 1000).checked_div(rate).unwrap_or(0);
            }
            4 => {
                let mut body = vec![0u8; len];
                r.read_exact(&mut body)?;
                comments = vorbis_comment::parse_block(&body)
                    .ok_or_else(|| invalid("broken FLAC comment block"))?;
            }
            _ => {
                r.seek(SeekFrom::Current(len as i64))?;
            }
        }
        if last {
            break;
        }
    }
    Ok(vorbis_comment::chapters_from_comments(&comments, total_ms))
}

/// The chapters in an Ogg Vorbis file's comment header; the last ends at the final granule.
pub fn ogg_chapters<R: Read + Seek>(r: &mut R) -> std::io::Result<Vec<Chapter>> {
    const HEAD: u64 = 1 << 20;
    let mut head = Vec::new();
    r.by_ref().take(HEAD).read_to_end(&mut head)?;
    // Packets: the identification header (sample rate), then the comment header.
    let mut packets: Vec<Vec<u8>> = vec![Vec::new()];
    for span in page_spans(&head) {
        // Split the page payload by its lacing values.
        let nsegs = head[span.start + 26] as usize;
        let table = &head[span.start + 27..span.start + 27 + nsegs];
        let mut at = span.payload.start;
        for lace in table {
            let n = *lace as usize;
            if let Some(last) = packets.last_mut() {
                last.extend_from_slice(&head[at..at + n]);
            }
            at += n;
            if n < 255 {
                packets.push(Vec::new());
            }
        }
        if packets.len() > 2 {
            break;
        }
    }
    let ident = packets.first().ok_or_else(|| invalid("empty Ogg file"))?;
    if !ident.starts_with(b"\x01vorbis") || ident.len() < 16 {
        return Err(invalid("not an Ogg Vorbis file"));
    }
    let rate = u32::from_le_bytes([ident[12], ident[13], ident[14], ident[15]]) as u64;
    let comment = packets
        .get(1)
        .filter(|p| p.starts_with(b"\x03vorbis"))
        .ok_or_else(|| invalid("Ogg file without a Vorbis comment header"))?;
    let comments = vorbis_comment::parse_block(&comment[7..])
        .ok_or_else(|| invalid("broken Vorbis comment header"))?;
    // The length: the granule position of the last page.
    let end = r.seek(SeekFrom::End(0))?;
    let from = end.saturating_sub(1 << 16);
    r.seek(SeekFrom::Start(from))?;
    let mut tail = Vec::new();
    r.read_to_end(&mut tail)?;
    let last_granule = tail
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"OggS")
        .filter_map(|(i, _)| page_spans(&tail[i..]).first().map(|p| p.granule))
        .rfind(|g| *g != u64::MAX)
        .unwrap_or(0);
    let total_ms = (last_granule * 1000).checked_div(rate).unwrap_or(0);
    Ok(vorbis_comment::chapters_from_comments(&comments, total_ms))
}

/// The chapters of an MP4 file as `ffprobe` lists them.
fn ffprobe_chapters(path: &Path) -> Result<Vec<Chapter>, ChapterError> {
    let program = std::env::var_os("ALOUD_FFPROBE").unwrap_or_else(|| "ffprobe".into());
    let out = std::process::Command::new(&program)
        .args(["-v", "error", "-show_chapters", "-of", "json"])
        .arg(path)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                ChapterError::MissingTool {
                    what: "reading MP4 chapters",
                    program: Path::new(&program).display().to_string(),
                    package: "ffmpeg",
                }
            } else {
                bad(path, e)
            }
        })?;
    if !out.status.success() {
        return Err(bad(path, String::from_utf8_lossy(&out.stderr).trim()));
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| bad(path, e))?;
    let secs = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|s| s.parse::<f64>().ok())
            .map_or(0, |s| (s * 1000.0).round() as u64)
    };
    Ok(json["chapters"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|c| Chapter {
                    title: c["tags"]["title"].as_str().unwrap_or_default().to_string(),
                    start_ms: secs(&c["start_time"]),
                    end_ms: secs(&c["end_time"]),
                })
                .collect()
        })
        .unwrap_or_default())
}
