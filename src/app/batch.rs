//! `aloud export` of many articles into a folder (`A B C -o DIR`, a folder of articles,
//! `--list FILE`), its shards (`--shard I/N`, `--shards N` with the job array's index) and
//! `--merge DIR`. The names, keys, manifest and exit codes are the library's
//! ([`aloud::export::batch`]); this module reads each article, renders it with the export's
//! speaker and records the outcome.

use crate::app::export::*;
use crate::app::*;
use crate::cli::*;
use aloud::cache;
use aloud::cache::Cache;
use aloud::export;
use aloud::export::batch::{self, Entry, Failure, Manifest, ManifestChapter, Shard, Status};
use aloud::export::ExportError;
use anyhow::Context;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Whether `args` asks for a batch rather than one file.
pub(crate) fn is_batch(args: &ExportArgs) -> bool {
    args.inputs.len() > 1
        || args.list.is_some()
        || args.shard.is_some()
        || args.shards.is_some()
        || args
            .inputs
            .iter()
            .any(|i| !i.starts_with("http") && Path::new(i).is_dir())
        || args.output.as_deref().is_some_and(|o| o.is_dir())
}

/// `aloud export --merge DIR`.
pub(crate) fn merge(dir: &Path) -> Result<ExitCode> {
    let merged = batch::merge(dir)?;
    eprintln!(
        "aloud: wrote {} ({} article{})",
        dir.join(batch::MANIFEST).display(),
        merged.articles.len(),
        if merged.articles.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(batch::exit_status(&merged.articles, false)))
}

/// The shard to render: `--shard I/N`, or `--shards N` with the index from the job array's
/// environment.
fn shard(args: &ExportArgs) -> Result<Option<Shard>> {
    if let Some(s) = &args.shard {
        return Ok(Some(Shard::parse(s)?));
    }
    let Some(n) = args.shards else {
        return Ok(None);
    };
    for var in ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] {
        if let Ok(v) = std::env::var(var) {
            let i: u32 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!("{var}={v:?} is not a shard index: it must be a number from 0")
            })?;
            return Shard::new(i, n).map(Some).ok_or_else(|| {
                anyhow::anyhow!(
                    "{var}={i} is not below --shards {n}: give --shards the job array's size"
                )
            });
        }
    }
    anyhow::bail!(
        "--shards {n} needs the shard's index in JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX: set one, or use --shard I/{n}"
    )
}

/// The format of a batch's files: `--format`, else the config file's, else MP3.
fn batch_format(args: &ExportArgs) -> Result<export::Format> {
    if args.format.is_some() {
        return export_format(args);
    }
    Ok(crate::app::config()?
        .export
        .format
        .as_deref()
        .and_then(export::Format::from_name)
        .unwrap_or(export::Format::Mp3))
}

