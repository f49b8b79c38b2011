//! Chapters of MP4 files (M4B, M4A) read from the file itself, with no outside program: the
//! QuickTime chapter track (a text track named by the audio track's `tref/chap`, one sample per
//! chapter: its title, and its duration the chapter's), or else a Nero `chpl` list in
//! `moov/udta` (start times in units of 100 ns, titles; the last chapter ends with the movie).
//! ffmpeg writes both; Apple's tools the track. Only the `moov` box is read (at most
//! [`MAX_MOOV`] bytes) and the chapter titles' few bytes, never the audio. Not covered:
//! fragmented MP4 (`moof`), edit lists on the chapter track, titles in encodings other than
//! UTF-8 and UTF-16.

use std::io::{self, Read, Seek, SeekFrom};

use super::chapters::Chapter;

/// The largest `moov` box read (its sample tables grow with the file's length: about 6 MB for
/// ten hours of AAC).
pub const MAX_MOOV: u64 = 256 << 20;

fn invalid(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.to_string())
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)
        .map(|x| u64::from_be_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]))
}

/// The child boxes of `body`: (type, contents).
fn boxes(body: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(size) = u32_at(body, at) {
        let Some(kind) = body.get(at + 4..at + 8) else {
            break;
        };
        let kind = [kind[0], kind[1], kind[2], kind[3]];
        let (head, len) = match size {
            0 => (8, body.len() - at),
            1 => match u64_at(body, at + 8) {
                Some(l) => (16, l as usize),
                None => break,
            },
            n => (8, n as usize),
        };
        if len < head || at + len > body.len() {
            break;
        }
        out.push((kind, &body[at + head..at + len]));
        at += len;
    }
    out
}

fn child<'a>(body: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(body)
        .into_iter()
        .find(|(k, _)| k == kind)
        .map(|(_, b)| b)
}

fn path<'a>(body: &'a [u8], kinds: &[&[u8; 4]]) -> Option<&'a [u8]> {
    kinds.iter().try_fold(body, |b, k| child(b, k))
}

/// The `moov` box of the file `r`.
fn read_moov<R: Read + Seek>(r: &mut R) -> io::Result<Vec<u8>> {
    let end = r.seek(SeekFrom::End(0))?;
    let mut at = 0u64;
    while at + 8 <= end {
        r.seek(SeekFrom::Start(at))?;
        let mut head = [0u8; 16];
        r.read_exact(&mut head[..8])?;
        let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as u64;
        let (skip, len) = match size {
            0 => (8, end - at),
            1 => {
                r.read_exact(&mut head[8..])?;
                (16, u64_at(&head, 8).unwrap_or(0))
            }
            n => (8, n),
        };
        if len < skip {
            return Err(invalid("broken MP4 box"));
        }
        if &head[4..8] == b"moov" {
            if len - skip > MAX_MOOV {
                return Err(invalid("MP4 header too large"));
            }
            let mut body = vec![0u8; (len - skip) as usize];
            r.read_exact(&mut body)?;
            return Ok(body);
        }
        at += len;
    }
    Err(invalid("MP4 file without a moov box"))
}

/// The chapters of the MP4 file `r`: its chapter track's, else its `chpl` list's (empty when it
/// has neither).
pub fn mp4_chapters<R: Read + Seek>(r: &mut R) -> io::Result<Vec<Chapter>> {
    let moov = read_moov(r)?;
    let tracks: Vec<&[u8]> = boxes(&moov)
        .into_iter()
        .filter(|(k, _)| k == b"trak")
        .map(|(_, b)| b)
        .collect();
    let chapter_ids: Vec<u32> = tracks
        .iter()
        .filter_map(|t| path(t, &[b"tref", b"chap"]))
        .flat_map(|ids| ids.chunks_exact(4).filter_map(|c| u32_at(c, 0)))
        .collect();
    let chapter_track = tracks
        .iter()
        .find(|t| track_id(t).is_some_and(|id| chapter_ids.contains(&id)));
    if let Some(track) = chapter_track {
        let chapters = track_chapters(r, track)?;
        if !chapters.is_empty() {
            return Ok(chapters);
        }
    }
    Ok(chpl_chapters(&moov))
}

