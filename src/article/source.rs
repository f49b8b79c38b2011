//! Where article bytes come from (a path, standard input or an `http(s)://` URL), how they are
//! decoded to text ([`decode`]), and which reader parses them ([`detect`]).
//!
//! URLs are fetched with ureq under a whole-request timeout, a redirect limit and a size limit;
//! only `http` and `https` are supported, with no cookies, authentication or JavaScript. Every
//! failure is a [`ReadError`] whose message is one line naming the problem and what to do.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use super::Document;

pub mod decode;
pub mod detect;

/// Where to read an article from, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// An `http://` or `https://` URL.
    Url(String),
}

impl Input {
    /// Interprets a command-line argument: `-` is stdin, `http(s)://…` a URL, anything else a path.
    pub fn parse(arg: &str) -> Input {
        let lower = arg.to_ascii_lowercase();
        if arg == "-" {
            Input::Stdin
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            Input::Url(arg.to_string())
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// The article formats aloud reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, structure recovered from lines.
    Text,
    /// Markdown (CommonMark with tables).
    Markdown,
    /// An HTML page; the main article is extracted.
    Html,
}

/// How to read an input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Timeout for a whole URL fetch.
    pub timeout: Duration,
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Most redirects followed for a URL.
    pub max_redirects: u32,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            timeout: Duration::from_secs(20),
            max_bytes: 64 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// A document with what was noticed while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The parsed article.
    pub document: Document,
    /// Non-fatal problems (invalid bytes replaced, ...), one line each.
    pub warnings: Vec<String>,
}

/// Why an input could not be read. Each message names the problem and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file does not exist or cannot be opened.
    // The I/O error is part of the message, not a `source`, so that a cause chain printed with
    // `{:#}` does not repeat it.
    #[error("cannot read {path}: {error}{hint}", hint = file_hint(error))]
    File {
        /// The path as given.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The input has no readable text.
    #[error("{what} is empty: give an article with some text")]
    Empty {
        /// Which input.
        what: String,
    },
    /// The input looks like a binary file, not an article.
    #[error("{what} looks like a binary file: give a text, Markdown or HTML article")]
    Binary {
        /// Which input.
        what: String,
    },
    /// The input is larger than the limit.
    #[error("{what} is larger than the limit of {limit} bytes: give a shorter article")]
    TooLarge {
        /// Which input.
        what: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The input is a news feed (RSS or Atom) of many articles, not one article.
    #[error("{what} is a news feed (RSS or Atom), not one article: {how}")]
    Feed {
        /// Which input.
        what: String,
        /// The command that renders its entries.
        how: String,
    },
    /// Fetching a URL failed on the way: the network, a timeout, a redirect that leads nowhere.
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong, with a hint.
        reason: String,
    },
    /// The server answered with an HTTP error status. A 4xx status but 408 and 429 names a page
    /// that a retry will not bring back (see [`ReadError::retry_may_help`]).
    #[error("cannot fetch {url}: {reason}")]
    HttpStatus {
        /// The URL.
        url: String,
        /// The status code (404).
        status: u16,
        /// The status with its name and a hint, as shown (`HTTP 404 Not Found — check the URL`).
        reason: String,
    },
}

impl ReadError {
    /// Whether reading the same input again may succeed: a network failure, a timeout, a 5xx,
    /// 408 or 429 answer, an interrupted read. A missing, empty or binary input, a 4xx answer and
    /// an input over the limit stay as they are.
    pub fn retry_may_help(&self) -> bool {
        match self {
            ReadError::Fetch { .. } => true,
            ReadError::HttpStatus { status, .. } => {
                !(400..500).contains(status) || matches!(status, 408 | 429)
            }
            ReadError::File { error, .. } => matches!(
                error.kind(),
                std::io::ErrorKind::Interrupted | std::io::ErrorKind::TimedOut
            ),
            ReadError::Empty { .. }
            | ReadError::Binary { .. }
            | ReadError::TooLarge { .. }
            | ReadError::Feed { .. } => false,
        }
    }
}

/// What to do about a file that cannot be read.
fn file_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => " — check the path",
        std::io::ErrorKind::PermissionDenied => " — check the file's permissions",
        std::io::ErrorKind::IsADirectory => " — give a file, not a directory",
        _ => "",
    }
}

