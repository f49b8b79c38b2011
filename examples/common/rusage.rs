//! What the benchmarks measure of a finished child process: its exit status, CPU time and peak
//! resident memory, from `wait4` (the children it waited for included). Shared by the benchmark
//! examples through `#[path]`.

use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ExitStatus};

/// What `wait4` reports about a finished child.
pub struct Finished {
    /// How it ended.
    pub status: ExitStatus,
    /// User and system CPU time, in seconds.
    #[allow(dead_code)]
    pub cpu_seconds: f64,
    /// Peak resident memory, in MB.
    pub peak_rss_mb: f64,
}

/// Waits for `child` (not yet waited for) with `wait4`.
pub fn wait4(child: Child) -> Result<Finished, String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: wait4 fills the zeroed rusage and the status of our own child, not yet waited.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Finished {
        status: ExitStatus::from_raw(status),
        cpu_seconds: tv(ru.ru_utime) + tv(ru.ru_stime),
        // Linux reports kilobytes.
        peak_rss_mb: ru.ru_maxrss as f64 / 1024.0,
    })
}