/// `aloud export A B C -o DIR` and the other batch forms.
pub(crate) fn export_batch(args: ExportArgs) -> Result<ExitCode> {
    refuse_speaking_voice(&args.voice)?;
    let dir = match &args.output {
        Some(d) if d.as_os_str() != "-" => d.clone(),
        _ => anyhow::bail!("a batch of articles is written into a folder: give -o DIR"),
    };
    anyhow::ensure!(
        args.split.is_none() && args.chapters.is_none() && args.subtitles.is_none(),
        "--split, --chapters and --subtitles are for one article: a batch puts the chapters of each in manifest.json"
    );
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "{} is a file: a batch of articles is written into a folder; give -o DIR",
            dir.display()
        );
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("creating the folder {}", dir.display()))?;
    let shard = shard(&args)?;
    let format = batch_format(&args)?;
    let sources = batch::expand_sources(&args.inputs, args.list.as_deref())?;
    if sources.is_empty() {
        eprintln!("aloud: no articles to export: the inputs hold no .txt, .md or .html files and the list no lines");
        return Ok(ExitCode::from(batch::EXIT_BAD_INPUT));
    }
    aloud::atomic::remove_stale_partials(&dir);
    let previous = batch::previous(&dir);
    let manifest_path = dir.join(shard.map_or(batch::MANIFEST.to_string(), |s| s.manifest_name()));
    let mut manifest = Manifest::new(shard);

    let voice = pick_voice(&load_catalog(), &args.voice)?.clone();
    let config = crate::app::config()?;
    let render = batch::RenderSettings {
        voice: cache::voice_key(&voice),
        settings: voice.settings_with(args.voice.rate, args.voice.pitch),
        pauses: config.pauses,
        format,
        bitrate_kbps: args.bitrate.or(config.export.bitrate),
        quality: args.quality,
        // 0: the voice's own rate, which its identity decides.
        sample_rate: args.sample_rate.unwrap_or(0),
    };
    let jobs = Jobs {
        given: args.jobs.map(|j| j as usize),
        fast_voice: if format == export::Format::Wav {
            default_jobs()
        } else {
            default_jobs().saturating_sub(1).max(1)
        },
    };
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let total = sources.len();
    for (index, source) in sources.iter().enumerate() {
        let started = Instant::now();
        let input = args.input_args(source);
        let script = match load_script(&input) {
            Ok(s) if s.sections.iter().all(|s| s.utterances.is_empty()) => Err(anyhow::anyhow!(
                "{source} is empty: it has no text to read aloud; give an article with some text"
            )),
            other => other,
        };
        let script = match script {
            Ok(s) => s,
            Err(e) => {
                if shard.is_none_or(|s| s.owns(source)) {
                    let failure = e
                        .downcast_ref::<aloud::article::ReadError>()
                        .map_or(Failure::BadInput, Failure::of_read);
                    let entry = Entry::failed(index, source, &format!("{e:#}"), failure);
                    report(&args, index, total, &entry);
                    manifest.record(entry);
                    manifest.save(&manifest_path)?;
                }
                continue;
            }
        };
        let mut encode = export::script_encode_options(&script, 0);
        encode.tags.album = source_name(source);
        if encode.tags.artist.is_none() && source.starts_with("http") {
            encode.tags.artist = encode.tags.album.clone();
        }
        // aloud's readers do not find an article's date yet; today's date would make files
        // differ from day to day.
        encode.tags.date = None;
        encode.bitrate_kbps = render.bitrate_kbps;
        encode.quality = render.quality;
        let key = batch::key(&script, &encode.tags, &render);
        if shard.is_some_and(|s| !s.owns(&key)) {
            continue;
        }
        if let Some(done) = previous.finished(&dir, &key) {
            let entry = Entry {
                index,
                source: source.clone(),
                status: Status::Unchanged,
                ..done.clone()
            };
            if !args.quiet {
                eprintln!(
                    "aloud: [{}/{total}] unchanged {} ({:.1} ms)",
                    index + 1,
                    entry.file.as_deref().unwrap_or(""),
                    started.elapsed().as_secs_f64() * 1e3
                );
            }
            manifest.record(entry);
            continue;
        }
        let file = batch::file_name(script.title.as_deref(), &key, format);
        let path = dir.join(&file);
        let entry = match render_one(&args, &script, &path, encode, jobs, progress) {
            Ok(Ok(r)) => Entry {
                index,
                source: source.clone(),
                status: Status::Rendered,
                title: script.title.clone(),
                author: script.byline.clone(),
                date: None,
                duration_seconds: Some((r.seconds() * 1000.0).round() / 1000.0),
                chapters: r
                    .chapters(&script)
                    .into_iter()
                    .map(|c| ManifestChapter {
                        title: c.title,
                        start_ms: c.start_ms,
                        end_ms: c.end_ms,
                    })
                    .collect(),
                bytes: std::fs::metadata(&path).ok().map(|m| m.len()),
                file: Some(file),
                key: Some(key),
                voice: Some(voice.name.clone()),
                aloud_version: batch::VERSION.to_string(),
                error: None,
                failure: None,
            },
            Ok(Err(ExportError::Interrupted)) => {
                manifest.save(&manifest_path)?;
                eprintln!("aloud: {}", ExportError::Interrupted);
                return Ok(ExitCode::from(
                    aloud::player::controls::interrupted_exit_status(),
                ));
            }
            Ok(Err(e)) => Entry::failed(index, source, &e.to_string(), Failure::of_export(&e)),
            Err(e) => Entry::failed(index, source, &format!("{e:#}"), Failure::Temporary),
        };
        report(&args, index, total, &entry);
        manifest.record(entry);
        manifest.save(&manifest_path)?;
    }
    manifest.save(&manifest_path)?;
    let code = batch::exit_status(&manifest.articles, args.strict);
    if !args.quiet {
        let count = |s: Status| manifest.articles.iter().filter(|e| e.status == s).count();
        eprintln!(
            "aloud: wrote {}: {} rendered, {} unchanged, {} failed",
            manifest_path.display(),
            count(Status::Rendered),
            count(Status::Unchanged),
            count(Status::Failed)
        );
    }
    Ok(ExitCode::from(code))
}

/// One line about an article's outcome (failures even with `-q`).
fn report(args: &ExportArgs, index: usize, total: usize, entry: &Entry) {
    match (&entry.error, entry.status) {
        (Some(e), _) => eprintln!(
            "aloud: [{}/{total}] failed {}: {e}",
            index + 1,
            entry.source
        ),
        (None, _) if args.quiet => {}
        (None, _) => eprintln!(
            "aloud: [{}/{total}] wrote {} ({:.0} s)",
            index + 1,
            entry.file.as_deref().unwrap_or(""),
            entry.duration_seconds.unwrap_or(0.0)
        ),
    }
}

/// Renders one article of a batch to `path` with a fresh speaker (workers are used up by an
/// export).
fn render_one(
    args: &ExportArgs,
    script: &aloud::segment::Script,
    path: &Path,
    mut encode: export::EncodeOptions,
    jobs: Jobs,
    progress: bool,
) -> Result<std::result::Result<export::ExportReport, ExportError>> {
    let mut speaker = speaker(&args.voice, jobs)?;
    if !args.no_cache {
        if let Some(cache) = Cache::open_default_primed() {
            let id = cache::voice_key(&speaker.voice);
            let workers = std::mem::take(&mut speaker.workers);
            speaker.workers = cache::cached_workers(workers, cache, &id, speaker.sample_rate);
        }
    }
    let rate = args.sample_rate.unwrap_or(speaker.sample_rate);
    let format = batch_format(args)?;
    format.check_rate(rate)?;
    encode.sample_rate = rate;
    let workers = std::mem::take(&mut speaker.workers);
    with_progress(script, &speaker, progress, Instant::now(), |opts| {
        opts.sample_rate = rate;
        export::export_file(script, path, format, &encode, workers, opts)
    })
}