/// An input's bytes as they arrived, with what the transport said about them: read with
/// [`read_raw`], then parsed with [`load_raw`] (or, for a news feed, [`super::feed::parse`]).
#[derive(Debug, Clone)]
pub struct Raw {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// How messages name the input (`notes.txt`, `standard input`, the URL).
    pub what: String,
    /// A file name or final URL path whose extension may name the format.
    pub name: Option<String>,
    /// The HTTP content type without parameters.
    pub mime: Option<String>,
    /// The HTTP charset parameter.
    pub charset: Option<String>,
    /// The final URL (after redirects), for a URL.
    pub url: Option<String>,
}

/// Reads, decodes and parses `input`: the file, standard input or URL is read under the limits of
/// `opts`, decoded to text, its format detected (unless forced) and parsed into a [`Document`].
/// A news feed (RSS or Atom) is refused with [`ReadError::Feed`]: it holds many articles.
pub fn read_input(input: &Input, opts: &ReadOptions) -> Result<Loaded, ReadError> {
    load_raw(read_raw(input, opts)?, opts.format)
}

/// Reads `input`'s bytes under the limits of `opts`, without parsing them.
pub fn read_raw(input: &Input, opts: &ReadOptions) -> Result<Raw, ReadError> {
    match input {
        Input::Path(path) => read_file(path, opts),
        Input::Stdin => read_stdin(opts),
        Input::Url(url) => fetch(url, opts),
    }
}

/// `what` (a path or URL, as messages name inputs) as a shell argument, quoted when it needs to
/// be; `None` for standard input, which `aloud export` cannot read a feed from.
fn input_arg(what: &str) -> Option<String> {
    if what == "standard input" || what == "-" {
        return None;
    }
    let plain = what
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-:~+,=@%".contains(c));
    Some(if plain {
        what.to_string()
    } else {
        format!("'{}'", what.replace('\'', "'\\''"))
    })
}

/// Decodes and parses bytes read with [`read_raw`] (as [`read_input`] does). `forced` skips
/// format detection, and with it the check for a feed.
pub fn load_raw(raw: Raw, forced: Option<Format>) -> Result<Loaded, ReadError> {
    if forced.is_none() && super::feed::looks_like_feed(&raw.bytes, raw.mime.as_deref()) {
        let how = match input_arg(&raw.what) {
            Some(arg) => format!(
                "`aloud export {arg} -o DIR` renders each of its entries into the folder DIR"
            ),
            None => "save it to a file, then `aloud export FILE -o DIR` renders each of its \
                     entries into the folder DIR"
                .to_string(),
        };
        return Err(ReadError::Feed {
            what: raw.what,
            how,
        });
    }
    load_bytes(raw, forced)
}

/// Reads, decodes and parses bytes that are already in memory. `name` (a file name or URL) lends
/// its extension to format detection; `what` names the input in messages.
pub fn read_bytes(
    bytes: &[u8],
    what: &str,
    name: Option<&str>,
    format: Option<Format>,
) -> Result<Loaded, ReadError> {
    load_bytes(
        Raw {
            bytes: bytes.to_vec(),
            what: what.to_string(),
            name: name.map(str::to_string),
            mime: None,
            charset: None,
            url: None,
        },
        format,
    )
}

