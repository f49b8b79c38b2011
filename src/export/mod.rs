//! Stage 4 of the pipeline: writing a whole [`Script`] to audio files.
//!
//! [`export_script`] speaks every utterance through a pool of synthesizers
//! ([`crate::synth::pool`]), in the article's order, and streams the audio — each utterance
//! followed by the silence its [`Pause`](crate::segment::Pause) asks for — into an [`Encoder`]
//! section by section, so memory stays flat however long the article. The encoder is told where
//! each section starts ([`Encoder::start_section`]) and turns that into the format's chapters.
//!
//! Entry points, from the most general down: [`export_file`] (any [`Format`], atomically: a
//! temporary file beside the target, renamed when complete — [`output`]), [`export_to_path`]
//! (format from the extension, chapters and tags from the script), [`export_to_writer`] (a pipe:
//! WAV or MP3 without chapters) and [`split::export_split`] (one file per section plus a
//! playlist). Encoders: [`wav`], [`mp3`], [`ogg`], [`flac`], [`m4b`] (through `ffmpeg`);
//! side files: [`chapters`] (JSON, CUE, ffmetadata) and [`subtitles`] (WebVTT, SRT);
//! [`read_chapters`] reads the chapters of any of these files back. Many articles:
//! [`batch`] (file names, content keys, the manifest, shards of a job array) and [`feed`] (a
//! podcast feed of a batch's folder).
//!
//! Error policy: an utterance that fails with a skippable error is skipped (its pause is kept)
//! and reported through [`ExportEvent::Skipped`]; a fatal error, or three failures before any
//! success, stops the export with no file written.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::audio::resample;
use crate::audio::timing;
use crate::segment::Script;
use crate::synth::pool::{synthesize_ordered, Flow, Job, SynthFactory};
use crate::synth::{SynthError, VoiceSettings};

pub mod batch;
pub mod chapters;
pub mod feed;
pub mod flac;
pub mod format;
pub mod m4b;
pub mod mp3;
pub mod ogg;
pub mod output;
pub mod split;
pub mod subtitles;
pub mod wav;

pub use crate::media::read_chapters;
pub use chapters::{Chapter, Tags};
pub use format::{EncodeOptions, Format};
pub use output::PendingFile;
pub use wav::WavEncoder;

/// What to do after a failed write, when the error says.
fn write_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            " (free some disk space, or write to another disk)"
        }
        ErrorKind::BrokenPipe => " (the program reading the audio stopped reading)",
        _ => "",
    }
}

