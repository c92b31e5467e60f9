//! Identifier screening: e-mail addresses, websites, crypto wallets, phone
//! numbers and document numbers, matched exactly after canonical
//! normalization against every identifier the lists give.
//!
//! OFAC's remarks list such identifiers for DPRK fronts and hacking groups
//! (`Email Address ...`, `Website ...`, `Digital Currency Address - XBT ...`,
//! passport and ID numbers); IT workers are paid through exactly these. A hit
//! is an alert on its own: an identifier is not a name that may be shared.

pub use crate::model::IdCategory;

/// Kinds of listed identifier that are facts about a record, not numbers a
/// payee could carry (OFAC's `Secondary sanctions risk:`, `Target Type`,
/// dates, tickers, directives).
const NOT_IDENTIFIERS: [&str; 10] = [
    "date",
    "directive",
    "risk",
    "target type",
    "issuer",
    "ticker",
    "gender",
    "nationality",
    "citizen",
    "title",
];

/// The category of a listed identifier, from the kind the list gives it.
pub fn category(kind: &str) -> Option<IdCategory> {
    let k = kind.to_ascii_lowercase();
    if k.contains("email") || k.contains("e-mail") {
        Some(IdCategory::Email)
    } else if k.contains("website") || k.contains("web site") || k == "url" {
        Some(IdCategory::Website)
    } else if k.contains("digital currency") || k.contains("wallet") {
        Some(IdCategory::Wallet)
    } else if k.contains("phone") || k.contains("fax") {
        Some(IdCategory::Phone)
    } else if NOT_IDENTIFIERS.iter().any(|w| k.contains(w)) {
        None
    } else {
        Some(IdCategory::Document)
    }
}

/// The comparable form of an identifier, or `None` when the value is too
/// short or malformed to identify anyone:
/// - e-mail: trimmed, lower case, with an `@`;
/// - website: the host, lower case, without scheme, `www.`, port, path;
/// - wallet: blanks removed; hex (`0x...`) and bech32 (`bc1...`) addresses in
///   lower case, others (base58) as written, since their case is significant;
/// - phone: the digits, without leading zeros, at least 7;
/// - document: letters and digits only, upper case, at least 5 with a digit.
pub fn canonical(category: IdCategory, value: &str) -> Option<String> {
    let v = value.trim();
    let key = match category {
        IdCategory::Email => {
            let v = v
                .trim_start_matches("mailto:")
                .trim_matches(['<', '>'])
                .to_lowercase();
            let (local, domain) = v.split_once('@')?;
            if local.is_empty() || !domain.contains('.') || v.contains(char::is_whitespace) {
                return None;
            }
            v
        }
        IdCategory::Website => {
            let lower = v.to_lowercase();
            let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            let host = host.split(':').next().unwrap_or("");
            let host = host
                .strip_prefix("www.")
                .unwrap_or(host)
                .trim_end_matches('.');
            if !host.contains('.') || host.contains(char::is_whitespace) {
                return None;
            }
            host.to_string()
        }
        IdCategory::Wallet => {
            let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
            let lower = compact.to_ascii_lowercase();
            let key = if lower.starts_with("0x")
                || lower.starts_with("bc1")
                || lower.starts_with("ltc1")
                || lower.starts_with("tb1")
            {
                lower
            } else {
                compact
            };
            if key.len() < 20 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            key
        }
        IdCategory::Phone => {
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            let digits = digits.trim_start_matches('0').to_string();
            if digits.len() < 7 {
                return None;
            }
            digits
        }
        IdCategory::Document => {
            let key: String = v
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect();
            if key.chars().count() < 5 || !key.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            key
        }
    };
    Some(key)
}

pub use crate::index::IdentifierRow;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_kinds_fall_into_categories() {
        assert_eq!(category("Email Address"), Some(IdCategory::Email));
        assert_eq!(category("Website"), Some(IdCategory::Website));
        assert_eq!(
            category("Digital Currency Address - XBT"),
            Some(IdCategory::Wallet)
        );
        assert_eq!(category("Phone Number"), Some(IdCategory::Phone));
        assert_eq!(category("Passport"), Some(IdCategory::Document));
        assert_eq!(category("National ID No."), Some(IdCategory::Document));
        assert_eq!(category("Secondary sanctions risk:"), None);
        assert_eq!(category("Listing Date (CMIC)"), None);
        assert_eq!(category("Target Type"), None);
    }

    #[test]
    fn canonical_forms_ignore_case_blanks_and_schemes() {
        use IdCategory::*;
        assert_eq!(
            canonical(Email, " Dam.D.Free@Net.SY "),
            canonical(Email, "dam.d.free@net.sy")
        );
        assert_eq!(canonical(Email, "not an address"), None);
        for w in [
            "https://www.SniperAfrica.com/",
            "http://sniperafrica.com/about?x=1",
            "www.sniperafrica.com",
            "sniperafrica.com:443",
        ] {
            assert_eq!(
                canonical(Website, w).as_deref(),
                Some("sniperafrica.com"),
                "{w}"
            );
        }
        // Base58 keeps its case; hex does not.
        assert_eq!(
            canonical(Wallet, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h").as_deref(),
            Some("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")
        );
        assert_ne!(
            canonical(Wallet, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"),
            canonical(Wallet, "12qtd5bfwrsdnsazy76uve1xycgntojh9h")
        );
        assert_eq!(
            canonical(Wallet, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
            canonical(Wallet, " 0x098b716b8aaf21512996dc57eb0615e2383e2f96")
        );
        assert_eq!(canonical(Wallet, "short"), None);
        assert_eq!(
            canonical(Phone, "+98 21 8852 6300"),
            canonical(Phone, "0098-21-88526300")
        );
        assert_eq!(canonical(Document, "af-133 955"), Some("AF133955".into()));
        assert_eq!(canonical(Document, "365"), None);
        assert_eq!(canonical(Document, "ABCDEFG"), None);
    }
}
