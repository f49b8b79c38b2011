//! One integration-test binary; each module is one topic. Tests run the real `aloud` binary with
//! temporary XDG directories (see `util`).

// Shared helpers: the binary under test and temporary homes.
mod util;

// `aloud outline` on the example article and the bad-input messages.
mod outline;

// Segmenter properties (words kept, caps respected, no panic) and the example article.
mod segment;

// The HTML reader on whole pages: article extraction, chrome removal, no panics.
mod html;