/// Why an export failed. No file is left behind in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The output file could not be created or renamed into place.
    #[error("cannot create {path}: {reason}: check that the folder exists and is writable")]
    Create {
        /// The target path.
        path: String,
        /// The underlying error.
        reason: std::io::Error,
    },
    /// Writing audio failed midway (disk full, the reader of a pipe gone, ...).
    #[error("writing the audio failed: {0}{hint}", hint = write_hint(.0))]
    Write(std::io::Error),
    /// The encoder rejected the audio.
    #[error("encoding failed: {0}")]
    Encode(String),
    /// The output name asks for a format aloud cannot write.
    #[error("cannot write {extension:?} files: name the output *.mp3, *.ogg, *.flac, *.wav or *.m4b, or pass --format")]
    UnsupportedFormat {
        /// The extension given.
        extension: String,
    },
    /// The format cannot be streamed to a pipe.
    #[error("{format} cannot be written to standard output: write a file, or use --format wav or mp3 with -o -")]
    NotStreamable {
        /// The format's extension.
        format: &'static str,
    },
    /// The output is a device or pipe and the format needs a file it can go back in.
    #[error("{path} is not a regular file (a device or a pipe): {format} needs a file it can seek in; give a file name, or use --format wav or mp3")]
    NotAFile {
        /// The output.
        path: String,
        /// The format's extension.
        format: &'static str,
    },
    /// An option has a value the format cannot use.
    #[error("{0}")]
    BadOption(String),
    /// A program the format needs is not installed.
    #[error("{what} needs the `{program}` program: install the package `{package}` (e.g. `apt-get install {package}`)")]
    MissingTool {
        /// What needed it.
        what: &'static str,
        /// The program looked for.
        program: String,
        /// The package that provides it.
        package: &'static str,
    },
    /// Chapters could not be read from a file.
    #[error(transparent)]
    ReadChapters(#[from] crate::media::ChapterError),
    /// The output name has no extension to tell the format by (or is a folder).
    #[error("cannot tell which format to write from {path:?}: name the output *.mp3, *.ogg, *.flac, *.wav or *.m4b, or pass --format")]
    UnknownFormat {
        /// The output as given.
        path: String,
    },
    /// The voice stopped working.
    #[error(transparent)]
    Synth(#[from] SynthError),
    /// The script has no utterance at all.
    #[error("the article has nothing to read aloud: `aloud outline` shows what was found")]
    EmptyScript,
    /// The voice failed on every utterance.
    #[error("nothing was spoken: the voice failed on every utterance")]
    NothingSpoken,
    /// The user interrupted the export.
    #[error("interrupted: no file was written")]
    Interrupted,
}

/// An audio file format being written, fed mono `f32` samples.
pub trait Encoder {
    /// The sample rate every written sample must have.
    fn sample_rate(&self) -> u32;
    /// Where a format with chapters keeps the sections' starts, for [`Encoder::start_section`].
    fn chapter_marks(&mut self) -> Option<&mut chapters::ChapterMarks> {
        None
    }
    /// A new section starts here (`index` counts from 0; its title is in the options' chapter
    /// titles). Formats with chapters mark it.
    fn start_section(&mut self, index: usize, at_sample: u64) -> Result<(), ExportError> {
        if let Some(marks) = self.chapter_marks() {
            marks.mark(index, at_sample);
        }
        Ok(())
    }
    /// Appends samples.
    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError>;
    /// Appends `samples` of silence.
    fn write_silence(&mut self, samples: usize) -> Result<(), ExportError> {
        const CHUNK: usize = 4096;
        let zeros = [0.0f32; CHUNK];
        let mut left = samples;
        while left > 0 {
            let n = left.min(CHUNK);
            self.write(&zeros[..n])?;
            left -= n;
        }
        Ok(())
    }
    /// Completes the file (headers, lengths, index). Must be called; dropping loses the file.
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
}

/// What happens during an export, for progress display.
#[derive(Debug)]
pub enum ExportEvent<'a> {
    /// An utterance was written.
    Progress {
        /// Utterances done so far.
        done: usize,
        /// Utterances in the script.
        total: usize,
        /// The section being written (0-based).
        section: usize,
        /// Seconds of audio written so far.
        audio_seconds: f64,
    },
    /// An utterance could not be spoken and was left out.
    Skipped {
        /// Its text as written.
        text: &'a str,
        /// Why.
        error: &'a SynthError,
    },
}

/// How to export.
pub struct ExportOptions<'a> {
    /// Voice settings for every utterance.
    pub settings: VoiceSettings,
    /// The output's sample rate (usually the voice's).
    pub sample_rate: u32,
    /// The length of each kind of pause (the same as when listening).
    pub pauses: crate::segment::PauseLengths,
    /// Set from elsewhere (a Ctrl-C handler) to stop the export.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with progress and skipped utterances.
    pub on_event: &'a mut dyn FnMut(ExportEvent<'_>),
}

/// Where one section lies in the output.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionSpan {
    /// The section heading (`None` for the lead).
    pub title: Option<String>,
    /// First sample of the section.
    pub start: u64,
    /// One past its last sample, including its final pause.
    pub end: u64,
}

/// Where one spoken utterance lies in the output (its speech, without the pause after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtteranceSpan {
    /// Its section's index in the script.
    pub section: usize,
    /// Its index within the section.
    pub index: usize,
    /// First sample of its speech.
    pub start: u64,
    /// One past its last sample of speech.
    pub end: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    /// Sample rate of the output.
    pub sample_rate: u32,
    /// Samples written.
    pub samples: u64,
    /// Each section's place.
    pub sections: Vec<SectionSpan>,
    /// Utterances spoken.
    pub spoken: usize,
    /// Utterances skipped after an error.
    pub skipped: usize,
    /// Every spoken utterance's place, in order (skipped ones are absent).
    pub utterances: Vec<UtteranceSpan>,
}

