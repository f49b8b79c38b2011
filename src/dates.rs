//! Dates for people: `YYYY-MM-DD` and `YYYY-MM-DD HH:MM` in UTC from seconds since the Unix
//! epoch, for saved positions, the date tag of exports and daily reminders. One calendar
//! conversion (Howard Hinnant's civil-from-days) serves them all.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Days since 1970-01-01, today (UTC).
pub fn today_number() -> u64 {
    now_secs() / 86_400
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD` (UTC) for seconds since the epoch.
pub fn format_date(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM` (UTC) for seconds since the epoch.
pub fn format_time(secs: u64) -> String {
    let rem = secs % 86_400;
    format!(
        "{} {:02}:{:02}",
        format_date(secs),
        rem / 3600,
        rem / 60 % 60
    )
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    format_date(now_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_gregorian_utc() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_time(1_795_000_000), "2026-11-18 11:06");
        assert_eq!(format_date(951_782_400), "2000-02-29");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn today_is_a_plausible_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.as_str() >= "2024-01-01", "{d}");
    }
}
