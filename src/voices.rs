//! voices (in progress).