impl ExportReport {
    /// One chapter per section written, titled as [`chapters::chapter_titles`] says.
    pub fn chapters(&self, script: &Script) -> Vec<Chapter> {
        let titles = chapters::chapter_titles(script);
        let rate = self.sample_rate.max(1) as u64;
        self.sections
            .iter()
            .enumerate()
            .map(|(i, s)| Chapter {
                title: titles.get(i).cloned().unwrap_or_default(),
                start_ms: s.start * 1000 / rate,
                end_ms: s.end * 1000 / rate,
            })
            .collect()
    }

    /// Length of the output in seconds.
    pub fn seconds(&self) -> f64 {
        if self.sample_rate == 0 {
            0.0
        } else {
            self.samples as f64 / self.sample_rate as f64
        }
    }
}

/// Speaks `script` with one synthesizer per factory and streams it into `encoder` (which is
/// left unfinished: the caller calls [`Encoder::finish`]).
pub fn export_script(
    script: &Script,
    workers: Vec<SynthFactory>,
    encoder: &mut dyn Encoder,
    opts: &mut ExportOptions<'_>,
) -> Result<ExportReport, ExportError> {
    let rate = encoder.sample_rate();
    let settings = opts.settings;
    let pauses = opts.pauses;
    let items: Vec<(usize, usize, &crate::segment::Utterance)> = script
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| {
            sec.utterances
                .iter()
                .enumerate()
                .map(move |(k, u)| (s, k, u))
        })
        .collect();
    let total = items.len();
    if total == 0 {
        return Err(ExportError::EmptyScript);
    }
    let jobs = items.iter().map(|(_, _, u)| Job {
        spoken: u.spoken.clone(),
        settings,
    });
    let lookahead = workers.len() * 3;
    let mut report = ExportReport {
        sample_rate: rate,
        samples: 0,
        sections: Vec::new(),
        spoken: 0,
        skipped: 0,
        utterances: Vec::new(),
    };
    let mut failure: Option<ExportError> = None;
    let cancel = opts.cancel;
    let on_event = &mut *opts.on_event;
    synthesize_ordered(workers, jobs, lookahead, |i, result| {
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            failure = Some(ExportError::Interrupted);
            return Flow::Stop;
        }
        let (section, index, utterance) = items[i];
        if report.sections.len() <= section {
            let title = script.sections[section].title.clone();
            if let Err(e) = encoder.start_section(section, report.samples) {
                failure = Some(e);
                return Flow::Stop;
            }
            if let Some(last) = report.sections.last_mut() {
                last.end = report.samples;
            }
            report.sections.push(SectionSpan {
                title,
                start: report.samples,
                end: report.samples,
            });
        }
        let written = match result {
            Ok(mut audio) => {
                report.spoken += 1;
                // No encoder gets a sample it cannot take (LAME aborts on NaN).
                crate::audio::sanitize(&mut audio.samples);
                let audio = if audio.sample_rate == rate || audio.samples.is_empty() {
                    audio
                } else {
                    resample(&audio, rate)
                };
                let n = audio.samples.len() as u64;
                report.utterances.push(UtteranceSpan {
                    section,
                    index,
                    start: report.samples,
                    end: report.samples + n,
                });
                encoder.write(&audio.samples).map(|_| n)
            }
            Err(e) if e.is_fatal() => {
                failure = Some(e.into());
                return Flow::Stop;
            }
            Err(e) => {
                report.skipped += 1;
                (on_event)(ExportEvent::Skipped {
                    text: &utterance.text,
                    error: &e,
                });
                if report.spoken == 0 && report.skipped >= 3 {
                    failure = Some(e.into());
                    return Flow::Stop;
                }
                Ok(0)
            }
        };
        let pause = timing::pause_samples(pauses.millis(utterance.pause), settings.rate_wpm, rate);
        match written.and_then(|n| encoder.write_silence(pause).map(|_| n)) {
            Ok(n) => report.samples += n + pause as u64,
            Err(e) => {
                failure = Some(e);
                return Flow::Stop;
            }
        }
        (on_event)(ExportEvent::Progress {
            done: i + 1,
            total,
            section,
            audio_seconds: report.samples as f64 / rate.max(1) as f64,
        });
        Flow::Continue
    });
    // Ctrl-C also stops worker processes, whose failure must not hide the interruption.
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(ExportError::Interrupted);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if report.spoken == 0 {
        return Err(ExportError::NothingSpoken);
    }
    if let Some(last) = report.sections.last_mut() {
        last.end = report.samples;
    }
    Ok(report)
}

