//! `aloud queue add|list|remove|clear`, and playing several articles one after the other:
//! `aloud listen A B C` (the articles given, not kept) and `aloud listen --queue` or `aloud
//! resume` (the queue kept in the state folder, [`aloud::queue`]).
//!
//! Each article plays as `aloud listen` plays it alone, from its saved position; when it ends
//! (heard to the end, or `n` in its last section) the next one starts, and a finished article
//! leaves the kept queue. `q` stops the whole queue (the position is saved, so the next
//! `aloud resume` continues in that article); an article that cannot be read is skipped with a
//! warning and stays in the queue.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use aloud::article::Input;
use aloud::queue::QueueStore;
use aloud::resume::Store;

use super::listen::{play_input, Ended, Playback};
use super::source_of;
use crate::cli::{InputArgs, ListenArgs, QueueAction, QueueArgs, VoiceArgs};

/// `aloud queue …`.
pub(crate) fn queue_command(args: QueueArgs) -> Result<ExitCode> {
    let store = QueueStore::from_env()?;
    match args.action {
        None | Some(QueueAction::List) => list(&store)?,
        Some(QueueAction::Add { articles }) => {
            let mut sources = Vec::with_capacity(articles.len());
            for a in &articles {
                sources.push(queueable(a)?);
            }
            let (added, len) = store.update(|q| {
                let added: Vec<bool> = sources.iter().map(|s| q.add(s)).collect();
                (added, q.items.len())
            })?;
            for (source, new) in sources.iter().zip(added) {
                if new {
                    eprintln!("Added {source}.");
                } else {
                    eprintln!("{source} is in the queue already.");
                }
            }
            eprintln!("{len} in the queue: `aloud listen --queue` (or `aloud resume`) plays it.");
        }
        Some(QueueAction::Remove { article }) => {
            let removed = match article.trim().parse::<usize>() {
                Ok(n) => store.update(|q| q.remove_number(n))?.with_context(|| {
                    format!("there is no article {n} in the queue (see `aloud queue list`)")
                })?,
                Err(_) => {
                    let source = source_of(&article);
                    anyhow::ensure!(
                        store.remove_source(&source)?,
                        "{article} is not in the queue (see `aloud queue list`)"
                    );
                    source
                }
            };
            eprintln!("Removed {removed} from the queue.");
        }
        Some(QueueAction::Clear) => {
            store.save(&Default::default())?;
            eprintln!("The queue is empty (saved positions are kept: `aloud history`).");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The source `article` is queued under (as `aloud history` names it), once it is known to be
/// a file that exists or a URL.
fn queueable(article: &str) -> Result<String> {
    match Input::parse(article) {
        Input::Stdin => {
            anyhow::bail!("standard input cannot be queued: save it to a file and queue that")
        }
        Input::Path(p) => anyhow::ensure!(
            p.is_file(),
            "{article} is not a file (check the path; URLs start with http:// or https://)"
        ),
        Input::Url(_) => {}
    }
    Ok(source_of(article))
}

/// `aloud queue list`: the queue in order, with where each article stands.
fn list(store: &QueueStore) -> Result<()> {
    let queue = store.load()?;
    let mut out = std::io::stdout().lock();
    if queue.items.is_empty() {
        writeln!(
            out,
            "The queue is empty: `aloud queue add ARTICLE…` adds articles to it."
        )?;
        return Ok(());
    }
    let entries = Store::from_env()
        .map(|s| s.load().entries)
        .unwrap_or_default();
    for (i, source) in queue.items.iter().enumerate() {
        let entry = entries.iter().find(|e| &e.source == source);
        let stands = match entry {
            Some(e) if e.finished => "heard to the end before: starts again".to_string(),
            Some(e) => format!(
                "{:.0}%, at §{}/{} {}",
                e.percent,
                e.position.section + 1,
                e.sections,
                e.section_title.as_deref().unwrap_or("(lead)")
            ),
            None => "not started".to_string(),
        };
        // An article not started yet has no title known: its source stands for it, once.
        match entry.and_then(|e| e.title.as_deref()) {
            Some(title) => writeln!(out, "{}. {title}\n    {stands}\n    {source}", i + 1)?,
            None => writeln!(out, "{}. {source}\n    {stands}", i + 1)?,
        }
    }
    Ok(())
}

/// Whether a queue is kept (for `aloud resume`).
pub(crate) fn has_queue() -> Result<bool> {
    Ok(!QueueStore::from_env()?.load()?.items.is_empty())
}

/// `aloud listen --queue` and `aloud resume` with a queue: the kept queue, finished articles
/// taken out of it.
pub(crate) fn play_saved_queue(
    voice: &VoiceArgs,
    play: &Playback,
    started: Instant,
) -> Result<ExitCode> {
    let store = QueueStore::from_env()?;
    let items = store.load()?.items;
    anyhow::ensure!(
        !items.is_empty(),
        "the queue is empty: `aloud queue add ARTICLE…` adds articles to it"
    );
    let inputs: Vec<InputArgs> = items
        .iter()
        .map(|source| InputArgs::plain(source))
        .collect();
    play_all(&inputs, voice, play, None, false, Some(&store), started)
}

/// `aloud listen A B C`: the articles given, in order (nothing kept but their positions).
pub(crate) fn play_list(args: &ListenArgs, play: &Playback, started: Instant) -> Result<ExitCode> {
    let inputs: Vec<InputArgs> = args.inputs.iter().map(|i| args.input(i)).collect();
    anyhow::ensure!(
        inputs.iter().filter(|i| i.input == "-").count() <= 1,
        "standard input can be read once: give `-` at most once"
    );
    play_all(
        &inputs,
        &args.voice,
        play,
        args.section.as_deref(),
        args.from_start,
        None,
        started,
    )
}

/// Plays `inputs` one after the other (`section` applies to the first), each from its saved
/// position; a finished one is taken out of `kept` when the queue is kept.
fn play_all(
    inputs: &[InputArgs],
    voice: &VoiceArgs,
    play: &Playback,
    section: Option<&str>,
    from_start: bool,
    kept: Option<&QueueStore>,
    started: Instant,
) -> Result<ExitCode> {
    let n = inputs.len();
    let mut failed = 0;
    for (i, input) in inputs.iter().enumerate() {
        let here = Playback {
            queue: Some((i + 1, n)),
            ..*play
        };
        let section = if i == 0 { section } else { None };
        let ended = match play_input(input, voice, &here, section, from_start, started) {
            Ok(ended) => ended,
            Err(e) => {
                // One unreadable article does not stop the queue.
                eprintln!("aloud: warning: skipping {}: {e:#}", input.input);
                failed += 1;
                continue;
            }
        };
        match ended {
            Ended::Finished => {
                if let Some(store) = kept {
                    let source = source_of(&input.input);
                    if let Err(e) = store.remove_source(&source) {
                        eprintln!("aloud: warning: {e}");
                    }
                }
            }
            Ended::Quit | Ended::Interrupted => return Ok(ended.exit_code()),
        }
    }
    if failed == n {
        anyhow::bail!(
            "none of the {n} articles could be played (see the warnings above; `aloud queue \
             remove N` takes one out of the queue)"
        );
    }
    Ok(ExitCode::SUCCESS)
}
