//! Pieces of date parsing the list parsers share.

/// English month names, as the lists write them in dates of birth.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Jan`, `Jan.`, `January`, `Sept` (any case) to 1..=12; nothing else
/// (`Janu` is not a month).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || m.get(..3) == Some(w.as_str()))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("Jan"), Some(1));
        assert_eq!(month_number("jan."), Some(1));
        assert_eq!(month_number("SEPTEMBER"), Some(9));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Janu"), None);
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("Mär"), None);
    }
}
