//! resume (in progress).
