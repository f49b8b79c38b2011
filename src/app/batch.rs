//! `aloud export` of many articles into a folder (`A B C -o DIR`, a folder of articles,
//! `--list FILE`, a news feed's entries), its shards (`--shard I/N`, `--shards N` with the job array's index) and
//! `--merge DIR`. The names, keys, manifest and exit codes are the library's
//! ([`aloud::export::batch`]); this module reads each article, renders it with the export's
//! speaker and records the outcome.

use crate::app::export::*;
use crate::app::*;
use crate::cli::ExportArgs;
use aloud::article::feed;
use aloud::article::source::{load_raw, read_raw, Loaded, Raw, ReadError};
use aloud::article::{read_input, Input, ReadOptions};
use aloud::cache;
use aloud::export;
use aloud::export::batch::{self, Entry, Failure, Manifest, ManifestChapter, Shard, Status};
use aloud::export::ExportError;
use aloud::segment::{self, SegmentOptions};
use anyhow::Context;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// A feed's bytes, read to find out that it is one, kept so that the batch does not read it a
/// second time.
pub(crate) struct Fetched {
    source: String,
    raw: Raw,
}

/// What `aloud export` was asked for, with the bytes it read to find out.
pub(crate) enum Decision {
    /// One article, and its bytes (or why they could not be read) when finding out read them.
    Single(Option<Result<Raw, ReadError>>),
    /// Many articles, and the feed's bytes when the one input is a feed.
    Batch(Option<Fetched>),
}

/// Whether `args` asks for a batch rather than one file. The one input is read to find out
/// whether it is a feed (a URL only when the output is not an audio file), and what was read
/// is handed on, so that nothing is read or fetched twice.
pub(crate) fn decide(args: &ExportArgs) -> Decision {
    let many = args.inputs.len() > 1
        || args.list.is_some()
        || args.shard.is_some()
        || args.shards.is_some()
        || args
            .inputs
            .iter()
            .any(|i| !i.starts_with("http") && Path::new(i).is_dir())
        || args.output.as_deref().is_some_and(|o| {
            // An existing folder, or a name written as one ("-o pod/").
            o.is_dir() || o.to_str().is_some_and(|s| s.ends_with('/') && s.len() > 1)
        });
    match args.inputs.as_slice() {
        _ if many => Decision::Batch(None),
        [one] => read_one(one, args.output.as_deref()),
        _ => Decision::Single(None),
    }
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
pub(crate) fn export_batch(args: ExportArgs, fetched: Option<Fetched>) -> Result<ExitCode> {
    match run_batch(&args, fetched) {
        // A full disk (or a file size limit) while writing the manifest: a temporary failure
        // like a full disk while writing an article's audio.
        Err(e) if out_of_space(&e) => {
            eprintln!("aloud: {e:#}");
            Ok(ExitCode::from(batch::EXIT_TEMPORARY))
        }
        other => other,
    }
}

/// Whether `e` is a write that failed for want of space (ENOSPC, EDQUOT, EFBIG).
fn out_of_space(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    let full = |k: ErrorKind| {
        matches!(
            k,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
        )
    };
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| full(io.kind()))
            || matches!(c.downcast_ref::<batch::BatchError>(),
                Some(batch::BatchError::Write { error, .. }) if full(error.kind()))
    })
}

/// The one input of `aloud export`: a batch when it is a news feed (`aloud export FEED -o DIR`
/// makes a batch of its entries), else a single article. A file is read, and a URL is fetched
/// when `output` names no audio file (a URL exported to an audio file is not a feed's batch).
fn read_one(source: &str, output: Option<&Path>) -> Decision {
    let input = Input::parse(source);
    match &input {
        Input::Path(_) => {}
        Input::Url(_) => {
            let names_audio =
                output.is_none_or(|o| o.as_os_str() == "-" || export::Format::from_path(o).is_ok());
            if names_audio {
                return Decision::Single(None);
            }
        }
        Input::Stdin => return Decision::Single(None),
    }
    // Reading takes only the limits of the options, which are the same for every read.
    match read_raw(&input, &ReadOptions::default()) {
        Ok(raw) if feed::looks_like_feed(&raw.bytes, raw.mime.as_deref()) => {
            Decision::Batch(Some(Fetched {
                source: source.to_string(),
                raw,
            }))
        }
        read => Decision::Single(Some(read)),
    }
}