fn load_bytes(raw: Raw, forced: Option<Format>) -> Result<Loaded, ReadError> {
    let Raw {
        bytes,
        what,
        name,
        mime,
        charset,
        url: _,
    } = raw;
    let hint = forced
        .or_else(|| name.as_deref().and_then(detect::from_extension))
        .or_else(|| mime.as_deref().and_then(detect::from_content_type));

    let bom = decode::bom(&bytes).map(|(enc, _)| enc);
    let utf16 = if bom.is_none() {
        decode::utf16_without_bom(&bytes)
    } else {
        None
    };
    let binary_type = mime.as_deref().is_some_and(detect::is_binary_content_type);
    if binary_type || bom.is_none() && utf16.is_none() && decode::looks_binary(&bytes) {
        return Err(ReadError::Binary { what });
    }
    let mut declared = utf16.or_else(|| charset.as_deref().and_then(decode::label_encoding));
    if declared.is_none() && bom.is_none() {
        let maybe_html = match hint {
            Some(f) => f == Format::Html,
            None => detect::looks_html(&String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])),
        };
        if maybe_html {
            declared = decode::html_meta_charset(&bytes);
        }
    }
    let decoded = decode::decode(&bytes, declared, &what);
    drop(bytes);
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(ReadError::Empty { what });
    }
    let format = hint.unwrap_or_else(|| detect::sniff(&text));
    let document = parse_as(&text, format);
    if document.is_empty() {
        return Err(ReadError::Empty {
            what: format!("{what} (after removing page furniture)"),
        });
    }
    Ok(Loaded {
        document,
        warnings: decoded.warnings,
    })
}

/// Parses decoded text with the reader for `format`, without terminal control characters
/// ([`Document::strip_controls`]).
pub fn parse_as(text: &str, format: Format) -> Document {
    let mut document = match format {
        Format::Text => super::text::parse(text),
        Format::Markdown => super::markdown::parse(text),
        Format::Html => super::html::parse(text),
    };
    document.strip_controls();
    document
}

/// Reads at most `limit` bytes from `r`; one more means the input is too large.
fn read_limited(r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > limit {
        None
    } else {
        Some(buf)
    })
}

fn read_file(path: &std::path::Path, opts: &ReadOptions) -> Result<Raw, ReadError> {
    let shown = path.display().to_string();
    let file_err = |error| ReadError::File {
        path: shown.clone(),
        error,
    };
    let file = std::fs::File::open(path).map_err(file_err)?;
    let too_large = || ReadError::TooLarge {
        what: shown.clone(),
        limit: opts.max_bytes,
    };
    if file.metadata().map(|m| m.len()).unwrap_or(0) > opts.max_bytes {
        return Err(too_large());
    }
    let bytes = read_limited(file, opts.max_bytes)
        .map_err(file_err)?
        .ok_or_else(too_large)?;
    Ok(Raw {
        bytes,
        what: shown.clone(),
        name: Some(shown),
        mime: None,
        charset: None,
        url: None,
    })
}

fn read_stdin(opts: &ReadOptions) -> Result<Raw, ReadError> {
    let what = "standard input".to_string();
    let bytes = read_limited(std::io::stdin().lock(), opts.max_bytes)
        .map_err(|error| ReadError::File {
            path: what.clone(),
            error,
        })?
        .ok_or_else(|| ReadError::TooLarge {
            what: what.clone(),
            limit: opts.max_bytes,
        })?;
    Ok(Raw {
        bytes,
        what,
        name: None,
        mime: None,
        charset: None,
        url: None,
    })
}

fn fetch(url: &str, opts: &ReadOptions) -> Result<Raw, ReadError> {
    use ureq::ResponseExt;

    let fail = |reason: String| ReadError::Fetch {
        url: url.to_string(),
        reason,
    };
    // Redirects are followed here, not by ureq, so that one to an address that is not http(s)
    // (`file:///etc/passwd`) is refused by name instead of being taken for a relative path.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("aloud/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    // Characters a browser escapes before asking ("my page.html"): HTTP does not allow them raw.
    let mut current = escape_unsafe_url_chars(url);
    let mut redirects = 0;
    // One timeout for the whole fetch, redirects included.
    let deadline = std::time::Instant::now() + opts.timeout;
    let mut resp = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let resp = agent
            .get(&current)
            .config()
            .timeout_global(Some(left))
            .build()
            .header(
                "Accept",
                "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5",
            )
            .call()
            .map_err(|e| fetch_error(e, url, opts))?;
        let location = resp
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::trim);
        let Some(location) = location.filter(|_| resp.status().is_redirection()) else {
            break resp;
        };
        if redirects >= opts.max_redirects {
            return Err(fetch_error(ureq::Error::TooManyRedirects, url, opts));
        }
        redirects += 1;
        current = redirect_target(&current, location)
            .map(|target| escape_unsafe_url_chars(&target))
            .map_err(|target| {
                fail(format!(
                    "the server redirected to {target}, which is not an http(s) address — \
                 give an http or https URL"
                ))
            })?;
    };
    let status = resp.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        let hint = if status.is_client_error() {
            "check the URL"
        } else if status.is_redirection() {
            "the server redirected without a usable address; open the URL in a browser"
        } else {
            "the server failed; try again later"
        };
        return Err(ReadError::HttpStatus {
            url: url.to_string(),
            status: status.as_u16(),
            reason: format!("HTTP {} {reason} — {hint}", status.as_u16()),
        });
    }
    let final_url = resp.get_uri().to_string();
    let mime = resp.body().mime_type().map(str::to_string);
    let charset = resp.body().charset().map(str::to_string);
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| fetch_error(e, url, opts))?;
    let path = final_url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/').map(|(_, p)| p.to_string()));
    Ok(Raw {
        bytes,
        what: url.to_string(),
        name: path,
        mime,
        charset,
        url: Some(final_url),
    })
}