/// The encoding options `script` implies at `sample_rate`: one chapter per section, the title
/// and byline as tags, today's date.
pub fn script_encode_options(script: &Script, sample_rate: u32) -> EncodeOptions {
    EncodeOptions {
        tags: Tags {
            title: script.title.clone(),
            artist: script.byline.clone(),
            album: None,
            date: Some(chapters::today()),
            track: None,
        },
        chapter_titles: chapters::chapter_titles(script),
        ..EncodeOptions::new(sample_rate)
    }
}

/// Exports `script` to the file `path` (format from its extension, chapters and tags from the
/// script), atomically: the file appears complete or not at all.
pub fn export_to_path(
    script: &Script,
    path: &Path,
    workers: Vec<SynthFactory>,
    opts: &mut ExportOptions<'_>,
) -> Result<ExportReport, ExportError> {
    let format = Format::from_path(path)?;
    let encode = script_encode_options(script, opts.sample_rate);
    export_file(script, path, format, &encode, workers, opts)
}

/// Exports `script` to the file `path` in `format` with `encode`'s options, atomically.
pub fn export_file(
    script: &Script,
    path: &Path,
    format: Format,
    encode: &EncodeOptions,
    workers: Vec<SynthFactory>,
    opts: &mut ExportOptions<'_>,
) -> Result<ExportReport, ExportError> {
    let (pending, file) = PendingFile::create(path)?;
    if pending.is_direct() {
        // A device or a pipe (`-o /dev/null`): stream into it, as to standard output.
        if !format.streams() {
            return Err(ExportError::NotAFile {
                path: path.display().to_string(),
                format: format.extension(),
            });
        }
        let report = export_to_writer(script, file, format, encode, workers, opts)?;
        pending.commit()?;
        return Ok(report);
    }
    let mut writer = BufWriter::with_capacity(1 << 16, file);
    let report = {
        let mut encoder = format.encoder(&mut writer, encode)?;
        let report = export_script(script, workers, encoder.as_mut(), opts)?;
        encoder.finish()?;
        report
    };
    // No fsync: the rename makes the file appear whole to every reader, which is what an
    // interrupted export needs; surviving a power cut is not worth syncing tens of megabytes.
    writer.flush().map_err(ExportError::Write)?;
    drop(writer);
    pending.commit()?;
    Ok(report)
}