/// What a batch's run keeps from one article to the next.
struct Run<'a> {
    args: &'a ExportArgs,
    dir: std::path::PathBuf,
    shard: Option<Shard>,
    format: export::Format,
    /// Renders of earlier runs whose files are still there: an article with one is skipped.
    previous: batch::Finished,
    /// Finished articles of earlier runs into the folder, kept in its manifest (a whole
    /// batch's; shards keep none).
    kept: batch::Kept,
    manifest: Manifest,
    manifest_path: std::path::PathBuf,
    render: batch::RenderSettings,
    voice: String,
    jobs: Jobs,
    progress: bool,
    seg: SegmentOptions,
    /// Articles known so far (a feed's entries are counted once it is read).
    total: usize,
    /// Set by Ctrl-C or SIGTERM.
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Where an article came from besides its source: the feed of an entry, and what the entry
/// says about it.
#[derive(Default)]
struct Origin {
    feed: Option<String>,
    feed_title: Option<String>,
    date: Option<String>,
}

/// An article that could not be read: why (one line) and what kind of failure.
type Unread = (String, Failure);

/// The batch: every source read in order (a feed's entries in its place), rendered when it
/// falls in this shard and is not done already, and recorded in the manifest.
fn run_batch(args: &ExportArgs, mut fetched: Option<Fetched>) -> Result<ExitCode> {
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
    if !dir.exists() && export::Format::from_path(&dir).is_ok() {
        anyhow::bail!(
            "-o {} names an audio file, but a batch of articles (several inputs, a folder, a list or a news feed) is written into a folder: give -o DIR",
            dir.display()
        );
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("creating the folder {}", dir.display()))?;
    let shard = shard(args)?;
    let format = batch_format(args)?;
    let expanded = batch::expand_sources(&args.inputs, args.list.as_deref())?;
    let (sources, repeats) = batch::without_repeats(expanded.list);
    for repeat in &repeats {
        eprintln!("aloud: warning: {repeat} is given more than once; it is exported once");
    }
    for folder in &expanded.empty_folders {
        eprintln!(
            "aloud: warning: the folder {folder} holds no .txt, .md or .html files; nothing in it is exported"
        );
    }
    if sources.is_empty() {
        eprintln!("aloud: no articles to export: the inputs hold no .txt, .md or .html files and the list no lines");
        return Ok(ExitCode::from(batch::EXIT_BAD_INPUT));
    }
    aloud::atomic::remove_stale_partials(&dir);
    let voice = pick_voice(&load_catalog(), &args.voice)?.clone();
    let config = crate::app::config()?;
    let render = batch::RenderSettings {
        voice: cache::export_voice_key(&voice),
        settings: voice.settings_with(args.voice.rate, args.voice.pitch),
        pauses: config.pauses,
        format,
        bitrate_kbps: args.bitrate.or(config.export.bitrate),
        quality: args.quality,
        // 0: the voice's own rate, which its identity decides.
        sample_rate: args.sample_rate.unwrap_or(0),
    };
    let (opts, seg) = reading_options(&args.input_args("-"))?;
    let previous = batch::previous(&dir).finished_in(&dir);
    let mut run = Run {
        args,
        kept: match shard {
            None => batch::Kept::new(previous.entries().to_vec()),
            Some(_) => batch::Kept::default(),
        },
        previous,
        manifest_path: dir.join(shard.map_or(batch::MANIFEST.to_string(), |s| s.manifest_name())),
        manifest: Manifest::new(shard),
        dir,
        shard,
        format,
        render,
        voice: voice.name.clone(),
        jobs: Jobs {
            given: args.jobs.map(|j| j as usize),
            fast_voice: if format == export::Format::Wav {
                default_jobs()
            } else {
                default_jobs().saturating_sub(1).max(1)
            },
        },
        progress: !args.quiet && std::io::stderr().is_terminal(),
        seg,
        total: sources.len(),
        stop: interrupt_flag()?,
    };
    let mut index = 0;
    for source in &sources {
        if let Some(code) = run.stop_if_asked()? {
            return Ok(code);
        }
        let already = fetched.take_if(|f| f.source == *source).map(|f| f.raw);
        let raw = match already.map_or_else(|| read_raw(&Input::parse(source), &opts), Ok) {
            Ok(raw) => raw,
            Err(e) => {
                let unread = (e.to_string(), Failure::of_read(&e));
                if let Some(code) = run.article(index, source, Err(unread), Origin::default())? {
                    return Ok(code);
                }
                index += 1;
                continue;
            }
        };
        if opts.format.is_some() || !feed::looks_like_feed(&raw.bytes, raw.mime.as_deref()) {
            let document = load_raw(raw, opts.format).map_err(|e| {
                let failure = Failure::of_read(&e);
                (e.to_string(), failure)
            });
            if let Some(code) = run.article(index, source, document, Origin::default())? {
                return Ok(code);
            }
            index += 1;
            continue;
        }
        let parsed = match feed::parse(&raw.bytes, source, raw.url.as_deref()) {
            Ok(f) => f,
            Err(e) => {
                let unread = (e.to_string(), Failure::BadInput);
                if let Some(code) = run.article(index, source, Err(unread), Origin::default())? {
                    return Ok(code);
                }
                index += 1;
                continue;
            }
        };
        run.total += parsed.entries.len() - 1;
        for (n, entry) in parsed.entries.iter().enumerate() {
            if let Some(code) = run.stop_if_asked()? {
                return Ok(code);
            }
            let entry_source = entry
                .link
                .clone()
                .unwrap_or_else(|| format!("{source}#{}", n + 1));
            let origin = Origin {
                feed: Some(source.clone()),
                feed_title: parsed.title.clone(),
                date: entry.date.clone(),
            };
            let document = entry_document(entry, n, source, &opts);
            if let Some(code) = run.article(index, &entry_source, document, origin)? {
                return Ok(code);
            }
            index += 1;
        }
    }
    let written = run.save()?;
    let code = batch::exit_status(&run.manifest.articles, args.strict);
    if !args.quiet {
        let count = |s: Status| {
            run.manifest
                .articles
                .iter()
                .filter(|e| e.status == s)
                .count()
        };
        let kept = written.articles.len() - run.manifest.articles.len();
        eprintln!(
            "aloud: wrote {}: {} rendered, {} unchanged, {} failed{}",
            run.manifest_path.display(),
            count(Status::Rendered),
            count(Status::Unchanged),
            count(Status::Failed),
            match kept {
                0 => String::new(),
                n => format!(", {n} kept from earlier runs"),
            }
        );
    }
    Ok(ExitCode::from(code))
}

