//! `aloud history` and `aloud forget`: the saved listening positions.

use crate::app::*;
use crate::cli::*;
use aloud::article::Input;
use aloud::printable::strip_controls;
use aloud::resume;
use aloud::resume::Entry;
use aloud::resume::Store;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn history() -> Result<ExitCode> {
    let store = Store::from_env()?;
    let loaded = store.load();
    if let Some(w) = &loaded.warning {
        eprintln!("aloud: warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    if loaded.entries.is_empty() {
        writeln!(
            out,
            "No saved positions yet: `aloud listen FILE` keeps one per article."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for e in &loaded.entries {
        let reached = if e.finished {
            "finished".to_string()
        } else {
            let heading = strip_controls(e.section_title.as_deref().unwrap_or("(lead)"));
            format!("§{}/{} {heading}", e.position.section + 1, e.sections)
        };
        writeln!(
            out,
            "{}  {:>3.0}%  {}\n    {}\n    {}",
            resume::format_time(e.last_listened),
            e.percent,
            strip_controls(e.title.as_deref().unwrap_or("(untitled)")),
            reached,
            strip_controls(&e.source)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn forget(args: &ForgetArgs) -> Result<ExitCode> {
    let store = Store::from_env()?;
    let source = source_of(&args.article);
    // When the article can still be read, its key finds it even if it moved.
    let keys: Vec<String> = match Input::parse(&args.article) {
        Input::Path(p) if p.is_file() => load_with_keys(&InputArgs::plain(&args.article))
            .map(|(_, k)| {
                let legacy = k.legacy.map(|make| make().key().to_string());
                std::iter::once(k.key).chain(legacy).collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let wanted = args.article.trim().to_lowercase();
    let gone: Vec<Entry> = store
        .load()
        .entries
        .into_iter()
        .filter(|e| {
            e.source == source
                || keys.contains(&e.key)
                || e.title.as_deref().map(str::to_lowercase).as_deref() == Some(wanted.as_str())
        })
        .collect();
    anyhow::ensure!(
        !gone.is_empty(),
        "no saved position for {:?} (`aloud history` lists them)",
        args.article
    );
    store.forget(|e| gone.iter().any(|g| g.key == e.key))?;
    for e in &gone {
        println!(
            "Forgot {} ({})",
            strip_controls(e.title.as_deref().unwrap_or("(untitled)")),
            strip_controls(&e.source)
        );
    }
    Ok(ExitCode::SUCCESS)
}