/// Streams `script` to `writer` (a pipe) as WAV or MP3: no chapters, no length fix-ups.
pub fn export_to_writer<W: Write>(
    script: &Script,
    writer: W,
    format: Format,
    encode: &EncodeOptions,
    workers: Vec<SynthFactory>,
    opts: &mut ExportOptions<'_>,
) -> Result<ExportReport, ExportError> {
    let encode = EncodeOptions {
        seekable: false,
        ..encode.clone()
    };
    let mut out = output::Unseekable::new(BufWriter::with_capacity(1 << 16, writer));
    let report = {
        let mut encoder = format.encoder(&mut out, &encode)?;
        let report = export_script(script, workers, encoder.as_mut(), opts)?;
        encoder.finish()?;
        report
    };
    out.flush().map_err(ExportError::Write)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{Pause, ScriptSection, Utterance, UtteranceKind};
    use crate::synth::tone::{ToneSynth, TONE_RATE};
    use crate::synth::Synthesizer;

    fn utt(text: &str, pause: Pause) -> Utterance {
        Utterance {
            text: text.into(),
            spoken: text.into(),
            kind: UtteranceKind::Sentence,
            pause,
        }
    }

    fn script() -> Script {
        Script {
            title: None,
            byline: None,
            sections: vec![
                ScriptSection {
                    title: None,
                    utterances: vec![
                        utt("one two three", Pause::Clause),
                        utt("four five", Pause::SectionEnd),
                    ],
                },
                ScriptSection {
                    title: Some("Next".into()),
                    utterances: vec![utt("six", Pause::SectionEnd)],
                },
            ],
        }
    }

    fn tones(n: usize, fail_on: Option<&str>) -> Vec<SynthFactory> {
        (0..n)
            .map(|_| {
                let t = ToneSynth {
                    fail_on: fail_on.map(str::to_string),
                };
                Box::new(move || Ok(Box::new(t) as Box<dyn Synthesizer>)) as SynthFactory
            })
            .collect()
    }

    fn run(
        script: &Script,
        workers: Vec<SynthFactory>,
    ) -> (Result<ExportReport, ExportError>, Vec<i16>, usize) {
        let mut cur = std::io::Cursor::new(Vec::new());
        let mut skipped = 0;
        let mut on_event = |e: ExportEvent<'_>| {
            if let ExportEvent::Skipped { .. } = e {
                skipped += 1
            }
        };
        let mut opts = ExportOptions {
            pauses: Default::default(),
            settings: VoiceSettings::default(),
            sample_rate: TONE_RATE,
            cancel: None,
            on_event: &mut on_event,
        };
        let result = {
            let mut enc = Format::Wav
                .encoder(&mut cur, &EncodeOptions::new(TONE_RATE))
                .unwrap();
            let r = export_script(script, workers, enc.as_mut(), &mut opts);
            enc.finish().unwrap();
            r
        };
        cur.set_position(0);
        let samples = hound::WavReader::new(cur)
            .unwrap()
            .samples::<i16>()
            .map(|s| s.unwrap())
            .collect();
        (result, samples, skipped)
    }

    #[test]
    fn utterances_are_followed_by_exactly_their_pauses() {
        let s = VoiceSettings::default();
        let (report, samples, _) = run(&script(), tones(2, None));
        let report = report.unwrap();
        let n = |t: &str| ToneSynth::samples_for(t, &s);
        let p = |p: Pause| timing::pause_samples(p.millis(), s.rate_wpm, TONE_RATE);
        let first_end =
            n("one two three") + p(Pause::Clause) + n("four five") + p(Pause::SectionEnd);
        assert_eq!(report.sections[0].start, 0);
        assert_eq!(report.sections[0].end, first_end as u64);
        assert_eq!(report.sections[1].title.as_deref(), Some("Next"));
        assert_eq!(
            report.samples as usize,
            first_end + n("six") + p(Pause::SectionEnd)
        );
        assert_eq!(samples.len() as u64, report.samples);
        // The clause pause is silent, and speech resumes right after it.
        let gap = n("one two three")..n("one two three") + p(Pause::Clause);
        assert!(samples[gap.clone()].iter().all(|x| *x == 0));
        let after = &samples[gap.end..gap.end + 500];
        assert!(after.iter().any(|x| x.abs() > 1000));
    }

    #[test]
    fn a_failed_utterance_is_skipped_and_reported() {
        let (report, _, skipped) = run(&script(), tones(1, Some("four")));
        let report = report.unwrap();
        assert_eq!((report.spoken, report.skipped, skipped), (2, 1, 1));
    }

    #[test]
    fn a_voice_that_fails_everything_stops_the_export() {
        let (report, _, _) = run(&script(), tones(2, Some("")));
        assert!(matches!(
            report,
            Err(ExportError::NothingSpoken) | Err(ExportError::Synth(_))
        ));
    }

    #[test]
    fn an_empty_script_is_refused_before_any_work() {
        let (report, samples, _) = run(&Script::default(), tones(1, None));
        assert!(matches!(report, Err(ExportError::EmptyScript)));
        assert!(samples.is_empty());
    }

    #[test]
    fn cancelled_export_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.wav");
        let cancel = AtomicBool::new(true);
        let mut on_event = |_: ExportEvent<'_>| {};
        let mut opts = ExportOptions {
            pauses: Default::default(),
            settings: VoiceSettings::default(),
            sample_rate: TONE_RATE,
            cancel: Some(&cancel),
            on_event: &mut on_event,
        };
        let err = export_to_path(&script(), &target, tones(1, None), &mut opts).unwrap_err();
        assert!(matches!(err, ExportError::Interrupted));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
