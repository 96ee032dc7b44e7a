//! Post dates: parsing the forms front matter allows (date, datetime, or a map with
//! `created` / `updated`), years 1 to 9999 only (Python's `datetime`, so mkdocs, has no
//! others, and RFC 2822 feeds cannot show them), and formatting them with the LDML patterns babel uses in
//! mkdocs-material (`long`, `medium`, `short`, `full`, or a pattern such as `yyyy/MM/dd`), English only.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Parses `2024-01-31`, `2024-01-31 10:20`, `2024-01-31 10:20:30`, `2024-01-31T10:20:30`
/// with an optional `Z` or `+01:00` offset (the wall-clock time is kept, as mkdocs shows it).
/// A year outside 1..=9999 (`0000-01-01`, `-0001-01-01`, `+10000-01-01`) is an error.
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, String> {
    let s = s.trim();
    let dt = parse_any_year(s)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&dt.year()) {
        return Err(format!(
            "`{s}` is not a valid date; the year must be between {MIN_YEAR} and {MAX_YEAR}"
        ));
    }
    Ok(dt)
}

/// The years a post date may have: those of Python's `datetime` (so of mkdocs).
pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

fn parse_any_year(s: &str) -> Result<NaiveDateTime, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight"));
    }
    let body = strip_offset(s);
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(body, fmt) {
            return Ok(dt);
        }
    }
    Err(format!(
        "`{s}` is not a valid date; expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
    ))
}

fn strip_offset(s: &str) -> &str {
    if let Some(x) = s.strip_suffix('Z') {
        return x.trim_end();
    }
    // `+01:00`, `-0500` after the time part.
    if s.len() > 16 {
        let tail_start = s.len().saturating_sub(6);
        for i in (16..s.len()).rev() {
            if i < tail_start.saturating_sub(1) {
                break;
            }
            let c = s.as_bytes()[i];
            if c == b'+' || c == b'-' {
                return s[..i].trim_end();
            }
        }
    }
    s
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats with babel's named formats or an LDML pattern, in English.
pub fn format_date(dt: &NaiveDateTime, format: &str) -> String {
    let pattern = match format {
        "full" => "EEEE, MMMM d, y",
        "long" => "MMMM d, y",
        "medium" => "MMM d, y",
        "short" => "M/d/yy",
        other => other,
    };
    format_ldml(dt, pattern)
}

fn format_ldml(dt: &NaiveDateTime, pattern: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a single quote.
            let mut j = i + 1;
            if j < chars.len() && chars[j] == '\'' {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                out.push(chars[j]);
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        let month = dt.month() as usize;
        match c {
            'y' | 'Y' if n == 2 => out.push_str(&format!("{:02}", dt.year() % 100)),
            'y' | 'Y' => out.push_str(&format!("{:0width$}", dt.year(), width = n)),
            'M' | 'L' => match n {
                1 => out.push_str(&month.to_string()),
                2 => out.push_str(&format!("{month:02}")),
                3 => out.push_str(&MONTHS[month - 1][..3]),
                4 => out.push_str(MONTHS[month - 1]),
                _ => out.push_str(&MONTHS[month - 1][..1]),
            },
            'd' => out.push_str(&format!("{:0width$}", dt.day(), width = n)),
            'D' => out.push_str(&format!("{:0width$}", dt.ordinal(), width = n)),
            'E' | 'e' | 'c' => {
                let day = DAYS[dt.weekday().num_days_from_monday() as usize];
                if n <= 3 {
                    out.push_str(&day[..3]);
                } else if n == 4 {
                    out.push_str(day);
                } else {
                    out.push_str(&day[..1]);
                }
            }
            'H' => out.push_str(&format!("{:0width$}", dt.hour(), width = n)),
            'h' => {
                let h = dt.hour() % 12;
                let h = if h == 0 { 12 } else { h };
                out.push_str(&format!("{h:0width$}", width = n));
            }
            'm' => out.push_str(&format!("{:0width$}", dt.minute(), width = n)),
            's' => out.push_str(&format!("{:0width$}", dt.second(), width = n)),
            'a' => out.push_str(if dt.hour() < 12 { "AM" } else { "PM" }),
            _ => out.extend(std::iter::repeat_n(c, n)),
        }
        i += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn parses_forms() {
        assert_eq!(dt("2024-01-31").to_string(), "2024-01-31 00:00:00");
        assert_eq!(dt("2024-01-31 10:20").to_string(), "2024-01-31 10:20:00");
        assert_eq!(
            dt("2024-01-31T10:20:30Z").to_string(),
            "2024-01-31 10:20:30"
        );
        assert_eq!(
            dt("2024-01-31T10:20:30+01:00").to_string(),
            "2024-01-31 10:20:30"
        );
        assert!(parse_datetime("2026-13-45").is_err());
        assert!(parse_datetime("yesterday").is_err());
    }

    #[test]
    fn years_outside_python_datetime_are_refused() {
        assert_eq!(dt("0001-01-01").to_string(), "0001-01-01 00:00:00");
        assert_eq!(dt("9999-12-31 23:59:59").to_string(), "9999-12-31 23:59:59");
        for s in ["0000-01-01", "-0001-01-01", "+10000-01-01"] {
            let e = parse_datetime(s).unwrap_err();
            assert!(e.contains("between 1 and 9999"), "{s}: {e}");
        }
        assert!(parse_datetime("10000-01-01 10:00").is_err());
        assert!(parse_datetime("-0001-01-01T00:00:00Z").is_err());
    }

    #[test]
    fn formats_extreme_years_without_panic() {
        for s in ["0001-01-01", "9999-12-31 23:59:59"] {
            for f in ["full", "long", "medium", "short", "yy yyyy D EEEE h a"] {
                let _ = format_date(&dt(s), f);
            }
        }
        assert_eq!(format_date(&dt("0001-01-01"), "short"), "1/1/01");
        assert_eq!(format_date(&dt("0001-01-01"), "yyyy"), "0001");
    }

    #[test]
    fn formats_like_babel_en() {
        let d = dt("2026-05-09");
        assert_eq!(format_date(&d, "long"), "May 9, 2026");
        assert_eq!(format_date(&d, "medium"), "May 9, 2026");
        assert_eq!(format_date(&d, "short"), "5/9/26");
        assert_eq!(format_date(&d, "full"), "Saturday, May 9, 2026");
        assert_eq!(format_date(&d, "yyyy/MM/dd"), "2026/05/09");
        assert_eq!(format_date(&d, "yyyy"), "2026");
        assert_eq!(format_date(&d, "MMMM yyyy"), "May 2026");
        assert_eq!(format_date(&d, "d 'of' MMM"), "9 of May");
    }
}
