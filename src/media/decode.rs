//! Decoding audio files into mono [`Audio`] with symphonia: what a command voice wrote (WAV,
//! MP3, Ogg Vorbis, FLAC), from a file or from bytes it printed.
//!
//! An ID3v2 tag at the start is skipped by symphonia's `id3v2` reader (without it the probe scanned
//! the tag, and the 0xFFFFFFFF offsets of chapter frames could pass for an MPEG layer I header).
//! Every channel is averaged into one; the sample rate is kept as found (resampling is
//! [`crate::audio::resample`]'s job). Only the first audio track is read; of the metadata, only the
//! title is kept ([`Stream::title`]). A [`Stream`] decodes a packet at a time, so that a long file
//! can play while the rest of it is decoded, and [`Stream::seek`] moves to any sample without
//! decoding what comes before (AAC in MP4/M4B included).
//! Opus is not supported (symphonia has no decoder for it).

use std::path::Path;

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, SeekMode, SeekTo, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::{MetadataOptions, MetadataRevision, StandardTag};
use symphonia::core::units::{TimeBase, Timestamp};

use crate::audio::Audio;

/// Why audio could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The file could not be opened.
    #[error("cannot open {path}: {reason}")]
    Open {
        /// The file.
        path: String,
        /// The underlying error.
        reason: std::io::Error,
    },
    /// The data is not in a format aloud can decode.
    #[error("not audio aloud can decode (WAV, MP3, Ogg Vorbis, FLAC or AAC in MP4/M4B): {0}")]
    Unsupported(String),
    /// The data started as audio but is broken.
    #[error("broken audio data: {0}")]
    Malformed(String),
    /// The file cannot seek to a position.
    #[error("cannot seek to sample {frame}: {reason}")]
    Seek {
        /// The sample asked for.
        frame: u64,
        /// Why.
        reason: String,
    },
}

/// Decodes the audio file at `path`.
pub fn decode_file(path: &Path) -> Result<Audio, DecodeError> {
    Stream::open_file(path)?.read_all()
}

/// Decodes audio held in memory (for example what a program printed on stdout).
pub fn decode_bytes(bytes: Vec<u8>) -> Result<Audio, DecodeError> {
    Stream::open(Box::new(std::io::Cursor::new(bytes)), &Hint::new())?.read_all()
}

/// The title among the tags of the latest metadata revision, if any.
fn title_of(revision: Option<&MetadataRevision>) -> Option<String> {
    let revision = revision?;
    let tags = revision.media.tags.iter().chain(
        revision
            .per_track
            .iter()
            .flat_map(|t| t.metadata.tags.iter()),
    );
    tags.filter_map(|t| match &t.std {
        Some(StandardTag::TrackTitle(title)) => Some(title.trim().to_string()),
        _ => None,
    })
    .find(|t| !t.is_empty())
}

/// An audio file being decoded a packet at a time, to mono: for playing a long file while the
/// rest of it is decoded.
pub struct Stream {
    format: Box<dyn symphonia::core::formats::FormatReader>,
    decoder: Box<dyn symphonia::core::codecs::audio::AudioDecoder>,
    track_id: u32,
    sample_rate: u32,
    frames: Option<u64>,
    time_base: Option<TimeBase>,
    interleaved: Vec<f32>,
    /// The index of the next sample [`Stream::next_into`] hands on.
    position: u64,
    /// After a seek: drop the samples before this one.
    skip_to: Option<u64>,
    /// The title its tags give (ID3 `TIT2`, Vorbis `TITLE`).
    pub title: Option<String>,
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stream")
            .field("track_id", &self.track_id)
            .field("sample_rate", &self.sample_rate)
            .field("frames", &self.frames)
            .finish()
    }
}

impl Stream {
    /// Opens the audio file at `path` for decoding.
    pub fn open_file(path: &Path) -> Result<Stream, DecodeError> {
        let file = std::fs::File::open(path).map_err(|reason| DecodeError::Open {
            path: path.display().to_string(),
            reason,
        })?;
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        Stream::open(Box::new(file), &hint)
    }

