//! command engine (in progress).
