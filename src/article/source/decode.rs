//! Turning article bytes into text: byte-order marks (UTF-8, UTF-16 LE/BE), the charset an HTTP
//! header or an HTML `<meta>` declares, UTF-16 without a BOM, and telling binary files from text.
//! Invalid bytes never fail: they become U+FFFD and a warning is returned. Input with no
//! declaration whose every byte above 0x7F is invalid UTF-8 but a Western letter or mark is read
//! as Windows-1252 (Latin-1), as browsers do, with a warning; anything else is read as UTF-8.

use std::sync::OnceLock;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes are examined for binary content, UTF-16 patterns and `<meta charset>`.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decoded text and what went wrong on the way (one line per warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// The encoding that was used.
    pub encoding: &'static Encoding,
    /// Non-fatal problems, one line each.
    pub warnings: Vec<String>,
}

/// The encoding a byte-order mark announces, and the BOM's length.
pub fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// UTF-16 without a BOM: most bytes at odd (LE) or even (BE) offsets of a mostly-ASCII text are
/// NUL, and almost none at the other parity.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.len() < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let half = sample.len() / 2;
    if odd * 10 >= half * 7 && even * 50 <= half {
        Some(UTF_16LE)
    } else if even * 10 >= half * 7 && odd * 50 <= half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when `bytes` (with no UTF-16 BOM) look like a binary file: a NUL byte, or more than one
/// in ten bytes a control character that text does not use, within the first 64 KB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 10 > sample.len()
}

/// The charset an HTML page declares in its first 64 KB: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`. As browsers do, a declared
/// UTF-16 means UTF-8 (the bytes are ASCII-compatible if the tag could be read at all).
pub fn html_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static RE: OnceLock<Option<regex::bytes::Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            regex::bytes::Regex::new(
                r#"(?i-u)<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_\-:.]{1,40})"#,
            )
            .ok()
        })
        .as_ref()?;
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let label = re.captures(sample)?.get(1)?.as_bytes();
    Encoding::for_label(label).map(Encoding::output_encoding)
}

/// The encoding an HTTP `charset` parameter names, if encoding_rs knows it.
pub fn label_encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().trim_matches('"').as_bytes())
}

/// Decodes `bytes` (of the input described by `what`) with the first known of: a BOM, `declared`,
/// UTF-8. Invalid sequences become U+FFFD and one warning says how many there were.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>, what: &str) -> Decoded {
    let (encoding, skip) = match bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => (declared.unwrap_or(UTF_8), 0),
    };
    let body = &bytes[skip..];
    let mut warnings = Vec::new();
    // Checked once: valid UTF-8 (the usual case) is neither searched for legacy bytes nor
    // validated again while decoding.
    let valid_utf8 = if encoding == UTF_8 {
        std::str::from_utf8(body).ok()
    } else {
        None
    };
    let legacy = encoding == UTF_8
        && valid_utf8.is_none()
        && declared.is_none()
        && skip == 0
        && is_legacy_8bit(body);
    let text = if legacy {
        // Not UTF-8 anywhere, and no declaration: an older Western file (Latin-1, Windows-1252),
        // as browsers assume.
        warnings.push(format!(
            "{what} is not UTF-8; it was read as Windows-1252 (Western European) — save it as \
             UTF-8 if letters look wrong"
        ));
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(body)
            .0
            .into_owned()
    } else if encoding == UTF_8 {
        let (text, invalid) = match valid_utf8 {
            Some(s) => (s.to_string(), 0),
            None => decode_utf8_counting(body),
        };
        if invalid > 0 {
            warnings.push(format!(
                "{what} contained {invalid} invalid UTF-8 byte sequence{}; they were replaced \
                 with U+FFFD (save it as UTF-8 to avoid this)",
                if invalid == 1 { "" } else { "s" }
            ));
        }
        text
    } else {
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            warnings.push(format!(
                "{what} contained byte sequences that are invalid in {}; they were replaced with \
                 U+FFFD (check the declared charset or save it as UTF-8)",
                encoding.name()
            ));
        }
        text.into_owned()
    };
    Decoded {
        text,
        encoding: if legacy {
            encoding_rs::WINDOWS_1252
        } else {
            encoding
        },
        warnings,
    }
}