    fn open(source: Box<dyn MediaSource>, hint: &Hint) -> Result<Stream, DecodeError> {
        let mss = MediaSourceStream::new(source, Default::default());
        let mut format = symphonia::default::get_probe()
            .probe(
                hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| DecodeError::Unsupported(e.to_string()))?;
        let title = title_of(format.metadata().skip_to_latest());
        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| DecodeError::Unsupported("no audio track".into()))?;
        let track_id = track.id;
        let frames = track.num_frames;
        let time_base = track.time_base;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .ok_or_else(|| DecodeError::Unsupported("no audio codec parameters".into()))?;
        let sample_rate = params.sample_rate.unwrap_or(0);
        let decoder = symphonia::default::get_codecs()
            .make_audio_decoder(params, &AudioDecoderOptions::default())
            .map_err(|e| DecodeError::Unsupported(e.to_string()))?;
        Ok(Stream {
            format,
            decoder,
            track_id,
            sample_rate,
            frames,
            time_base,
            interleaved: Vec::new(),
            position: 0,
            skip_to: None,
            title,
        })
    }

    /// Samples per second (0 when the container does not say and nothing is decoded yet).
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// How many samples the file holds, when its container says.
    pub fn frames(&self) -> Option<u64> {
        self.frames
    }

    /// The index of the next sample [`Stream::next_into`] hands on (counted from the start of
    /// the file; right after a seek, the sample sought).
    pub fn position(&self) -> u64 {
        self.skip_to.unwrap_or(self.position)
    }

    /// A timestamp of the track (in its time base) as a sample index.
    fn frame_of(&self, ts: Timestamp) -> u64 {
        let ts = ts.get().max(0) as u128;
        match self.time_base {
            Some(tb) => {
                (ts * u128::from(tb.numer.get()) * u128::from(self.sample_rate)
                    / u128::from(tb.denom.get())) as u64
            }
            None => ts as u64,
        }
    }

    /// A sample index as a timestamp of the track (rounded down).
    fn timestamp_of(&self, frame: u64) -> Timestamp {
        let ts = match self.time_base {
            Some(tb) if self.sample_rate > 0 => {
                u128::from(frame) * u128::from(tb.denom.get())
                    / (u128::from(tb.numer.get()) * u128::from(self.sample_rate))
            }
            _ => u128::from(frame),
        };
        Timestamp::new(ts.min(i64::MAX as u128) as i64)
    }

    /// Moves to sample `frame` (counted from the start of the file), so that the next samples
    /// [`Stream::next_into`] hands on start there. The container seeks to the packet at or
    /// before it and the samples up to it are decoded and dropped, so that the position is
    /// exact wherever the container allows it.
    pub fn seek(&mut self, frame: u64) -> Result<(), DecodeError> {
        let ts = self.timestamp_of(frame);
        self.format
            .seek(
                SeekMode::Accurate,
                SeekTo::Timestamp {
                    ts,
                    track_id: self.track_id,
                },
            )
            .map_err(|e| DecodeError::Seek {
                frame,
                reason: e.to_string(),
            })?;
        self.decoder.reset();
        self.skip_to = Some(frame);
        Ok(())
    }

    /// Decodes the rest of the file.
    pub fn read_all(&mut self) -> Result<Audio, DecodeError> {
        let mut mono = Vec::with_capacity(self.frames.unwrap_or(0).min(1 << 26) as usize);
        while self.next_into(&mut mono)? {}
        if self.sample_rate == 0 {
            return Err(DecodeError::Malformed("no sample rate".into()));
        }
        Ok(Audio {
            sample_rate: self.sample_rate,
            samples: mono,
            words: Vec::new(),
        })
    }

    /// Decodes the next packet and appends its samples, averaged to mono, to `mono`; false at
    /// the end of the file.
    pub fn next_into(&mut self, mono: &mut Vec<f32>) -> Result<bool, DecodeError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(false),
                Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Ok(false)
                }
                Err(e) => return Err(DecodeError::Malformed(e.to_string())),
            };
            if packet.track_id != self.track_id {
                continue;
            }
            let buf = match self.decoder.decode(&packet) {
                Ok(b) => b,
                // A bad packet: drop it and go on, as symphonia's protocol says.
                Err(SymError::DecodeError(_)) | Err(SymError::IoError(_)) => continue,
                Err(e) => return Err(DecodeError::Malformed(e.to_string())),
            };
            let spec = buf.spec();
            self.sample_rate = spec.rate();
            let channels = spec.channels().count().max(1);
            self.interleaved.resize(buf.samples_interleaved(), 0.0);
            buf.copy_to_slice_interleaved(&mut self.interleaved[..]);
            let frames = self.interleaved.len() / channels;
            // After a seek, the packet's timestamp says where its samples start; the ones
            // before the sample asked for are dropped.
            let mut skip = 0;
            if let Some(target) = self.skip_to {
                let start = self.frame_of(packet.pts);
                if start + frames as u64 <= target {
                    continue;
                }
                skip = target.saturating_sub(start) as usize;
                self.position = start.max(target);
                self.skip_to = None;
            }
            mono.extend(
                self.interleaved
                    .chunks(channels)
                    .skip(skip)
                    .map(|frame| frame.iter().sum::<f32>() / channels as f32),
            );
            self.position += frames.saturating_sub(skip) as u64;
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_bytes(rate: u32, channels: u16, frames: &[[i16; 2]]) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut cur = std::io::Cursor::new(Vec::new());
        {
            let mut w = hound::WavWriter::new(&mut cur, spec).unwrap();
            for f in frames {
                for s in &f[..channels as usize] {
                    w.write_sample(*s).unwrap();
                }
            }
            w.finalize().unwrap();
        }
        cur.into_inner()
    }

    #[test]
    fn stereo_wav_is_averaged_to_mono_at_its_own_rate() {
        let bytes = wav_bytes(16_000, 2, &[[16384, 0], [-16384, -16384], [0, 8192]]);
        let a = decode_bytes(bytes).unwrap();
        assert_eq!(a.sample_rate, 16_000);
        assert_eq!(a.samples, vec![0.25, -0.5, 0.125]);
    }

    #[test]
    fn text_is_not_audio() {
        let err = decode_bytes(b"hello, I am not a WAV file at all".to_vec()).unwrap_err();
        assert!(matches!(err, DecodeError::Unsupported(_)), "{err}");
    }
}