/// The article of a feed's entry `n` (from 0): its content when it carries the article, else
/// the page at its link; the entry's title and author win over the page's.
fn entry_document(
    entry: &feed::FeedEntry,
    n: usize,
    feed_source: &str,
    opts: &ReadOptions,
) -> std::result::Result<Loaded, Unread> {
    if let Some(document) = entry.document() {
        return Ok(Loaded {
            document,
            warnings: Vec::new(),
        });
    }
    let bad = |why: String| Err((why, Failure::BadInput));
    let Some(link) = entry.link.as_deref() else {
        return bad(format!(
            "entry {} of {feed_source} has no text and no link: there is nothing to read aloud",
            n + 1
        ));
    };
    let input = Input::parse(link);
    if !matches!(input, Input::Url(_)) {
        return bad(format!(
            "entry {} of {feed_source} links to {link}, which is not an http(s) address: only web pages are fetched for a feed's entries",
            n + 1
        ));
    }
    let mut loaded = read_input(&input, opts).map_err(|e| {
        let failure = Failure::of_read(&e);
        (e.to_string(), failure)
    })?;
    if entry.title.is_some() {
        loaded.document.title.clone_from(&entry.title);
    }
    if entry.author.is_some() {
        loaded.document.byline.clone_from(&entry.author);
    }
    Ok(loaded)
}