/// Whether `bytes` hold no valid UTF-8 beyond ASCII but do hold bytes above 0x7F, each one a
/// character of Windows-1252: a file in an 8-bit Western encoding. A UTF-8 file with a damaged
/// byte has valid non-ASCII letters elsewhere, or a byte that is no such character (0xFF: "ÿ"
/// alone is far likelier a damaged byte than a letter). `bytes` are not valid UTF-8 (the
/// caller checked).
fn is_legacy_8bit(bytes: &[u8]) -> bool {
    let mut high = 0usize;
    for chunk in bytes.utf8_chunks() {
        if !chunk.valid().is_ascii() {
            return false;
        }
        for &b in chunk.invalid() {
            // Every byte Windows-1252 defines (letters, quotes, dashes, œ, ™, €, the no-break
            // space…); 0x81, 0x8D, 0x8F, 0x90 and 0x9D are not characters there.
            let western = b >= 0x80 && !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) && b != 0xFF;
            if !western {
                return false;
            }
            high += 1;
        }
    }
    high > 0
}

/// UTF-8 decoding of bytes that are not valid UTF-8 (the caller checked): each invalid sequence
/// becomes U+FFFD, and they are counted.
fn decode_utf8_counting(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid += 1;
            out.push('\u{FFFD}');
        }
    }
    (out, invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed() {
        let d = decode(b"\xEF\xBB\xBFHello", None, "x");
        assert_eq!(d.text, "Hello");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom_decodes_in_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le, None, "x").text, "Café");
        assert_eq!(decode(&be, None, "x").text, "Café");
    }

    #[test]
    fn utf16_without_bom_is_recognised_from_its_nul_pattern() {
        let le: Vec<u8> = "Plain words in a file"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&le), Some(UTF_16LE));
        assert_eq!(utf16_without_bom(b"Plain words in a file"), None);
    }

    #[test]
    fn an_undeclared_latin1_file_is_read_as_windows_1252() {
        let d = decode(
            b"Caf\xE9 cr\xE8me, \x93quoted\x94 \x96 na\xEFve",
            None,
            "old.txt",
        );
        assert_eq!(d.text, "Café crème, “quoted” – naïve");
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].starts_with("old.txt is not UTF-8; it was read as Windows-1252"));
        // A UTF-8 file with one damaged byte stays UTF-8.
        let d = decode("Café \u{2014} ok ".as_bytes(), None, "x");
        assert!(d.warnings.is_empty());
        let mut damaged = "Café ok ".as_bytes().to_vec();
        damaged.push(0xE9);
        assert_eq!(decode(&damaged, None, "x").text, "Café ok \u{FFFD}");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_counted_in_one_warning() {
        let d = decode(b"ok \xFF then \xC3 end", None, "notes.txt");
        assert_eq!(d.text, "ok \u{FFFD} then \u{FFFD} end");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].starts_with("notes.txt contained 2 invalid UTF-8 byte sequences"));
    }

    #[test]
    fn declared_latin1_is_used_when_there_is_no_bom() {
        let d = decode(b"caf\xE9", label_encoding("ISO-8859-1"), "x");
        assert_eq!(d.text, "café");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn meta_charset_is_found_in_both_forms() {
        let a = b"<html><head><meta charset=\"windows-1251\"></head>";
        let b = b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-2'>";
        assert_eq!(html_meta_charset(a).map(|e| e.name()), Some("windows-1251"));
        assert_eq!(html_meta_charset(b).map(|e| e.name()), Some("ISO-8859-2"));
        assert_eq!(html_meta_charset(b"<p>no charset here</p>"), None);
    }

    #[test]
    fn nul_bytes_and_control_characters_mean_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(looks_binary(&[0x01, 0x02, 0x03, b'a', 0x04, 0x05]));
        assert!(!looks_binary(
            "A title\n\nSome text, with ümlauts.\n".as_bytes()
        ));
    }
}