/// `location` (a link in a page or feed) as an absolute http(s) URL, resolved against `base`
/// (an http(s) URL); `None` when it names another scheme (`mailto:`, `file:`).
pub(crate) fn resolve_link(base: &str, location: &str) -> Option<String> {
    redirect_target(base, location).ok()
}

/// Where a redirect from `base` to `location` leads: `location` itself when it is an absolute
/// http(s) URL, else `location` resolved against `base`. An absolute URL of another scheme is
/// the error, as given.
fn redirect_target(base: &str, location: &str) -> Result<String, String> {
    let scheme_end = location.find(':').filter(|&i| {
        let scheme = &location[..i];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if let Some(i) = scheme_end {
        let scheme = location[..i].to_ascii_lowercase();
        return if scheme == "http" || scheme == "https" {
            Ok(location.to_string())
        } else {
            Err(location.to_string())
        };
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if location.starts_with("//") {
        return Ok(format!("{scheme}:{location}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return Ok(format!("{origin}{location}"));
    }
    // Relative to the base's folder, with `.` and `..` resolved.
    let path = &rest[authority_end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let (loc_path, loc_tail) =
        location.split_at(location.find(['?', '#']).unwrap_or(location.len()));
    let mut segments: Vec<&str> = Vec::new();
    let joined = format!("{folder}{loc_path}");
    let parts: Vec<&str> = joined.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *part {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
                if last {
                    segments.push("");
                }
            }
            p => segments.push(p),
        }
    }
    let mut joined = segments.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    Ok(format!("{origin}{joined}{loc_tail}"))
}

/// `url` with spaces, quotes, angle brackets and other bytes that a URL may not hold raw
/// percent-encoded in its path and query, as a browser sends it; the scheme and host (an
/// international host name stays as written), and `%`, as they are.
pub(crate) fn escape_unsafe_url_chars(url: &str) -> String {
    let host_end = url
        .find("://")
        .map(|s| s + 3)
        .and_then(|h| url[h..].find(['/', '?', '#']).map(|p| h + p))
        .unwrap_or(url.len());
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..host_end]);
    for c in url[host_end..].chars() {
        if c.is_ascii()
            && !c.is_ascii_control()
            && !matches!(
                c,
                ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^'
            )
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// One line for a failed fetch, with a hint at what to do.
fn fetch_error(e: ureq::Error, url: &str, opts: &ReadOptions) -> ReadError {
    let reason = match e {
        ureq::Error::BodyExceedsLimit(_) => {
            return ReadError::TooLarge {
                what: url.to_string(),
                limit: opts.max_bytes,
            }
        }
        ureq::Error::StatusCode(code) => {
            return ReadError::HttpStatus {
                url: url.to_string(),
                status: code,
                reason: format!("HTTP {code} — check the URL"),
            }
        }
        ureq::Error::TooManyRedirects => format!(
            "more than {} redirects (a redirect loop?) — open the URL in a browser to find the \
             page's final address",
            opts.max_redirects
        ),
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s — check your connection or try again later",
            opts.timeout.as_secs_f64()
        ),
        ureq::Error::HostNotFound => {
            "host not found — check the URL and your network connection".to_string()
        }
        ureq::Error::BadUri(why) => format!("not a usable URL ({why}) — check the URL"),
        ureq::Error::ConnectionFailed => {
            "connection failed — check the URL and that the server is up".to_string()
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                "connection refused — check the URL and that the server is up".to_string()
            }
            std::io::ErrorKind::TimedOut => {
                "the connection timed out — check your connection or try again later".to_string()
            }
            _ => format!("{io} — check the URL and your network connection"),
        },
        other => format!("{other} — check the URL and your network connection"),
    };
    ReadError::Fetch {
        url: url.to_string(),
        reason: super::collapse_whitespace(&reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_url_characters_are_escaped_in_the_path_only() {
        assert_eq!(
            escape_unsafe_url_chars("https://example.org/my notes.txt?q=a b"),
            "https://example.org/my%20notes.txt?q=a%20b"
        );
        assert_eq!(
            escape_unsafe_url_chars("https://bücher.example/café"),
            "https://bücher.example/caf%C3%A9"
        );
        assert_eq!(
            escape_unsafe_url_chars("https://example.org/a%20b"),
            "https://example.org/a%20b"
        );
    }

    #[test]
    fn a_feed_is_refused_with_the_command_that_renders_it() {
        assert_eq!(input_arg("news.xml").as_deref(), Some("news.xml"));
        assert_eq!(
            input_arg("https://example.org/feed?x=1&y=2").as_deref(),
            Some("'https://example.org/feed?x=1&y=2'")
        );
        assert_eq!(
            input_arg("my feeds/it's.xml").as_deref(),
            Some("'my feeds/it'\\''s.xml'")
        );
        assert_eq!(input_arg("standard input"), None);
        let raw = Raw {
            bytes: b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>".to_vec(),
            mime: None,
            name: None,
            charset: None,
            url: None,
            what: "standard input".into(),
        };
        let err = load_raw(raw, None).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("standard input is a news feed (RSS or Atom), not one article: save it to a file, then `aloud export FILE -o DIR` renders each of its entries into the folder DIR")
        );
    }
    use crate::article::BlockKind;

    fn read(bytes: &[u8], name: Option<&str>, format: Option<Format>) -> Loaded {
        match read_bytes(bytes, "test input", name, format) {
            Ok(l) => l,
            Err(e) => panic!("read failed: {e}"),
        }
    }

    #[test]
    fn a_redirect_resolves_like_a_browser_and_refuses_other_schemes() {
        let base = "http://h:8/a/b/page?x=1";
        for (loc, want) in [
            ("https://other/x", "https://other/x"),
            ("//cdn/y", "http://cdn/y"),
            ("/root?q", "http://h:8/root?q"),
            ("next", "http://h:8/a/b/next"),
            ("../up/./there#f", "http://h:8/a/up/there#f"),
            ("../../../../top", "http://h:8/top"),
        ] {
            assert_eq!(redirect_target(base, loc).as_deref(), Ok(want), "{loc}");
        }
        for loc in ["file:///etc/passwd", "FTP://x/y", "javascript:alert(1)"] {
            assert_eq!(redirect_target(base, loc), Err(loc.to_string()));
        }
    }

    #[test]
    fn input_argument_names_stdin_urls_and_paths() {
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(
            Input::parse("HTTPS://example.org/a"),
            Input::Url("HTTPS://example.org/a".into())
        );
        assert_eq!(Input::parse("a.txt"), Input::Path(PathBuf::from("a.txt")));
    }

    #[test]
    fn forced_format_beats_the_extension_and_the_extension_beats_sniffing() {
        let md = b"# Heading One\n\nBody text here.\n";
        let forced = read(md, Some("notes.md"), Some(Format::Text));
        assert_eq!(forced.document.title.as_deref(), Some("# Heading One"));
        let by_ext = read(md, Some("notes.txt"), None);
        assert_eq!(by_ext.document.title.as_deref(), Some("# Heading One"));
        let sniffed = read(md, None, None);
        assert_eq!(sniffed.document.title.as_deref(), Some("Heading One"));
    }

    #[test]
    fn html_meta_charset_decides_the_encoding() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>\
            <h1>Caf\xE9</h1><p>A long enough paragraph about the caf\xE9 and its \x80 prices.</p>\
            </body></html>";
        let loaded = read(page, Some("page.html"), None);
        assert_eq!(loaded.document.title.as_deref(), Some("Café"));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn utf16_without_a_bom_is_read() {
        let bytes: Vec<u8> = "Plain Title\n\nSome text.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let loaded = read(&bytes, None, None);
        assert_eq!(loaded.document.title.as_deref(), Some("Plain Title"));
    }

    #[test]
    fn binary_empty_and_boilerplate_only_inputs_are_typed_errors() {
        let bin = read_bytes(b"\x7fELF\x02\x01\x01\0\0\0", "prog", None, None);
        assert!(matches!(bin, Err(ReadError::Binary { .. })));
        let empty = read_bytes(b"  \n\n ", "blank", None, None);
        assert!(matches!(empty, Err(ReadError::Empty { .. })));
        let chrome = read_bytes(b"Scroll to Top\n", "chrome", None, Some(Format::Text));
        assert!(matches!(chrome, Err(ReadError::Empty { .. })));
    }

    #[test]
    fn a_retry_is_worth_it_for_the_network_and_server_errors_not_for_a_missing_page() {
        let status = |status: u16| ReadError::HttpStatus {
            url: "http://x".into(),
            status,
            reason: format!("HTTP {status}"),
        };
        let retried: Vec<u16> = [400, 404, 408, 410, 429, 500, 503]
            .into_iter()
            .filter(|&s| status(s).retry_may_help())
            .collect();
        assert_eq!(retried, [408, 429, 500, 503]);
        let timeout = ReadError::Fetch {
            url: "http://x".into(),
            reason: "no complete answer within 1 s — try again later".into(),
        };
        assert!(timeout.retry_may_help());
        let missing = ReadError::File {
            path: "a.txt".into(),
            error: std::io::ErrorKind::NotFound.into(),
        };
        assert!(!missing.retry_may_help());
    }

    #[test]
    fn error_messages_are_one_line_and_say_what_to_do() {
        let errors = [
            ReadError::Empty {
                what: "a.txt".into(),
            },
            ReadError::Binary {
                what: "a.png".into(),
            },
            ReadError::TooLarge {
                what: "big.txt".into(),
                limit: 10,
            },
            ReadError::Fetch {
                url: "http://x".into(),
                reason: "host not found — check the URL and your network connection".into(),
            },
            ReadError::HttpStatus {
                url: "http://x".into(),
                status: 404,
                reason: "HTTP 404 Not Found — check the URL".into(),
            },
        ];
        for e in errors {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "{msg}");
            assert!(
                ["give", "check", "try"].iter().any(|fix| msg.contains(fix)),
                "{msg} names no remedy"
            );
        }
    }

    #[test]
    fn files_are_read_from_disk_with_their_extension() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("temp dir: {e}"),
        };
        let path = dir.path().join("story.md");
        if let Err(e) = std::fs::write(&path, "# Story\n\n- one\n- two\n") {
            panic!("write: {e}");
        }
        let loaded = match read_input(&Input::Path(path), &ReadOptions::default()) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(loaded.document.title.as_deref(), Some("Story"));
        assert_eq!(
            loaded.document.sections[0].blocks[0].kind,
            BlockKind::ListItem
        );
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("temp dir: {e}"),
        };
        let path = dir.path().join("big.txt");
        if let Err(e) = std::fs::write(&path, "word ".repeat(100)) {
            panic!("write: {e}");
        }
        let opts = ReadOptions {
            max_bytes: 50,
            ..ReadOptions::default()
        };
        let err = read_input(&Input::Path(path), &opts);
        assert!(matches!(err, Err(ReadError::TooLarge { limit: 50, .. })));
    }
}