impl Run<'_> {
    /// Renders the article at `index` of the batch (unless another shard owns it or it is done
    /// already) and records it. `Some(code)` when the batch must stop (Ctrl-C).
    fn article(
        &mut self,
        index: usize,
        source: &str,
        loaded: std::result::Result<Loaded, Unread>,
        origin: Origin,
    ) -> Result<Option<ExitCode>> {
        let started = Instant::now();
        let args = self.args;
        let script = loaded.and_then(|l| {
            for w in &l.warnings {
                eprintln!("aloud: warning: {w}");
            }
            let script = segment::segment(&l.document, &self.seg);
            if script.sections.iter().all(|s| s.utterances.is_empty()) {
                Err((
                    format!(
                        "{source} is empty: it has no text to read aloud; give an article with some text"
                    ),
                    Failure::BadInput,
                ))
            } else {
                Ok(script)
            }
        });
        let script = match script {
            Ok(s) => s,
            Err((why, failure)) => {
                if self.shard.is_none_or(|s| s.owns(source)) {
                    let entry = Entry {
                        feed: origin.feed,
                        ..Entry::failed(index, source, &why, failure)
                    };
                    report(args, index, self.total, &entry);
                    self.record(entry);
                    self.save()?;
                }
                return Ok(None);
            }
        };
        let mut encode = export::script_encode_options(&script, 0);
        encode.tags.album = origin
            .feed_title
            .clone()
            .or_else(|| source_name(origin.feed.as_deref().unwrap_or(source)));
        if encode.tags.artist.is_none() && (source.starts_with("http") || origin.feed.is_some()) {
            encode.tags.artist = encode.tags.album.clone();
        }
        // aloud's readers do not find an article's date; a feed's entry has one. Today's date
        // would make files differ from day to day.
        encode.tags.date = origin.date.clone();
        encode.bitrate_kbps = self.render.bitrate_kbps;
        encode.quality = self.render.quality;
        let key = batch::key(&script, &encode.tags, &self.render);
        if self.shard.is_some_and(|s| !s.owns(&key)) {
            return Ok(None);
        }
        if let Some(done) = self.previous.get(&key) {
            let entry = Entry {
                index,
                source: source.to_string(),
                feed: origin.feed,
                status: Status::Unchanged,
                ..done.clone()
            };
            if !args.quiet {
                eprintln!(
                    "aloud: [{}/{}] unchanged {} ({:.1} ms)",
                    index + 1,
                    self.total,
                    entry.file.as_deref().unwrap_or(""),
                    started.elapsed().as_secs_f64() * 1e3
                );
            }
            self.record(entry);
            return Ok(None);
        }
        let file = batch::file_name(script.title.as_deref(), &key, self.format);
        let path = self.dir.join(&file);
        let entry = match render_one(args, &script, &path, encode, self.jobs, self.progress) {
            Ok(Ok(r)) => Entry {
                index,
                source: source.to_string(),
                feed: origin.feed,
                status: Status::Rendered,
                title: script.title.clone(),
                author: script.byline.clone(),
                date: origin.date,
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
                voice: Some(self.voice.clone()),
                aloud_version: batch::VERSION.to_string(),
                error: None,
                failure: None,
            },
            Ok(Err(ExportError::Interrupted)) => return self.interrupted(),
            // A program the format needs is not installed: no article can be written, and a
            // retry would fail the same way. Stop with the one line that says what to install.
            Ok(Err(e @ ExportError::MissingTool { .. })) => {
                self.save()?;
                return Err(e.into());
            }
            Ok(Err(e)) => Entry {
                feed: origin.feed,
                ..Entry::failed(index, source, &e.to_string(), Failure::of_export(&e))
            },
            Err(e) => Entry {
                feed: origin.feed,
                ..Entry::failed(index, source, &format!("{e:#}"), Failure::Temporary)
            },
        };
        report(args, index, self.total, &entry);
        self.record(entry);
        self.save()?;
        Ok(None)
    }
}

impl Run<'_> {
    /// After Ctrl-C or SIGTERM (also between articles, and while a source is read): the
    /// manifest saved, a line saying what is kept, and the exit status; else `None`.
    fn stop_if_asked(&self) -> Result<Option<ExitCode>> {
        if self.stop.load(std::sync::atomic::Ordering::SeqCst) {
            return self.interrupted();
        }
        Ok(None)
    }

    /// Saves the manifest and says that the run was interrupted and what it keeps.
    fn interrupted(&self) -> Result<Option<ExitCode>> {
        self.save()?;
        let done = self
            .manifest
            .articles
            .iter()
            .filter(|e| e.status != Status::Failed)
            .count();
        eprintln!(
            "aloud: interrupted: the article being spoken was not written; {done} finished \
             article{} kept in {} — run the same command again to go on",
            if done == 1 { " is" } else { "s are" },
            self.dir.display()
        );
        Ok(Some(ExitCode::from(
            aloud::player::controls::interrupted_exit_status(),
        )))
    }

    /// Records `entry` in this run's manifest, dropping the earlier article it replaces.
    fn record(&mut self, entry: batch::Entry) {
        self.kept.replaced_by(&entry);
        self.manifest.record(entry);
    }

    /// Writes the manifest: this run's articles and the earlier ones it keeps. Returns what was
    /// written.
    fn save(&self) -> Result<Manifest> {
        let all = self.manifest.with_kept(&self.kept);
        all.save(&self.manifest_path)?;
        Ok(all)
    }
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
        speaker.use_cache();
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
