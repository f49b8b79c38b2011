//! Ogg container primitives shared by the Ogg Vorbis encoder and the chapter reader: the pages of
//! a stream and their checksum.

/// One Ogg page: where it starts and where its payload lies.
pub struct PageSpan {
    /// Byte offset of the page header.
    pub start: usize,
    /// The page's granule position (samples up to its end, for Vorbis).
    pub granule: u64,
    /// Bytes of the page's payload.
    pub payload: std::ops::Range<usize>,
}

/// The complete pages in `bytes`, in order (stops at the first malformed or partial page).
pub fn page_spans(bytes: &[u8]) -> Vec<PageSpan> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(head) = bytes.get(at..at + 27) {
        if &head[..4] != b"OggS" {
            break;
        }
        let granule = u64::from_le_bytes([
            head[6], head[7], head[8], head[9], head[10], head[11], head[12], head[13],
        ]);
        let nsegs = head[26] as usize;
        let Some(table) = bytes.get(at + 27..at + 27 + nsegs) else {
            break;
        };
        let len: usize = table.iter().map(|b| *b as usize).sum();
        let start = at + 27 + nsegs;
        if bytes.len() < start + len {
            break;
        }
        out.push(PageSpan {
            start: at,
            granule,
            payload: start..start + len,
        });
        at = start + len;
    }
    out
}

/// The Ogg page checksum (CRC-32, polynomial 0x04C11DB7, no reflection, initial value 0).
pub fn ogg_crc(data: &[u8]) -> u32 {
    let mut crc = 0u32;
    for b in data {
        crc ^= (*b as u32) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    }
    crc
}
