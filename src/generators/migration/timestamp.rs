//! Migration timestamps: `YYYYMMDDHHMMSS` in UTC, strictly increasing
//! within a migrations folder.
//!
//! Ecto orders migrations by the integer before the first `_` of the file
//! name, and AshPostgres names its snapshots with the same stamp. A new
//! migration must sort after every migration already in the folder, or
//! `mix ecto.migrate` runs it out of order on a fresh database. No date
//! crate is needed: UTC has no leap rules beyond the Gregorian calendar
//! (Unix time ignores leap seconds), so a days-to-civil conversion is
//! exact.

use crate::error::{Error, Result};
use std::fmt;

/// A UTC date and time with second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcDateTime {
    /// Year (1970–9999).
    pub year: u32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
    /// Hour, 0–23.
    pub hour: u32,
    /// Minute, 0–59.
    pub minute: u32,
    /// Second, 0–59.
    pub second: u32,
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// The latest representable second: 9999-12-31 23:59:59.
const MAX_UNIX: i64 = 253_402_300_799;

impl UtcDateTime {
    /// The date and time `secs` seconds after 1970-01-01T00:00:00Z.
    /// `None` before 1970 or after 9999.
    pub fn from_unix(secs: i64) -> Option<UtcDateTime> {
        if !(0..=MAX_UNIX).contains(&secs) {
            return None;
        }
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Some(UtcDateTime {
            year: year as u32,
            month,
            day,
            hour: rest / 3600,
            minute: rest / 60 % 60,
            second: rest % 60,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn to_unix(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day) * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// The current time, from the system clock.
    pub fn now() -> UtcDateTime {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        UtcDateTime::from_unix(secs.min(MAX_UNIX)).unwrap_or(EPOCH)
    }

    /// Parses exactly 14 digits `YYYYMMDDHHMMSS` naming a real UTC second.
    pub fn parse_compact(text: &str) -> Option<UtcDateTime> {
        if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
        let t = UtcDateTime {
            year: n(0..4)?,
            month: n(4..6)?,
            day: n(6..8)?,
            hour: n(8..10)?,
            minute: n(10..12)?,
            second: n(12..14)?,
        };
        let valid = t.year >= 1970
            && (1..=12).contains(&t.month)
            && (1..=days_in_month(t.year, t.month)).contains(&t.day)
            && t.hour < 24
            && t.minute < 60
            && t.second < 60;
        valid.then_some(t)
    }

    /// `YYYYMMDDHHMMSS`.
    pub fn compact(self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// One second later (saturating at the end of year 9999).
    pub fn next_second(self) -> UtcDateTime {
        UtcDateTime::from_unix(self.to_unix() + 1).unwrap_or(self)
    }
}

const EPOCH: UtcDateTime = UtcDateTime {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};

impl fmt::Display for UtcDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The 14-digit timestamp a migration file name or snapshot name starts
/// with: `20250101120000_create_posts.exs` → `20250101120000`. Accepts a
/// bare timestamp too. `None` when the name does not start with 14 digits
/// followed by `_`, `.` or nothing.
pub fn leading_timestamp(name: &str) -> Option<&str> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 14 {
        return None;
    }
    match name.as_bytes().get(14) {
        None | Some(b'_') | Some(b'.') => Some(&name[..14]),
        _ => None,
    }
}

/// The timestamp for a new migration: `now`, or, when a migration in
/// `existing` has a timestamp at or after `now`, one second after the
/// greatest of them — strictly greater than every existing timestamp.
///
/// `existing` holds file names (`20250101120000_create_posts.exs`) or bare
/// timestamps; names that do not start with 14 digits are ignored. Ecto
/// compares the leading integers, so a hand-made migration numbered
/// `1` or `20250101` sorts before any 14-digit stamp and needs no care.
pub fn next_timestamp(existing: &[String], now: UtcDateTime) -> String {
    let greatest = existing
        .iter()
        .filter_map(|name| leading_timestamp(name))
        .filter_map(UtcDateTime::parse_compact)
        .max();
    match greatest {
        Some(g) if g >= now => g.next_second().compact(),
        _ => now.compact(),
    }
}

/// Where the time of new migrations comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// A fixed start (`--timestamp`, `SOURCE_DATE_EPOCH`).
    Fixed(UtcDateTime),
    /// The system clock.
    System,
}

impl Clock {
    /// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
    /// convention) when set, else the system clock. An unusable value is
    /// bad input.
    pub fn from_env() -> Result<Clock> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) if !v.trim().is_empty() => {
                let secs: i64 = v.trim().parse().map_err(|_| bad_epoch(&v))?;
                UtcDateTime::from_unix(secs)
                    .map(Clock::Fixed)
                    .ok_or_else(|| bad_epoch(&v))
            }
            _ => Ok(Clock::System),
        }
    }

    /// `--timestamp YYYYMMDDHHMMSS` when given, else [`Clock::from_env`].
    pub fn from_option(timestamp: Option<&str>) -> Result<Clock> {
        match timestamp {
            Some(t) => parse_timestamp_option(t).map(Clock::Fixed),
            None => Clock::from_env(),
        }
    }

    /// The current time according to this clock.
    pub fn now(self) -> UtcDateTime {
        match self {
            Clock::Fixed(t) => t,
            Clock::System => UtcDateTime::now(),
        }
    }
}