fn track_id(trak: &[u8]) -> Option<u32> {
    let tkhd = child(trak, b"tkhd")?;
    let at = if tkhd.first() == Some(&1) { 20 } else { 12 };
    u32_at(tkhd, at)
}

/// `(timescale, duration)` of an `mvhd` or `mdhd` box.
fn timescale(header: &[u8]) -> Option<(u32, u64)> {
    if header.first() == Some(&1) {
        Some((u32_at(header, 20)?, u64_at(header, 24)?))
    } else {
        Some((u32_at(header, 12)?, u64::from(u32_at(header, 16)?)))
    }
}

/// The titles and times of a chapter track's samples.
fn track_chapters<R: Read + Seek>(r: &mut R, trak: &[u8]) -> io::Result<Vec<Chapter>> {
    let broken = || invalid("broken MP4 chapter track");
    let mdia = child(trak, b"mdia").ok_or_else(broken)?;
    let (scale, _) = child(mdia, b"mdhd")
        .and_then(timescale)
        .filter(|(s, _)| *s > 0)
        .ok_or_else(broken)?;
    let stbl = path(mdia, &[b"minf", b"stbl"]).ok_or_else(broken)?;
    // Durations, one per sample.
    let stts = child(stbl, b"stts").ok_or_else(broken)?;
    let mut durations = Vec::new();
    for i in 0..u32_at(stts, 4).unwrap_or(0) as usize {
        let (Some(count), Some(delta)) = (u32_at(stts, 8 + i * 8), u32_at(stts, 12 + i * 8)) else {
            return Err(broken());
        };
        if durations.len() + count as usize > 1 << 16 {
            return Err(invalid("too many chapters"));
        }
        durations.extend(std::iter::repeat_n(u64::from(delta), count as usize));
    }
    let n = durations.len();
    // Sizes.
    let stsz = child(stbl, b"stsz").ok_or_else(broken)?;
    let fixed = u32_at(stsz, 4).ok_or_else(broken)?;
    let sizes: Vec<u64> = (0..n)
        .map(|i| match fixed {
            0 => u32_at(stsz, 12 + i * 4).map(u64::from),
            f => Some(u64::from(f)),
        })
        .collect::<Option<_>>()
        .ok_or_else(broken)?;
    // Chunk offsets, and how many samples each chunk holds.
    let offsets: Vec<u64> = if let Some(stco) = child(stbl, b"stco") {
        (0..u32_at(stco, 4).unwrap_or(0) as usize)
            .map(|i| u32_at(stco, 8 + i * 4).map(u64::from))
            .collect::<Option<_>>()
    } else {
        let co64 = child(stbl, b"co64").ok_or_else(broken)?;
        (0..u32_at(co64, 4).unwrap_or(0) as usize)
            .map(|i| u64_at(co64, 8 + i * 8))
            .collect::<Option<_>>()
    }
    .ok_or_else(broken)?;
    let stsc = child(stbl, b"stsc").ok_or_else(broken)?;
    let runs: Vec<(usize, usize)> = (0..u32_at(stsc, 4).unwrap_or(0) as usize)
        .map(|i| {
            Some((
                u32_at(stsc, 8 + i * 12)? as usize,
                u32_at(stsc, 12 + i * 12)? as usize,
            ))
        })
        .collect::<Option<_>>()
        .ok_or_else(broken)?;
    let mut places = Vec::with_capacity(n);
    for (chunk, offset) in offsets.iter().enumerate() {
        let per_chunk = runs
            .iter()
            .rev()
            .find(|(first, _)| *first <= chunk + 1)
            .map_or(1, |(_, k)| *k);
        let mut at = *offset;
        for _ in 0..per_chunk {
            let Some(size) = sizes.get(places.len()) else {
                break;
            };
            places.push((at, *size));
            at += size;
        }
    }
    let mut chapters = Vec::with_capacity(n);
    let mut start = 0u64;
    for (i, (at, size)) in places.iter().enumerate() {
        let ms = |t: u64| t.saturating_mul(1000) / u64::from(scale);
        let end = start + durations[i];
        r.seek(SeekFrom::Start(*at))?;
        let mut sample = vec![0u8; (*size).min(4096) as usize];
        r.read_exact(&mut sample)?;
        let len = sample
            .get(..2)
            .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]) as usize);
        let text = sample.get(2..2 + len).unwrap_or(&[]);
        chapters.push(Chapter {
            title: decode_title(text),
            start_ms: ms(start),
            end_ms: ms(end),
        });
        start = end;
    }
    Ok(chapters)
}

