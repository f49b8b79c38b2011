//! Vorbis comments, the tag format of Ogg Vorbis and FLAC: `TITLE`, `ARTIST`, `ALBUM`, `DATE`,
//! `TRACKNUMBER`, and chapters as `CHAPTER001=HH:MM:SS.mmm` + `CHAPTER001NAME=Title` (the
//! convention ffprobe, foobar2000 and audiobook players read).
//!
//! Encoders write the block before the audio, when chapter times are still unknown, so chapter
//! times start as `00:00:00.000` placeholders of fixed width that [`patch_times`] overwrites in
//! place once the times are known. Not covered: more than 999 chapters keep working but sort
//! oddly in some players.

use super::chapters::{hms_millis, parse_hms_millis, Chapter, Tags};

/// The comment key of chapter `i` (0-based): `CHAPTER001`.
pub fn chapter_key(i: usize) -> String {
    format!("CHAPTER{:03}", i + 1)
}

/// The comments for `tags` and `chapters`.
pub fn comments(tags: &Tags, chapters: &[Chapter]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in [
        ("TITLE", &tags.title),
        ("ARTIST", &tags.artist),
        ("ALBUM", &tags.album),
        ("DATE", &tags.date),
    ] {
        if let Some(v) = value {
            out.push((key.to_string(), v.clone()));
        }
    }
    if let Some((n, of)) = tags.track {
        out.push(("TRACKNUMBER".into(), n.to_string()));
        out.push(("TRACKTOTAL".into(), of.to_string()));
    }
    out.push(("GENRE".into(), "Speech".into()));
    for (i, c) in chapters.iter().enumerate() {
        out.push((chapter_key(i), hms_millis(c.start_ms, '.')));
        out.push((format!("{}NAME", chapter_key(i)), c.title.clone()));
    }
    out
}

/// Overwrites, inside `bytes`, each `CHAPTERnnn=00:00:00.000` placeholder with the real start of
/// chapter nnn. Returns how many were patched.
pub fn patch_times(bytes: &mut [u8], chapters: &[Chapter]) -> usize {
    let mut patched = 0;
    for (i, c) in chapters.iter().enumerate() {
        let placeholder = format!("{}=00:00:00.000", chapter_key(i));
        let real = format!("{}={}", chapter_key(i), hms_millis(c.start_ms, '.'));
        if real.len() != placeholder.len() {
            continue;
        }
        let p = placeholder.as_bytes();
        if let Some(at) = bytes.windows(p.len()).position(|w| w == p) {
            bytes[at..at + p.len()].copy_from_slice(real.as_bytes());
            patched += 1;
        }
    }
    patched
}

/// The comment block body as FLAC stores it (Ogg adds a packet type before and a framing bit
/// after): vendor, count, then `KEY=value` entries, lengths little-endian.
pub fn encode_block(vendor: &str, comments: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    out.extend_from_slice(vendor.as_bytes());
    out.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for (k, v) in comments {
        let entry = format!("{k}={v}");
        out.extend_from_slice(&(entry.len() as u32).to_le_bytes());
        out.extend_from_slice(entry.as_bytes());
    }
    out
}

/// Parses a comment block body back into `(KEY, value)` pairs (keys upper-cased).
pub fn parse_block(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let mut at = 0usize;
    let u32_at = |at: &mut usize| -> Option<usize> {
        let b = bytes.get(*at..*at + 4)?;
        *at += 4;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let vendor = u32_at(&mut at)?;
    at = at.checked_add(vendor)?;
    let count = u32_at(&mut at)?;
    let mut out = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        let len = u32_at(&mut at)?;
        let entry = bytes.get(at..at.checked_add(len)?)?;
        at += len;
        let entry = String::from_utf8_lossy(entry);
        if let Some((k, v)) = entry.split_once('=') {
            out.push((k.to_ascii_uppercase(), v.to_string()));
        }
    }
    Some(out)
}

/// The chapters described by `comments`, in order, the last ending at `total_ms`.
pub fn chapters_from_comments(comments: &[(String, String)], total_ms: u64) -> Vec<Chapter> {
    let mut found: Vec<(u32, u64, String)> = Vec::new();
    for (k, v) in comments {
        let Some(num) = k.strip_prefix("CHAPTER") else {
            continue;
        };
        let Ok(n) = num.parse::<u32>() else {
            continue;
        };
        let Some(start) = parse_hms_millis(v) else {
            continue;
        };
        let name_key = format!("{k}NAME");
        let title = comments
            .iter()
            .find(|(k2, _)| *k2 == name_key)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        found.push((n, start, title));
    }
    found.sort_by_key(|(n, _, _)| *n);
    let mut out: Vec<Chapter> = Vec::with_capacity(found.len());
    for (i, (_, start, title)) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(total_ms, |(_, s, _)| *s);
        out.push(Chapter {
            title: title.clone(),
            start_ms: *start,
            end_ms: end.max(*start),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_patched_in_place_and_read_back() {
        let planned = vec![
            Chapter {
                title: "One".into(),
                start_ms: 0,
                end_ms: 0,
            },
            Chapter {
                title: "Two = too".into(),
                start_ms: 0,
                end_ms: 0,
            },
        ];
        let mut block = encode_block("aloud", &comments(&Tags::default(), &planned));
        let len = block.len();
        let mut real = planned.clone();
        real[1].start_ms = 83_250;
        assert_eq!(patch_times(&mut block, &real), 2);
        assert_eq!(block.len(), len);
        let back = chapters_from_comments(&parse_block(&block).unwrap(), 90_000);
        assert_eq!(
            back,
            vec![
                Chapter {
                    title: "One".into(),
                    start_ms: 0,
                    end_ms: 83_250
                },
                Chapter {
                    title: "Two = too".into(),
                    start_ms: 83_250,
                    end_ms: 90_000
                }
            ]
        );
    }

    #[test]
    fn a_truncated_block_is_rejected_not_panicked_on() {
        let block = encode_block("v", &[("TITLE".into(), "x".into())]);
        for cut in 0..block.len() {
            let _ = parse_block(&block[..cut]);
        }
        assert!(parse_block(&block[..block.len() - 1]).is_none());
    }
}
