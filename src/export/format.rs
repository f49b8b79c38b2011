//! Output formats and how to build their encoders: [`Format`] (from a file name or `--format`),
//! [`EncodeOptions`] (rate, tags, chapter titles, bitrate or quality, whether the output can be
//! seeked), and [`Format::encoder`], the one place that knows every encoder type.
//!
//! Every encoder writes to an `impl Write + Seek`. Those that need to fix headers at the end
//! (lengths, chapter times, the MP3 LAME tag) seek back when [`EncodeOptions::seekable`] is set; on
//! a pipe (`-o -`) they write what a stream can carry instead (WAV and MP3 only, no chapters).

use std::io::{Seek, Write};
use std::path::Path;

use super::chapters::Tags;
use super::{Encoder, ExportError};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// 16-bit PCM WAV with `cue ` + `LIST/adtl/labl` chapters.
    Wav,
    /// MP3 (LAME) with a LAME/Xing tag and ID3v2 CHAP/CTOC chapters.
    Mp3,
    /// Ogg Vorbis with `CHAPTERnnn` comments.
    Ogg,
    /// FLAC with `CHAPTERnnn` comments.
    Flac,
    /// AAC in MP4 (`.m4b`/`.m4a`) with a chapter track, through an installed `ffmpeg`.
    M4b,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Mp3,
        Format::Ogg,
        Format::Flac,
        Format::Wav,
        Format::M4b,
    ];

    /// The format named `name` (`mp3`, `ogg`, `oga`, `flac`, `wav`, `m4b`, `m4a`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "wav" | "wave" => Some(Format::Wav),
            "mp3" => Some(Format::Mp3),
            "ogg" | "oga" | "vorbis" => Some(Format::Ogg),
            "flac" => Some(Format::Flac),
            "m4b" | "m4a" | "aac" | "mp4" => Some(Format::M4b),
            _ => None,
        }
    }

    /// The format a file name asks for.
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if ext.is_empty() {
            return Err(ExportError::UnknownFormat {
                path: path.display().to_string(),
            });
        }
        Format::from_name(&ext).ok_or(ExportError::UnsupportedFormat { extension: ext })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Mp3 => "mp3",
            Format::Ogg => "ogg",
            Format::Flac => "flac",
            Format::M4b => "m4b",
        }
    }

    /// True when the format can be written to a pipe.
    pub fn streams(self) -> bool {
        matches!(self, Format::Wav | Format::Mp3)
    }

    /// The sample rates the format accepts (`None`: any).
    pub fn check_rate(self, rate: u32) -> Result<(), ExportError> {
        let ok = match self {
            Format::Mp3 => [
                8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
            ]
            .contains(&rate),
            Format::M4b => (8_000..=96_000).contains(&rate),
            Format::Flac | Format::Ogg | Format::Wav => (4_000..=192_000).contains(&rate),
        };
        if ok {
            Ok(())
        } else {
            Err(ExportError::BadOption(format!(
                "{} cannot be written at {rate} Hz: pick another --sample-rate (e.g. 22050, 24000, 44100 or 48000)",
                self.extension()
            )))
        }
    }

    /// An encoder of this format writing to `writer`.
    pub fn encoder<'w, W: Write + Seek + 'w>(
        self,
        writer: W,
        opts: &EncodeOptions,
    ) -> Result<Box<dyn Encoder + 'w>, ExportError> {
        self.check_rate(opts.sample_rate)?;
        if !opts.seekable && !self.streams() {
            return Err(ExportError::NotStreamable {
                format: self.extension(),
            });
        }
        Ok(match self {
            Format::Wav => Box::new(super::wav::WavEncoder::with_options(writer, opts)?),
            Format::Mp3 => Box::new(super::mp3::Mp3Encoder::new(writer, opts)?),
            Format::Ogg => Box::new(super::ogg::OggEncoder::new(writer, opts)?),
            Format::Flac => Box::new(super::flac::FlacEncoder::new(writer, opts)?),
            Format::M4b => Box::new(super::m4b::M4bEncoder::new(writer, opts)?),
        })
    }
}

/// How to encode.
#[derive(Debug, Clone)]
pub struct EncodeOptions {
    /// Samples per second of the output (mono).
    pub sample_rate: u32,
    /// Title, artist, album, date.
    pub tags: Tags,
    /// The title of each section's chapter, by section index.
    pub chapter_titles: Vec<String>,
    /// MP3 or AAC bitrate in kbit/s (`None`: 64, the lowest at which LAME's length tag fits a
    /// 22 kHz frame).
    pub bitrate_kbps: Option<u32>,
    /// Vorbis quality, -0.1 to 1.0 (`None`: 0.2, about 48 kbit/s for mono speech).
    pub quality: Option<f32>,
    /// False when writing to a pipe: no seeking back, so no chapters and no length fix-ups.
    pub seekable: bool,
}

impl EncodeOptions {
    /// Options for a seekable file at `sample_rate` with no tags or chapters.
    pub fn new(sample_rate: u32) -> EncodeOptions {
        EncodeOptions {
            sample_rate,
            tags: Tags::default(),
            chapter_titles: Vec::new(),
            bitrate_kbps: None,
            quality: None,
            seekable: true,
        }
    }

    /// The bitrate for MP3 and AAC.
    pub fn bitrate(&self) -> u32 {
        self.bitrate_kbps.unwrap_or(64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_formats_case_insensitively() {
        for (name, f) in [
            ("a/b.WAV", Format::Wav),
            ("x.mp3", Format::Mp3),
            ("x.oga", Format::Ogg),
            ("x.ogg", Format::Ogg),
            ("x.flac", Format::Flac),
            ("book.m4b", Format::M4b),
            ("book.m4a", Format::M4b),
        ] {
            assert_eq!(Format::from_path(Path::new(name)).unwrap(), f, "{name}");
        }
        let err = Format::from_path(Path::new("b.opus")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write \"opus\" files: name the output *.mp3, *.ogg, *.flac, *.wav or *.m4b, or pass --format"
        );
    }

    #[test]
    fn mp3_rejects_a_rate_it_cannot_carry() {
        assert!(Format::Mp3.check_rate(22_050).is_ok());
        let err = Format::Mp3.check_rate(20_000).unwrap_err();
        assert!(err.to_string().contains("--sample-rate"), "{err}");
    }

    #[test]
    fn only_wav_and_mp3_stream_to_a_pipe() {
        let mut opts = EncodeOptions::new(22_050);
        opts.seekable = false;
        let err = Format::Flac
            .encoder(std::io::Cursor::new(Vec::new()), &opts)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("flac cannot be written to standard output: write a file, or use --format wav or mp3 with -o -")
        );
    }
}