fn bad_epoch(value: &str) -> Error {
    Error::input_hint(
        format!(
            "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970 (up to year 9999)"
        ),
        "unset it, or set it to e.g. 1735689600",
    )
}

/// Validates a `--timestamp` value.
pub fn parse_timestamp_option(text: &str) -> Result<UtcDateTime> {
    UtcDateTime::parse_compact(text).ok_or_else(|| {
        Error::input_hint(
            format!("invalid timestamp `{text}`: expected YYYYMMDDHHMMSS, a real UTC date and time from 1970 on"),
            "e.g. --timestamp 20250131093000",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> UtcDateTime {
        UtcDateTime::parse_compact(s).unwrap()
    }

    #[test]
    fn known_dates() {
        let cases = [
            (0, "19700101000000"),
            (951_782_400, "20000229000000"),
            (1_709_164_800, "20240229000000"),
            (1_735_689_599, "20241231235959"),
            (1_735_689_600, "20250101000000"),
            (4_107_542_400, "21000301000000"),
            (MAX_UNIX, "99991231235959"),
        ];
        for (secs, text) in cases {
            let dt = UtcDateTime::from_unix(secs).unwrap();
            assert_eq!(dt.compact(), text, "{secs}");
            assert_eq!(dt.to_unix(), secs, "{text}");
            assert_eq!(t(text), dt);
        }
        assert_eq!(UtcDateTime::from_unix(-1), None);
        assert_eq!(UtcDateTime::from_unix(MAX_UNIX + 1), None);
    }

    #[test]
    fn round_trips_every_day_for_centuries() {
        let mut day = 0i64;
        while day < 146_097 * 2 {
            let dt = UtcDateTime::from_unix(day * 86_400 + 45_296).unwrap();
            assert_eq!(dt.to_unix(), day * 86_400 + 45_296);
            assert_eq!(UtcDateTime::parse_compact(&dt.compact()), Some(dt));
            day += 1;
        }
    }

    #[test]
    fn rejects_impossible_stamps() {
        for bad in [
            "20230229000000",
            "21000229000000",
            "20241301000000",
            "20240100000000",
            "20240101240000",
            "20240101006000",
            "20240101000060",
            "19691231235959",
            "2024010100000",
            "202401010000000",
            "2024-01-01T00:",
        ] {
            assert_eq!(UtcDateTime::parse_compact(bad), None, "{bad}");
        }
        assert!(UtcDateTime::parse_compact("20000229120000").is_some());
    }

    #[test]
    fn next_is_strictly_greater() {
        let now = t("20250101120000");
        assert_eq!(next_timestamp(&[], now), "20250101120000");
        let older = vec!["20240101000000_a.exs".to_string()];
        assert_eq!(next_timestamp(&older, now), "20250101120000");
        let same = vec!["20250101120000_a.exs".to_string()];
        assert_eq!(next_timestamp(&same, now), "20250101120001");
        let future = vec![
            "20250101120000_a.exs".to_string(),
            "20251231235959_b.exs".to_string(),
            "20250101120003".to_string(),
        ];
        assert_eq!(next_timestamp(&future, now), "20260101000000");
        let odd = vec![
            "1_init.exs".into(),
            "2025010112000_x.exs".into(),
            ".formatter.exs".into(),
        ];
        assert_eq!(next_timestamp(&odd, now), "20250101120000");
    }

    #[test]
    fn leading_stamps() {
        assert_eq!(
            leading_timestamp("20250101120000_create_posts.exs"),
            Some("20250101120000")
        );
        assert_eq!(
            leading_timestamp("20250101120000.json"),
            Some("20250101120000")
        );
        assert_eq!(leading_timestamp("20250101120000"), Some("20250101120000"));
        assert_eq!(leading_timestamp("202501011200001_x.exs"), None);
        assert_eq!(leading_timestamp("20250101120000x.exs"), None);
    }
}
