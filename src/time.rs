//! Timestamps as the API sends them, turned into milliseconds since the Unix epoch,
//! and the arithmetic behind "3 min ago" and "took 8 s".
//!
//! Hand-written on purpose: the widget only needs RFC 3339 and IMF-fixdate parsing,
//! and a date crate would cost more wasm than the whole gallery's layout code.
//! Formatting for people happens in the browser (`Intl`), so it follows their locale.
use crate::words::Key;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(10)?.checked_add((d - b'0') as u32)
    })
}

fn civil_to_millis(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Millis> {
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + (h * 3600 + mi * 60 + s.min(59)) as i64;
    Some(secs * 1000)
}

/// Parses an RFC 3339 timestamp (`2026-04-06T15:02:10Z`, `…10.123+02:00`).
/// Anything else is `None`, which the cards show as "unknown time".
pub fn parse_rfc3339(text: &str) -> Option<Millis> {
    let b = text.trim().as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = digits(&b[0..4])? as i64;
    let base = civil_to_millis(
        year,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )?;
    let mut rest = &b[19..];
    let mut frac_ms = 0i64;
    if let Some((b'.', tail)) = rest.split_first() {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let ms_digits = &tail[..n.min(3)];
        frac_ms = digits(ms_digits)? as i64 * 10i64.pow(3 - ms_digits.len() as u32);
        rest = &tail[n..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2])? as i64;
            let m = digits(&[*m1, *m2])? as i64;
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    Some(base + frac_ms - offset_min * 60_000)
}

/// The server's clock minus the client's, from one more answer's `Date` header.
///
/// A `Date` has whole seconds, so each answer's sample lies up to a second below the
/// true difference, by however far into its second the answer came. Taken as it is, the
/// gallery's time would jump back and forth by a fraction of a second on every poll,
/// and a "3 minutes ago" at its minute's edge would flip to "4 minutes ago" and back.
/// So the largest sample counts (the closest to the truth); only a sample more than two
/// seconds away (either clock was set anew) replaces it.
pub fn clock_skew(previous: Option<Millis>, sample: Millis) -> Millis {
    match previous {
        Some(skew) if (sample - skew).abs() <= 2_000 => skew.max(sample),
        _ => sample,
    }
}

/// Parses an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// the only form servers may send (RFC 9110 §5.6.7).
pub fn parse_http_date(text: &str) -> Option<Millis> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_weekday, day, month, year, clock, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    let hms: Vec<&str> = clock.split(':').collect();
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    let num = |s: &str| digits(s.as_bytes());
    // `year = 4DIGIT`: a longer one (up to u32::MAX) would overflow the millisecond
    // arithmetic, and keeps every parsed time within 0000–9999 like RFC 3339's.
    if year.len() != 4 {
        return None;
    }
    civil_to_millis(
        num(year)? as i64,
        month,
        num(day)?,
        num(h)?,
        num(m)?,
        num(s)?,
    )
}

/// A span of time in the largest unit that keeps it readable, for `Intl.RelativeTimeFormat`
/// ("3 minutes ago") and for durations ("8 s", "2 min 5 s").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
        }
    }
}

/// How far `then` lies from `now`, as a signed count of one unit (negative is past).
/// Under 45 s reads as "now" in the caller, so seconds are returned as they are.
pub fn relative(then: Millis, now: Millis) -> (i64, Unit) {
    // Saturating: a wild timestamp against the clock must not overflow.
    let delta = then.saturating_sub(now) / 1000;
    let abs = delta.abs();
    if abs < 60 {
        (delta, Unit::Second)
    } else if abs < 3600 {
        (delta / 60, Unit::Minute)
    } else if abs < 86_400 {
        (delta / 3600, Unit::Hour)
    } else {
        (delta / 86_400, Unit::Day)
    }
}

/// A duration for people: "0.4 s", "8 s", "2 min 5 s", "3 h 10 min", "2 d 4 h".
/// A negative span (a skewed or wrong timestamp) reads as zero, never as "-3 s".
pub fn duration_text(ms: Millis) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return Key::tenths.with(&[("n", &(ms / 100).to_string())]);
    }
    let s = ms / 1000;
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let unit = |key: Key, n: i64| key.with(&[("n", &n.to_string())]);
    let pair = |a: String, b: String| Key::two_units.with(&[("a", &a), ("b", &b)]);
    match (d, h, m) {
        (0, 0, 0) => unit(Key::seconds, sec),
        (0, 0, _) if sec == 0 => unit(Key::minutes, m),
        (0, 0, _) => pair(unit(Key::minutes, m), unit(Key::seconds, sec)),
        (0, _, 0) => unit(Key::hours, h),
        (0, _, _) => pair(unit(Key::hours, h), unit(Key::minutes, m)),
        (_, 0, _) => unit(Key::days, d),
        _ => pair(unit(Key::days, d), unit(Key::hours, h)),
    }
}