/// A chapter title: UTF-16 after a byte-order mark, else UTF-8.
fn decode_title(b: &[u8]) -> String {
    let utf16 = |units: Vec<u16>| String::from_utf16_lossy(&units);
    match b {
        [0xFE, 0xFF, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        ),
        [0xFF, 0xFE, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        ),
        _ => String::from_utf8_lossy(b).into_owned(),
    }
    .trim_end_matches('\0')
    .to_string()
}

/// The chapters of a Nero `chpl` list in `moov/udta`; the last ends with the movie.
fn chpl_chapters(moov: &[u8]) -> Vec<Chapter> {
    let Some(chpl) = path(moov, &[b"udta", b"chpl"]) else {
        return Vec::new();
    };
    let total_ms = child(moov, b"mvhd")
        .and_then(timescale)
        .and_then(|(s, d)| (s > 0).then(|| d.saturating_mul(1000) / u64::from(s)))
        .unwrap_or(0);
    let mut at = if chpl.first() == Some(&1) { 8 } else { 4 };
    let count = chpl.get(at).copied().unwrap_or(0);
    at += 1;
    let mut marks = Vec::new();
    for _ in 0..count {
        let (Some(start), Some(len)) = (u64_at(chpl, at), chpl.get(at + 8)) else {
            break;
        };
        let len = *len as usize;
        let Some(title) = chpl.get(at + 9..at + 9 + len) else {
            break;
        };
        marks.push((start / 10_000, String::from_utf8_lossy(title).into_owned()));
        at += 9 + len;
    }
    let ends: Vec<u64> = marks
        .iter()
        .skip(1)
        .map(|(s, _)| *s)
        .chain(std::iter::once(total_ms))
        .collect();
    marks
        .into_iter()
        .zip(ends)
        .map(|((start_ms, title), end_ms)| Chapter {
            title,
            start_ms,
            end_ms: end_ms.max(start_ms),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(body);
        out
    }

    #[test]
    fn a_nero_chapter_list_is_read_with_the_last_chapter_ending_with_the_movie() {
        // mvhd version 0: timescale 1000, duration 90 s.
        let mut mvhd = vec![0u8; 12];
        mvhd.extend(1000u32.to_be_bytes());
        mvhd.extend(90_000u32.to_be_bytes());
        mvhd.extend([0u8; 80]);
        let mut chpl = vec![1, 0, 0, 0, 0, 0, 0, 0, 2];
        for (start, title) in [(0u64, "Intro"), (30_000u64, "Später")] {
            chpl.extend((start * 10_000).to_be_bytes());
            chpl.push(title.len() as u8);
            chpl.extend(title.as_bytes());
        }
        let moov = bx(
            b"moov",
            &[bx(b"mvhd", &mvhd), bx(b"udta", &bx(b"chpl", &chpl))].concat(),
        );
        let file = [bx(b"ftyp", b"M4B isom"), moov].concat();
        let got = mp4_chapters(&mut std::io::Cursor::new(file)).unwrap();
        assert_eq!(
            got,
            [
                Chapter {
                    title: "Intro".into(),
                    start_ms: 0,
                    end_ms: 30_000
                },
                Chapter {
                    title: "Später".into(),
                    start_ms: 30_000,
                    end_ms: 90_000
                }
            ]
        );
    }

    #[test]
    fn a_file_without_moov_or_with_cut_boxes_is_an_error_not_a_panic() {
        let cut = [
            bx(b"ftyp", b"M4B isom"),
            bx(b"moov", &[0u8; 40])[..30].to_vec(),
        ]
        .concat();
        assert!(mp4_chapters(&mut std::io::Cursor::new(cut)).is_err());
        let none = bx(b"ftyp", b"M4B isom");
        assert!(mp4_chapters(&mut std::io::Cursor::new(none)).is_err());
        // A moov with garbage inside has no chapters.
        let junk = [bx(b"ftyp", b"M4B isom"), bx(b"moov", &[7u8; 64])].concat();
        assert_eq!(
            mp4_chapters(&mut std::io::Cursor::new(junk)).unwrap(),
            Vec::new()
        );
    }
}
