//! `aloud feed DIR --base-url URL`: the podcast feed of a batch export's folder, with one JSON
//! chapters file per episode beside its audio file. The feed itself is the library's
//! ([`aloud::export::feed`]).

use crate::cli::FeedArgs;
use aloud::export::batch::{self, Manifest};
use aloud::export::feed::{self, Show};
use anyhow::Context;
use anyhow::Result;
use std::process::ExitCode;

/// The show: the TOML file (given, or DIR/show.toml), with the flags over it.
fn show(args: &FeedArgs) -> Result<Show> {
    let path = args
        .show
        .clone()
        .or_else(|| Some(args.dir.join("show.toml")).filter(|p| p.is_file()));
    let mut show = match &path {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            toml::from_str::<Show>(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {}: the keys are title, description, author, link, image, language, category and email",
                    p.display(),
                    e.message()
                )
            })?
        }
        None => Show::default(),
    };
    let set = |slot: &mut Option<String>, flag: &Option<String>| {
        if flag.is_some() {
            slot.clone_from(flag);
        }
    };
    set(&mut show.title, &args.title);
    set(&mut show.description, &args.description);
    set(&mut show.author, &args.author);
    set(&mut show.image, &args.image);
    set(&mut show.link, &args.link);
    set(&mut show.language, &args.language);
    Ok(show)
}

/// `aloud feed`.
pub(crate) fn feed(args: FeedArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        args.base_url.starts_with("https://") || args.base_url.starts_with("http://"),
        "--base-url {:?} is not an http(s):// address: give the address the folder is published at",
        args.base_url
    );
    let dir = &args.dir;
    let path = dir.join(batch::MANIFEST);
    let Some(manifest) = Manifest::load(&path)? else {
        anyhow::bail!(
            "{} has no manifest.json: export articles into it first (`aloud export A B -o {}`), or join a sharded batch's parts with `aloud export --merge {}`",
            dir.display(),
            dir.display(),
            dir.display()
        );
    };
    let show = show(&args)?;
    let modified = |file: &str| {
        let meta = std::fs::metadata(dir.join(file)).ok()?;
        let secs = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        Some(secs)
    };
    for e in &manifest.articles {
        if let Some(file) = e.file.as_deref().filter(|f| !dir.join(f).exists()) {
            eprintln!(
                "aloud: warning: {} is not in {} any more; its episode is left out (export {} again to bring it back)",
                file,
                dir.display(),
                e.source
            );
        }
    }
    let episodes = feed::episodes(&manifest, modified);
    for ep in &episodes {
        if let (Some(file), false) = (&ep.entry.file, ep.entry.chapters.is_empty()) {
            let target = dir.join(feed::chapters_file_name(file));
            let json = feed::chapters_json(ep.entry);
            // Unchanged files keep their modification time.
            if std::fs::read_to_string(&target).ok().as_deref() != Some(json.as_str()) {
                aloud::atomic::write(&target, json.as_bytes())
                    .with_context(|| format!("writing {}", target.display()))?;
            }
        }
    }
    let folder_name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "aloud".into());
    let xml = feed::render(&episodes, &show, &args.base_url, &folder_name);
    let out = args.output.clone().unwrap_or_else(|| dir.join("feed.xml"));
    aloud::atomic::write(&out, xml.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "aloud: wrote {} ({} episode{})",
        out.display(),
        episodes.len(),
        if episodes.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}
