//! One secret shift per run for every timestamp of a recording, so that order and durations
//! survive while the dates do not.
//!
//! The shift is a whole number of days (so a date without a time shifts like a date-time on
//! the same day), between one and ten years either way, drawn from the run's key and never
//! written. It applies to:
//!
//! * date and date-time strings anywhere ([`TimeShift::date_text`]): `YYYY-MM-DD`, optionally
//!   followed by `T` or a space, `hh:mm`, optionally `:ss` and a fraction, and optionally a zone
//!   (`Z`, `±hh:mm`, `±hhmm`); the time of day, the fraction and the zone are kept;
//! * unix times in seconds ([`TimeShift::unix_text`]), written as plain digits, at the places
//!   the spec marks as unix time (`x-vsee-type: unix-time`; the caller decides the place).
//!
//! A text of that form that is not a plausible time (month 13, a unix time before 1980 or
//! after 9999, a shifted date outside the years 1 to 9999) is not shifted: the caller gives it
//! an ordinary pseudonym. Nothing else is ever shifted: a shifted phone number would be
//! recovered by anyone who knows one real time of the recording.

/// Seconds per day.
const DAY: i64 = 86_400;
/// Shortest and longest shift, in days (one to ten years).
const MIN_DAYS: i64 = 365;
const MAX_DAYS: i64 = 3_652;
/// Plausible unix times: 1980-01-01 to 9999-12-31 (a shift cannot take them below zero).
const UNIX_FIRST: i64 = 315_532_800;
const UNIX_LAST: i64 = 253_402_300_799;

/// The shift of one run: a secret, so no `Debug`.
#[derive(Clone, Copy)]
pub(crate) struct TimeShift {
    days: i64,
}

impl TimeShift {
    /// The shift drawn from 64 random bits: 365 to 3652 days, earlier or later.
    pub fn from_random(bits: u64) -> TimeShift {
        let span = (MAX_DAYS - MIN_DAYS + 1) as u64;
        let days = MIN_DAYS + (bits >> 1) as i64 % span as i64;
        TimeShift {
            days: if bits & 1 == 0 { days } else { -days },
        }
    }

    #[cfg(test)]
    pub fn days(self) -> i64 {
        self.days
    }

    /// A date or date-time string shifted (see the module documentation); `None` when `s` is
    /// not one.
    pub fn date_text(self, s: &str) -> Option<String> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if !time_suffix(&b[10..]) {
            return None;
        }
        let (y, m, d) = civil_from_days(days_from_civil(year, month, day) + self.days);
        if !(1..=9999).contains(&y) {
            return None;
        }
        Some(format!("{y:04}-{m:02}-{d:02}{}", &s[10..]))
    }

    /// A unix time in seconds, written as plain digits, shifted; `None` when `digits_text` is
    /// not a plausible one (see the module documentation).
    pub fn unix_text(self, digits_text: &str) -> Option<String> {
        if digits_text.is_empty()
            || digits_text.len() > 12
            || digits_text.starts_with('0')
            || !digits_text.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let t: i64 = digits_text.parse().ok()?;
        if !(UNIX_FIRST..=UNIX_LAST).contains(&t) {
            return None;
        }
        let shifted = t + self.days * DAY;
        (0..=UNIX_LAST)
            .contains(&shifted)
            .then(|| shifted.to_string())
    }
}

/// The value of ASCII digits (at most 4).
fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// Whether what follows a date is nothing, or a time of day with an optional fraction and
/// zone.
fn time_suffix(rest: &[u8]) -> bool {
    let Some((&sep, rest)) = rest.split_first() else {
        return true;
    };
    if !(sep == b'T' || sep == b' ') || rest.len() < 5 || rest[2] != b':' {
        return false;
    }
    let ok_hm = digits(&rest[0..2]).is_some_and(|h| h <= 23)
        && digits(&rest[3..5]).is_some_and(|m| m <= 59);
    if !ok_hm {
        return false;
    }
    let mut rest = &rest[5..];
    if rest.first() == Some(&b':') {
        if rest.get(1..3).and_then(digits).is_none_or(|s| s > 60) {
            return false;
        }
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    match rest {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            digits(&[*h1, *h2]).is_some_and(|h| h <= 23)
                && digits(&[*m1, *m2]).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIFT: TimeShift = TimeShift { days: -400 };

    #[test]
    fn the_calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in (-800_000..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert!((1..=days_in_month(y, m)).contains(&d));
        }
    }

    #[test]
    fn dates_and_date_times_shift_by_whole_days_keeping_the_rest() {
        assert_eq!(SHIFT.date_text("2021-03-16").as_deref(), Some("2020-02-10"));
        assert_eq!(
            SHIFT.date_text("2021-03-16T23:59:58.123Z").as_deref(),
            Some("2020-02-10T23:59:58.123Z")
        );
        assert_eq!(
            SHIFT.date_text("2016-01-30 08:15+02:00").as_deref(),
            Some("2014-12-26 08:15+02:00")
        );
        let later = TimeShift { days: 365 };
        assert_eq!(later.date_text("2024-02-29").as_deref(), Some("2025-02-28"));
    }

    #[test]
    fn what_is_not_a_plausible_date_is_not_shifted() {
        for s in [
            "2021-13-01",
            "2021-02-30",
            "2021-03-16x",
            "2021-03-16T25:00",
            "2021-03-16T10:00:00.",
            "2021-03-16T10:00+2",
            "0001-01-01T00:00:00",
            "20210316",
            "650-555-0199",
            "2021-3-16",
        ] {
            assert_eq!(SHIFT.date_text(s), None, "{s}");
        }
    }

    #[test]
    fn unix_times_shift_by_the_same_days_and_keep_their_order() {
        let start = SHIFT.unix_text("1800000000").unwrap();
        let end = SHIFT.unix_text("1800001800").unwrap();
        assert_eq!(start, (1_800_000_000 - 400 * DAY).to_string());
        assert_eq!(
            end.parse::<i64>().unwrap() - start.parse::<i64>().unwrap(),
            1800
        );
        for s in [
            "0",
            "12",
            "0800000000",
            "-1800000000",
            "1.5",
            "99999999999999",
            "1e9",
        ] {
            assert_eq!(SHIFT.unix_text(s), None, "{s}");
        }
    }

    #[test]
    fn shifts_are_between_one_and_ten_years_either_way() {
        let mut seen = (false, false);
        for bits in [0u64, 1, 2, 3, u64::MAX, u64::MAX - 1, 0x1234_5678_9abc_def0] {
            let d = TimeShift::from_random(bits).days;
            assert!((MIN_DAYS..=MAX_DAYS).contains(&d.abs()), "{d}");
            if d < 0 {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
        assert_eq!(seen, (true, true));
    }
}
