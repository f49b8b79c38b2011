//! `aloud export` (every format, `--split`, `--chapters`, `--subtitles`, `-o -`, the cache in
//! front of the voice) and `aloud cache`. The speaker, progress bar and final report are shared
//! with `say` in [`super::speak`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use aloud::cache::{self, Cache};
use aloud::export::{self, ExportError};

use super::load_script;
use super::speak::{
    default_jobs, finish_export, refuse_speaking_voice, speaker, with_progress, Jobs,
};
use crate::cli::{AudioFormat, CacheAction, CacheArgs, ExportArgs};
use aloud::synth::onnx::fastload;

/// The format of an export: `--format`, else the output's extension; WAV on a pipe and MP3
/// for `--split` when neither says.
fn export_format(args: &ExportArgs) -> Result<export::Format> {
    if let Some(f) = args.format {
        return Ok(match f {
            AudioFormat::Mp3 => export::Format::Mp3,
            AudioFormat::Ogg => export::Format::Ogg,
            AudioFormat::Flac => export::Format::Flac,
            AudioFormat::Wav => export::Format::Wav,
            AudioFormat::M4b => export::Format::M4b,
        });
    }
    // The config file's format stands in when the output's name does not say.
    let configured = super::config()?
        .export
        .format
        .as_deref()
        .and_then(export::Format::from_name);
    match &args.output {
        Some(p) if p.as_os_str() == "-" => Ok(configured.unwrap_or(export::Format::Wav)),
        Some(p) if p.extension().is_none() && configured.is_some() => {
            Ok(configured.unwrap_or(export::Format::Mp3))
        }
        Some(p) => Ok(export::Format::from_path(p)?),
        None => Ok(configured.unwrap_or(export::Format::Mp3)),
    }
}

/// Where the article came from, for the album tag: a URL's host or the file's name.
fn source_name(input: &str) -> Option<String> {
    if input == "-" {
        return None;
    }
    if let Some(rest) = input
        .strip_prefix("https://")
        .or_else(|| input.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        return Some(host.trim_start_matches("www.").to_string());
    }
    Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// `aloud export INPUT -o FILE`.
pub(super) fn export(args: ExportArgs) -> Result<ExitCode> {
    let started = Instant::now();
    refuse_speaking_voice(&args.voice)?;
    let format = export_format(&args)?;
    let to_stdout = args.output.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if to_stdout && !format.streams() {
        return Err(ExportError::NotStreamable {
            format: format.extension(),
        }
        .into());
    }
    if let Some(p) = &args.chapters {
        export::chapters::ChapterFileKind::from_path(p)?;
    }
    if let Some(p) = &args.subtitles {
        export::subtitles::SubtitleFormat::from_path(p)?;
    }
    // The encoder of a compressed format needs a core of its own (LAME runs at ~400× real time,
    // espeak-ng at ~1,200×): synthesize on the others.
    let jobs = Jobs {
        given: args.jobs.map(|j| j as usize),
        fast_voice: if format == export::Format::Wav {
            default_jobs()
        } else {
            default_jobs().saturating_sub(1).max(1)
        },
    };
    // Start the voice (loading espeak-ng takes a few milliseconds) while the article is read.
    let voice_args = args.voice.clone();
    let starting = std::thread::spawn(move || speaker(&voice_args, jobs));
    let script = load_script(&args.input)?;
    let mut speaker = starting
        .join()
        .map_err(|_| anyhow::anyhow!("the voice failed to start"))??;
    let voice_name = speaker.voice.name.clone();
    if !args.no_cache {
        if let Some(cache) = Cache::open_default_primed() {
            let id = cache::voice_key(&speaker.voice);
            let workers = std::mem::take(&mut speaker.workers);
            speaker.workers = cache::cached_workers(workers, cache, &id, speaker.sample_rate);
        }
    }
    let rate = args.sample_rate.unwrap_or(speaker.sample_rate);
    format.check_rate(rate)?;
    let mut encode = export::script_encode_options(&script, rate);
    let source = source_name(&args.input.input);
    encode.tags.album = source.clone();
    if encode.tags.artist.is_none() && args.input.input.starts_with("http") {
        encode.tags.artist = source;
    }
    encode.bitrate_kbps = args.bitrate.or(super::config()?.export.bitrate);
    encode.quality = args.quality;
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let workers = std::mem::take(&mut speaker.workers);
    let result = with_progress(&script, &speaker, progress, started, |opts| {
        opts.sample_rate = rate;
        if let Some(dir) = &args.split {
            export::split::export_split(&script, dir, format, &encode, workers, opts)
                .map(|s| s.report)
        } else if to_stdout {
            let stdout = std::io::stdout().lock();
            export::export_to_writer(&script, stdout, format, &encode, workers, opts)
        } else {
            let path = args.output.clone().unwrap_or_default();
            export::export_file(&script, &path, format, &encode, workers, opts)
        }
    })?;
    let shown = match (&args.split, &args.output) {
        (Some(dir), _) => dir.clone(),
        (None, Some(p)) if !to_stdout => p.clone(),
        _ => PathBuf::from("standard output"),
    };
    if let Ok(report) = &result {
        let audio_name = shown
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(p) = &args.chapters {
            export::chapters::write_chapter_file(
                p,
                &report.chapters(&script),
                &encode.tags,
                &audio_name,
            )
            .with_context(|| format!("writing the chapters to {}", p.display()))?;
        }
        if let Some(p) = &args.subtitles {
            export::subtitles::write(p, &script, report)
                .with_context(|| format!("writing the subtitles to {}", p.display()))?;
        }
    }
    finish_export(result, &shown, &voice_name, args.quiet || to_stdout)
}

/// `aloud cache [clear]`.
pub(super) fn cache_command(args: CacheArgs) -> Result<ExitCode> {
    let Some(cache) = Cache::open_default() else {
        anyhow::bail!("no cache folder: set $XDG_CACHE_HOME or $HOME");
    };
    match args.action {
        Some(CacheAction::Clear) => {
            let before = cache.usage();
            cache
                .clear()
                .with_context(|| format!("emptying {}", cache.dir().display()))?;
            println!(
                "aloud: cleared the cache ({} utterances, {:.1} MB) in {}",
                before.entries,
                before.bytes as f64 / 1e6,
                cache.dir().display()
            );
            if let Some(models) = fastload::default_dir() {
                let (count, bytes) = fastload::usage(&models);
                fastload::clear(&models)
                    .with_context(|| format!("emptying {}", models.display()))?;
                if count > 0 {
                    println!(
                        "aloud: removed {count} fast-loading Piper model {} ({:.1} MB) from {}",
                        if count == 1 { "copy" } else { "copies" },
                        bytes as f64 / 1e6,
                        models.display()
                    );
                }
            }
        }
        None => {
            let usage = cache.usage();
            println!(
                "{} utterances, {:.1} MB of {:.0} MB in {}",
                usage.entries,
                usage.bytes as f64 / 1e6,
                cache.cap() as f64 / 1e6,
                cache.dir().display()
            );
            if let Some(models) = fastload::default_dir() {
                let (count, bytes) = fastload::usage(&models);
                if count > 0 {
                    println!(
                        "{count} fast-loading Piper model {}, {:.1} MB in {}",
                        if count == 1 { "copy" } else { "copies" },
                        bytes as f64 / 1e6,
                        models.display()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