/// Time left for a multi-scene job, from the pace of the scenes done so far:
/// `None` until one scene is done (no pace yet) or once all are.
pub fn estimate_left(started_at: Millis, now: Millis, done: u32, total: u32) -> Option<Millis> {
    if done == 0 || done >= total || now <= started_at {
        return None;
    }
    let per_scene = now.saturating_sub(started_at) / done as i64;
    Some(per_scene.saturating_mul((total - done) as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_skew_keeps_its_best_sample_and_follows_a_clock_set_anew() {
        // Answers 0.3 s, 0.9 s and 0.1 s into their seconds, the clocks a minute apart.
        let first = clock_skew(None, 60_000 - 300);
        assert_eq!(first, 59_700);
        let second = clock_skew(Some(first), 60_000 - 900);
        assert_eq!(
            second, 59_700,
            "a sample further into its second does not move time back"
        );
        let third = clock_skew(Some(second), 60_000 - 100);
        assert_eq!(third, 59_900, "a sample closer to the truth is taken");
        // The server's clock was set back by an hour: the new difference counts at once.
        assert_eq!(clock_skew(Some(third), -3_540_000), -3_540_000);
        assert_eq!(clock_skew(Some(third), 62_500), 62_500);
    }

    #[test]
    fn rfc3339_utc_and_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2026-04-06T15:02:10Z"),
            Some(1_775_487_730_000)
        );
        assert_eq!(
            parse_rfc3339("2026-04-06T17:02:10+02:00"),
            Some(1_775_487_730_000)
        );
        assert_eq!(
            parse_rfc3339("2026-04-06T15:02:10.5Z"),
            Some(1_775_487_730_500)
        );
        assert_eq!(
            parse_rfc3339("2026-04-06T15:02:10.123456789Z"),
            Some(1_775_487_730_123)
        );
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn rfc3339_rejects_what_is_not_a_timestamp() {
        for bad in [
            "",
            "yesterday",
            "2026-04-06",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-04-06T25:00:00Z",
            "2026-04-06T15:02:10",
            "2026-04-06T15:02:10+2:00",
            "2026-04-06T15:02:10.Z",
            "+2026-04-06T15:02:10Z",
            "2026-04-06T15:02:10Zjunk",
            "２０２６-04-06T15:02:10Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn http_date_imf_fixdate() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37"), None);
        assert_eq!(parse_http_date("06 Nov 1994"), None);
        assert_eq!(parse_http_date("Sun, 31 Nov 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn relative_picks_a_readable_unit() {
        assert_eq!(relative(0, 30_000), (-30, Unit::Second));
        assert_eq!(relative(0, 180_000), (-3, Unit::Minute));
        assert_eq!(relative(0, 2 * 3_600_000 + 5), (-2, Unit::Hour));
        assert_eq!(relative(0, 3 * 86_400_000), (-3, Unit::Day));
        assert_eq!(relative(120_000, 0), (2, Unit::Minute));
    }

    #[test]
    fn estimate_follows_the_pace_of_done_scenes() {
        assert_eq!(estimate_left(0, 8_000, 2, 5), Some(12_000));
        assert_eq!(estimate_left(0, 8_000, 0, 5), None);
        assert_eq!(estimate_left(0, 8_000, 5, 5), None);
        assert_eq!(
            estimate_left(10_000, 8_000, 1, 5),
            None,
            "a clock before the start gives no estimate"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(-5000), "0.0 s");
        assert_eq!(duration_text(400), "0.4 s");
        assert_eq!(duration_text(8_000), "8 s");
        assert_eq!(duration_text(125_000), "2 min 5 s");
        assert_eq!(duration_text(120_000), "2 min");
        assert_eq!(duration_text(3 * 3_600_000 + 600_000), "3 h 10 min");
        assert_eq!(duration_text(2 * 86_400_000 + 4 * 3_600_000), "2 d 4 h");
    }
}
