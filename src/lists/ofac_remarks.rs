//! Structure inside OFAC's free-text remarks.
//!
//! OFAC's legacy CSV files (and, in a shorter form, the `<remarks>` of the
//! `sdnList` XML) pack most of what is known about an entry into one text:
//! clauses separated by `; `, the last one ending with a period:
//!
//! ```text
//! DOB 15 Aug 1984; alt. DOB 18 Oct 1984; Gender Male; Secondary sanctions risk: ...;
//! Passport 290333974 (Korea, North); a.k.a. 'KOMID'; Linked To: LAZARUS GROUP.
//! ```
//!
//! [`apply_remarks`] keeps the whole text in [`Entity::remarks`] and turns each
//! clause into structure. A leading `alt. ` (another value of the same kind) is
//! ignored. What each clause becomes:
//!
//! | clause | becomes |
//! |---|---|
//! | `DOB 08 Jan 1984` / `DOB Jan 1970` | [`BirthDate`] kind `exact`, ISO `1984-01-08` / `1970-01` (the precision is the ISO form's) |
//! | `DOB 1962` | kind `year` |
//! | `DOB circa 1960`, `DOB circa 1979-1982` | kind `approximate` |
//! | `DOB 1950 to 1955`, `DOB 01 Jan 1950 to 31 Dec 1955` | kind `range` |
//! | `POB Moscow, Russia` | [`Entity::birth_places`] |
//! | `nationality X`, `citizen X` (a leading `possibly` is dropped) | [`Entity::nationalities`] |
//! | `Gender Male` | [`Entity::gender`] |
//! | `a.k.a. 'X'`, `n.k.a. 'X'`, `d.b.a. 'X'`, `f.k.a. 'X'` | a [`NameKind::Weak`] name (see below) |
//! | `Linked To: X` and the XML form `(Linked To: X)` | [`Relation`] `linked_to` |
//! | `Passport 123 (Country) issued ... expires ...` and about 110 other id labels seen in the shipped files (`National ID No.`, `Tax ID No.`, `Registration Number`, `SWIFT/BIC`, `Vessel Registration Identification IMO`, `MMSI`, `Email Address`, `Website`, `Digital Currency Address - XBT`, `Legal Entity Number`, `D-U-N-S Number`, ...) and any `<Label> <value>` whose label ends in an id word (`No.`, `Number`, `ID`, `#`, `Code`, `Card`, ...) | [`Identifier`] (kind = label as written, value, country from a final `(...)`, `issued`/`expires` in `note`) |
//! | `Other Vessel Flag X`, `Vessel Flag X` (not in the shipped remarks: the flag is a CSV column), `Nationality of Registration X` | a fact and [`Entity::countries`] |
//! | `Former Vessel Flag X`, `Secondary sanctions risk: ...`, `Additional Sanctions Information - ...`, `Organization Established Date ...`, `Organization Type: ...`, `Listing Date ...`, `Aircraft Model ...`, any `Label: value` | [`Fact`] keyed by the label in snake case |
//! | anything else (`ICTY indictee`, `HAMAS - Hebron`) | [`Fact`] `remark`, unless the same text already is a fact (OFAC repeats the title column in the remarks) |
//!
//! A plain `Listing Date 24 Feb 2022` (without a qualifier such as `(CMIC)` or
//! `(EO 14024 Directive 2)`) also fills [`crate::model::ListMembership::listed_on`]
//! where it is empty.
//!
//! ## Aliases in remarks are OFAC's weak aliases
//!
//! OFAC's legacy CSV has no field for alias strength: `alt.csv` carries only the
//! strong aliases (every `alt_remarks` in the shipped files is `-0-`) and the
//! weak ones are written into the remarks as `a.k.a. 'NAME'` (single quotes in
//! every case in the shipped files; `f.k.a.`/`n.k.a.` likewise). Checked on the
//! non-SDN set, whose `consolidated.xml` marks alias categories: the 72
//! `a.k.a.`/`f.k.a.` names in `cons_prim.csv` + `cons_comments.csv` remarks are
//! exactly the 72 aliases the XML marks `weak` (69 a.k.a., 3 f.k.a.), and none of
//! them is in `cons_alt.csv`, which holds exactly the 1,072 `strong` ones. So
//! every name found in remarks is a [`NameKind::Weak`] name, an `f.k.a.` too (the
//! former-name sense stays in the remarks text). A weak name is not added when
//! the entity already has the same text under another kind.
//!
//! Names keep inner apostrophes, which OFAC uses for transliterated ayn
//! (`a.k.a. 'ABU 'ALI'`) and for nested quotes (`a.k.a. 'LLC 'DSD''`): a quoted
//! name ends at the first matching quote that is followed by `;` or the end of
//! the text, so `;` and `,` inside the quotes do not split it.
//!
//! ## `Linked To:` targets
//!
//! The period that ends the remarks is dropped from the target unless it
//! belongs to an abbreviation (`CO., LTD.`, `S.A. DE C.V.`, `PTE. LTD.`):
//! OFAC writes `Linked To: INTERNET RESEARCH AGENCY LLC.` at the end but
//! `Linked To: AVICAL S.A.;` in the middle.
//!
//! Everything works on `char` boundaries; no input makes it panic.

use super::dates::{self, Precision};
use super::entity::{push_trimmed, push_trimmed_fact};
use crate::model::{BirthDate, Entity, Identifier, Name, NameKind, Relation, Schema};

/// Parses OFAC remarks into structure on `entity` and keeps the whole text in
/// [`Entity::remarks`]. Empty text and OFAC's `-0-` are ignored.
pub fn apply_remarks(remarks: &str, entity: &mut Entity) {
    let text = remarks.trim();
    if text.is_empty() || text == "-0-" {
        return;
    }
    entity.remarks.push(text.to_string());
    for clause in split_clauses(text) {
        apply_clause(clause, entity);
    }
}

/// Splits `family, given` on the first comma (OFAC's `KIM, Jong Un`).
pub(crate) fn split_person_name(full: &str) -> (Option<String>, Option<String>) {
    match full.split_once(',') {
        Some((family, given)) => (
            Some(family.trim().to_string()),
            Some(given.trim().to_string()),
        ),
        None => (None, None),
    }
}

/// A name of `kind`, split into family and given for persons.
pub(crate) fn make_name(full: &str, kind: NameKind, schema: Schema) -> Name {
    let full = full.trim();
    let name = Name::new(full, kind);
    if schema == Schema::Person {
        let (family, given) = split_person_name(full);
        name.with_parts(family, given)
    } else {
        name
    }
}

/// Alias markers OFAC uses in remarks.
const NAME_MARKERS: &[&str] = &["a.k.a.", "f.k.a.", "n.k.a.", "d.b.a."];

/// Case-insensitive ASCII prefix strip that never slices inside a char.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    if s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix) {
        Some(&s[n..])
    } else {
        None
    }
}

/// Like [`strip_prefix_ci`] but the prefix must end at a word boundary (the
/// rest is empty or starts with a space or `:`), unless the prefix itself ends
/// with punctuation (`No.`, `#`).
fn strip_label<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    label_rest(label, strip_prefix_ci(s, label)?)
}

/// [`strip_label`] with the label's case as written.
fn strip_label_exact<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    label_rest(label, s.strip_prefix(label)?)
}

fn label_rest<'a>(label: &str, rest: &'a str) -> Option<&'a str> {
    let label_ends_alnum = label.chars().last().is_some_and(|c| c.is_alphanumeric());
    let boundary = rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == ':');
    if boundary || !label_ends_alnum {
        Some(rest)
    } else {
        None
    }
}

/// Drops a leading `alt. ` (another value of the same kind).
fn strip_alt(s: &str) -> &str {
    let mut s = s.trim();
    while let Some(rest) = strip_prefix_ci(s, "alt.") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            s = rest.trim_start();
        } else {
            break;
        }
    }
    s
}

/// Removes one trailing period and surrounding space.
fn strip_period(s: &str) -> &str {
    let s = s.trim();
    s.strip_suffix('.').unwrap_or(s).trim_end()
}

/// The quote that opens a name clause (`a.k.a. 'X'`) and the byte offset just
/// after it, if `clause` starts with an alias marker followed by a quote.
fn name_clause_quote(clause: &str) -> Option<(char, usize)> {
    let s = strip_alt(clause);
    let offset = clause.len() - s.len();
    for marker in NAME_MARKERS {
        if let Some(rest) = strip_prefix_ci(s, marker) {
            let trimmed = rest.trim_start();
            let q = trimmed.chars().next()?;
            if q == '\'' || q == '"' {
                let open = offset + marker.len() + (rest.len() - trimmed.len());
                return Some((q, open + q.len_utf8()));
            }
            return None;
        }
    }
    None
}

/// Byte offset (in `s`) of the quote `q` that closes a quoted name starting at
/// `from`: the first `q` followed, after spaces and at most one period, by `;`
/// or the end of the text.
fn closing_quote(s: &str, q: char, from: usize) -> Option<usize> {
    for (i, c) in s[from..].char_indices() {
        if c != q {
            continue;
        }
        let at = from + i;
        let after = s[at + c.len_utf8()..].trim_start();
        let after = after.strip_prefix('.').unwrap_or(after).trim_start();
        if after.is_empty() || after.starts_with(';') {
            return Some(at);
        }
    }
    None
}

/// Byte offset of the next `;` in `s` that is not inside double quotes.
fn next_semicolon(s: &str) -> Option<usize> {
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' if in_quotes => in_quotes = false,
            // Only a quote that is closed later opens a quoted span.
            '"' if s[i + 1..].contains('"') => in_quotes = true,
            ';' if !in_quotes => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits remarks into trimmed clauses on `;`, keeping quoted names whole.
fn split_clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let skipped = rest.len() - rest.trim_start().len();
        let cstart = start + skipped;
        if cstart >= text.len() {
            break;
        }
        let clause_text = &text[cstart..];
        let end = name_clause_quote(clause_text)
            .and_then(|(q, open)| {
                let close = closing_quote(clause_text, q, open)?;
                let after = close + q.len_utf8();
                Some(
                    next_semicolon(&clause_text[after..])
                        .map_or(text.len(), |e| cstart + after + e),
                )
            })
            .or_else(|| next_semicolon(clause_text).map(|e| cstart + e))
            .unwrap_or(text.len());
        let clause = text[cstart..end].trim();
        if !clause.is_empty() {
            out.push(clause);
        }
        start = end + 1;
    }
    out
}

/// `Secondary sanctions risk` -> `secondary_sanctions_risk`.
fn snake(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

fn apply_clause(raw: &str, entity: &mut Entity) {
    let clause = strip_alt(raw);
    if clause.is_empty() {
        return;
    }
    if apply_name(clause, entity)
        || apply_linked_to(raw, clause, entity)
        || apply_person_fields(clause, entity)
        || apply_country_facts(clause, entity)
        || apply_known_fact(clause, entity)
        || apply_identifier(clause, entity)
        || apply_labelled_fact(clause, entity)
    {
        return;
    }
    // Titles are in the remarks too: keep a fact only once.
    let value = strip_period(clause);
    if !entity.facts.iter().any(|f| f.value == value) {
        push_trimmed_fact(entity, "remark", value);
    }
}

/// `a.k.a. 'NAME'`, `f.k.a.`, `n.k.a.`, `d.b.a.`: a weak name.
fn apply_name(clause: &str, entity: &mut Entity) -> bool {
    let Some(rest) = NAME_MARKERS.iter().find_map(|m| strip_prefix_ci(clause, m)) else {
        return false;
    };
    let rest = rest.trim();
    let name = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => {
            let inner = &rest[q.len_utf8()..];
            let inner = inner.trim_end();
            let inner = inner.strip_suffix('.').map_or(inner, str::trim_end);
            // Drop the closing quote if there is one (a cut-off text has none).
            inner.strip_suffix(q).unwrap_or(inner)
        }
        _ => strip_period(rest),
    };
    let name = name.trim();
    if name.is_empty() {
        return true;
    }
    if !entity.names.iter().any(|n| n.full == name) {
        entity.push_name(make_name(name, NameKind::Weak, entity.schema));
    }
    true
}

/// Abbreviations whose final period belongs to the name (`CO., LTD.`).
const ABBREVIATIONS: &[&str] = &[
    "LTD", "CO", "INC", "CORP", "LTDA", "CIA", "BHD", "SDN", "PTE", "PTY", "PVT", "JR", "SR", "ST",
    "LDA", "NO", "BROS",
];

/// Drops the remarks' final period from a name unless it ends an abbreviation.
fn strip_name_period(name: &str) -> &str {
    let name = name.trim();
    let Some(stem) = name.strip_suffix('.') else {
        return name;
    };
    let last = stem
        .rsplit(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let is_abbreviation =
        last.contains('.') || ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a));
    if is_abbreviation {
        name
    } else {
        stem.trim_end()
    }
}

/// `Linked To: NAME`, also the XML form `(Linked To: NAME)`.
fn apply_linked_to(raw: &str, clause: &str, entity: &mut Entity) -> bool {
    let (inner, parenthesized) = match clause.strip_prefix('(') {
        Some(rest) => (rest, true),
        None => (clause, false),
    };
    let Some(rest) = strip_prefix_ci(inner, "Linked To") else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    let target = if parenthesized {
        let t = rest.strip_suffix('.').unwrap_or(rest).trim_end();
        t.strip_suffix(')').unwrap_or(t).trim_end()
    } else {
        strip_name_period(rest)
    };
    if target.is_empty() {
        return false;
    }
    let relation = Relation {
        kind: "linked_to".into(),
        target_name: target.to_string(),
        evidence: raw.trim().to_string(),
        target_id: None,
    };
    if !entity.relations.contains(&relation) {
        entity.relations.push(relation);
    }
    true
}

/// DOB, POB, nationality, citizen, Gender.
fn apply_person_fields(clause: &str, entity: &mut Entity) -> bool {
    if let Some(rest) = strip_label(clause, "DOB") {
        let text = strip_period(rest.trim_start().trim_start_matches(':'));
        match parse_dob(text) {
            Some(bd) => {
                if !entity.birth_dates.contains(&bd) {
                    entity.birth_dates.push(bd);
                }
            }
            None => push_trimmed_fact(entity, "date_of_birth", text),
        }
        return true;
    }
    if let Some(rest) = strip_label(clause, "POB") {
        let place = strip_period(rest.trim_start().trim_start_matches(':'));
        push_trimmed(&mut entity.birth_places, place);
        return true;
    }
    if strip_label(clause, "Nationality of Registration").is_some() {
        return false;
    }
    for label in ["nationality", "citizen"] {
        if let Some(rest) = strip_label(clause, label) {
            let value = strip_period(rest.trim_start().trim_start_matches(':'));
            let value = strip_prefix_ci(value, "possibly ").unwrap_or(value).trim();
            push_trimmed(&mut entity.nationalities, value);
            return true;
        }
    }
    if let Some(rest) = strip_label(clause, "Gender") {
        let value = strip_period(rest.trim_start().trim_start_matches(':'));
        if !value.is_empty() && entity.gender.is_none() {
            entity.gender = Some(value.to_string());
        }
        return true;
    }
    false
}

/// Vessel flags and registration countries: a fact, and current ones in countries.
fn apply_country_facts(clause: &str, entity: &mut Entity) -> bool {
    for (label, key, current) in [
        ("Former Vessel Flag", "former_vessel_flag", false),
        ("Other Vessel Flag", "other_vessel_flag", true),
        ("Vessel Flag", "vessel_flag", true),
        (
            "Nationality of Registration",
            "nationality_of_registration",
            true,
        ),
    ] {
        if let Some(rest) = strip_label(clause, label) {
            let value = strip_period(rest.trim_start().trim_start_matches(':'));
            push_trimmed_fact(entity, key, value);
            if current {
                push_trimmed(&mut entity.countries, value);
            }
            return true;
        }
    }
    false
}

/// Facts with a label of their own; the value is the rest of the clause.
const FACT_LABELS: &[(&str, &str)] = &[
    ("Secondary sanctions risk", "secondary_sanctions_risk"),
    (
        "Additional Sanctions Information",
        "additional_sanctions_information",
    ),
    (
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
        "transactions_prohibited",
    ),
    (
        "Organization Established Date",
        "organization_established_date",
    ),
    ("Organization Type", "organization_type"),
    ("Target Type", "target_type"),
    ("Listing Date", "listing_date"),
    ("Effective Date", "effective_date"),
    (
        "Purchase/Sales For Divestment Date",
        "purchase_sales_for_divestment_date",
    ),
    ("Aircraft Model", "aircraft_model"),
    ("Aircraft Operator", "aircraft_operator"),
    ("Aircraft Manufacture Date", "aircraft_manufacture_date"),
    ("Vessel Year of Build", "vessel_year_of_build"),
    ("Other Vessel Type", "other_vessel_type"),
    ("Vessel Type", "vessel_type"),
    ("Other Vessel Call Sign", "other_vessel_call_sign"),
    ("Vessel Call Sign", "call_sign"),
    ("Vessel Owner", "vessel_owner"),
    (
        "For more information on directives, please visit the following link",
        "more_information",
    ),
    (
        "For more information, please reference the following link",
        "more_information",
    ),
];

fn apply_known_fact(clause: &str, entity: &mut Entity) -> bool {
    for (label, key) in FACT_LABELS {
        if let Some(rest) = strip_label(clause, label) {
            let value = rest.trim_start();
            let value = value
                .strip_prefix(':')
                .or_else(|| value.strip_prefix("- "))
                .unwrap_or(value);
            let value = strip_period(value);
            if *key == "listing_date" {
                set_listed_on(value, entity);
            }
            push_trimmed_fact(entity, key, value);
            return true;
        }
    }
    false
}

/// A plain `Listing Date 24 Feb 2022` fills empty `listed_on`s.
fn set_listed_on(value: &str, entity: &mut Entity) {
    if value.starts_with('(') {
        return;
    }
    if let Some(date) = dates::parse_date(value).filter(|d| d.precision == Precision::Day) {
        for m in entity.lists.iter_mut().filter(|m| m.listed_on.is_none()) {
            m.listed_on = Some(date.iso.clone());
        }
    }
}

/// Identifier labels seen in OFAC remarks. The longest matching label wins, so
/// `Vessel Registration Identification IMO` beats `Vessel Registration Identification`.
const ID_LABELS: &[&str] = &[
    "Passport",
    "Passport No.",
    "Passport Booklet",
    "Diplomatic Passport",
    "National ID No.",
    "National Foreign ID Number",
    "Identification Number",
    "Identification Number IMO",
    "Tax ID No.",
    "Registration Number",
    "Registration ID",
    "Business Registration Number",
    "Business Registration Document #",
    "Public Registration Number",
    "Commercial Registry Number",
    "Central Registration System Number",
    "Company Number",
    "Company Number IMO",
    "UK Company Number",
    "Company ID",
    "Government Gazette Number",
    "Cedula No.",
    "C.U.R.P.",
    "C.U.R.P. #",
    "R.F.C.",
    "R.F.C. #",
    "RFC",
    "NIT #",
    "RUC #",
    "RIF #",
    "RTN",
    "C.U.I.",
    "C.U.I.T.",
    "C.U.I.P.",
    "C.I.F.",
    "C.R. No.",
    "Romanian C.R.",
    "D.N.I.",
    "I.F.E.",
    "SSN",
    "US FEIN",
    "ISIN",
    "Identification Number ISIN",
    "Equity Ticker",
    "MMSI",
    "SWIFT/BIC",
    "BIK (RU)",
    "Legal Entity Number",
    "LE Number",
    "D-U-N-S Number",
    "Vessel Registration Identification",
    "Vessel Registration Identification IMO",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Chinese Commercial Code",
    "Organization Code",
    "Economic Register Number (CBLS)",
    "V.A.T. Number",
    "License",
    "Trade License No.",
    "Pilot License Number",
    "Driver's License No.",
    "Afghan Money Service Provider License Number",
    "Permit Number",
    "SRE Permit No.",
    "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Certificate of Incorporation Number",
    "Registered Charity No.",
    "Enterprise Number",
    "Branch Unit Number",
    "Business Number",
    "Birth Certificate Number",
    "Electoral Registry No.",
    "Credencial electoral",
    "Cartilla de Servicio Militar Nacional",
    "Personal ID Card",
    "Citizen's Card Number",
    "Kenyan ID No.",
    "Turkish Identification Number",
    "UAE Identification",
    "Italian Fiscal Code",
    "Numero de Identidad",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "Paraguayan tax identification number",
    "Residency Number",
    "Refugee ID Card",
    "Tazkira National ID Card",
    "Travel Document Number",
    "Immigration No.",
    "Military Registration Number",
    "VisaNumberID",
    "File Number",
    "Phone Number",
    "Telephone",
    "Telephone No.",
    "Telephone Number",
    "PHONE",
    "Fax",
    "Fax No.",
    "Aircraft Tail Number",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Mode S Transponder Code",
    "Aircraft Serial Identification",
    "Website",
    "Email Address",
];

/// Last words of a label that make an unknown `<Label> <value>` an identifier.
const ID_WORDS: &[&str] = &[
    "no.",
    "no",
    "number",
    "id",
    "#",
    "code",
    "card",
    "identification",
    "license",
    "licence",
    "permit",
    "certificate",
    "passport",
];

fn apply_identifier(clause: &str, entity: &mut Entity) -> bool {
    let Some((kind, rest)) = identifier_label(clause) else {
        return false;
    };
    let Some(id) = parse_identifier_value(kind, rest) else {
        return false;
    };
    if !entity.identifiers.contains(&id) {
        entity.identifiers.push(id);
    }
    true
}

/// The identifier kind (as written, normalized for e-mail and websites) and the
/// text after the label.
fn identifier_label(clause: &str) -> Option<(String, &str)> {
    // Digital Currency Address - XBT <address>
    if let Some(rest) = strip_label(clause, "Digital Currency Address") {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
        let (currency, value) = rest.split_once(char::is_whitespace)?;
        return Some((format!("Digital Currency Address - {currency}"), value));
    }
    for (label, kind) in [
        ("Email Address", "Email Address"),
        ("Email", "Email Address"),
        ("Website", "Website"),
    ] {
        if let Some(rest) = strip_label(clause, label) {
            return Some((kind.to_string(), rest));
        }
    }
    // Case as written: `passport place of issue: ...` is not a passport.
    let best = ID_LABELS
        .iter()
        .filter_map(|label| strip_label_exact(clause, label).map(|rest| (label.len(), rest)))
        .max_by_key(|(len, _)| *len);
    if let Some((len, rest)) = best {
        return Some((clause[..len].to_string(), rest));
    }
    // Generic: the words before the first one with a digit, ending in an id word.
    let mut label_end = None;
    let mut last_word = "";
    for (i, word) in word_starts(clause) {
        if word.chars().any(|c| c.is_ascii_digit()) {
            label_end = Some(i);
            break;
        }
        last_word = word;
    }
    let end = label_end?;
    let last = last_word.trim_end_matches(':').to_ascii_lowercase();
    let label = clause[..end].trim_end();
    let short =
        label.split_whitespace().count() <= 6 && !label.trim_end_matches(':').contains([',', ':']);
    if end == 0 || !short || !ID_WORDS.contains(&last.as_str()) {
        return None;
    }
    Some((
        label.trim_end_matches(':').trim_end().to_string(),
        &clause[end..],
    ))
}

/// Words with their byte offsets.
fn word_starts(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// `123 (Country) issued 01 Jan 2000 expires 01 Jan 2010` -> value, country, note.
fn parse_identifier_value(kind: String, rest: &str) -> Option<Identifier> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let mut s = strip_period(rest);
    let mut note = None;
    if let Some(i) = find_ci(s, " issued ").or_else(|| find_ci(s, " expires ")) {
        note = Some(s[i..].trim().to_string());
        s = s[..i].trim_end();
    }
    let mut country = None;
    if let Some((value, c)) = split_country(s) {
        s = value;
        country = Some(c.to_string());
    } else if let Some(n) = note.as_deref() {
        // `Passport X issued 2000 (Iran)`: the country after the dates.
        if let Some((before, c)) = split_country(n) {
            country = Some(c.to_string());
            note = Some(before.to_string());
        }
    }
    let value = s.trim();
    if value.is_empty() {
        return None;
    }
    Some(Identifier {
        kind,
        value: value.to_string(),
        country,
        note: note.filter(|n| !n.is_empty()),
    })
}

/// Byte offset of `needle` (ASCII) in `s`, ignoring ASCII case.
fn find_ci(s: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    s.char_indices().map(|(i, _)| i).find(|&i| {
        s.len() >= i + n && s.is_char_boundary(i + n) && s[i..i + n].eq_ignore_ascii_case(needle)
    })
}

/// `value (Country)` -> (`value`, `Country`) when the final parenthesis names a
/// place (letters, no digits) and follows a space.
fn split_country(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_end();
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = body[open + 1..].trim();
    let before = &body[..open];
    if inner.is_empty()
        || inner.chars().any(|c| c.is_ascii_digit() || c == '(')
        || !inner.chars().any(char::is_alphabetic)
        || !before.ends_with(char::is_whitespace)
    {
        return None;
    }
    Some((before.trim_end(), inner))
}

/// `Label: value` and `... Information - value` / `... Determination - value`.
fn apply_labelled_fact(clause: &str, entity: &mut Entity) -> bool {
    let text = strip_period(clause);
    if let Some((label, value)) = text
        .split_once(": ")
        .or_else(|| text.strip_suffix(':').map(|l| (l, "")))
        && is_fact_label(label)
        && !value.trim().is_empty()
    {
        push_trimmed_fact(entity, &snake(label), value);
        return true;
    }
    // `Executive Order 14024 Directive Information - ...` (the dash is sometimes missing).
    for word in ["Information", "Determination"] {
        if let Some(i) = text.find(word) {
            let label = &text[..i + word.len()];
            let after = &text[i + word.len()..];
            let separated = after.starts_with(" - ") || after.starts_with(':');
            let value = after.trim_start();
            let value = value.strip_prefix(['-', ':']).unwrap_or(value).trim();
            if (separated || label.starts_with("Executive Order "))
                && label.starts_with(|c: char| c.is_ascii_uppercase())
                && !label.contains(',')
                && is_fact_label(label)
                && !value.is_empty()
            {
                push_trimmed_fact(entity, &snake(label), value);
                return true;
            }
        }
    }
    false
}

fn is_fact_label(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.chars().count() <= 80
        && label.chars().next().is_some_and(char::is_alphabetic)
        && !label.contains("http")
        && !label.contains("www.")
}

/// A DOB clause body ([`dates::parse_span`]: `08 Jan 1984`, `circa 1960`,
/// `1950 to 1955`). A single date is `exact` to its precision (`Jan 1970`
/// too), a year alone `year`; `None` when it is no date.
fn parse_dob(text: &str) -> Option<BirthDate> {
    let text = text.trim();
    let span = dates::parse_span(text)?;
    let kind = match (span.approximate, span.single) {
        (true, _) => "approximate",
        (false, None) => "range",
        (false, Some(Precision::Year)) => "year",
        (false, Some(_)) => "exact",
    };
    Some(BirthDate {
        text: text.to_string(),
        from: Some(span.from),
        to: Some(span.to),
        kind: kind.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fact, ListMembership, Source};

    fn parse(remarks: &str) -> Entity {
        parse_as(remarks, Schema::Organization)
    }

    fn parse_as(remarks: &str, schema: Schema) -> Entity {
        let mut e = Entity::new("ofac:1", schema);
        apply_remarks(remarks, &mut e);
        e
    }

    fn bd(text: &str, from: &str, to: &str, kind: &str) -> BirthDate {
        BirthDate {
            text: text.into(),
            from: Some(from.into()),
            to: Some(to.into()),
            kind: kind.into(),
        }
    }

    fn id(kind: &str, value: &str, country: Option<&str>, note: Option<&str>) -> Identifier {
        Identifier {
            kind: kind.into(),
            value: value.into(),
            country: country.map(Into::into),
            note: note.map(Into::into),
        }
    }

    fn fact(key: &str, value: &str) -> Fact {
        Fact {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn birth_dates_table() {
        let cases = [
            (
                "DOB 08 Jan 1984.",
                bd("08 Jan 1984", "1984-01-08", "1984-01-08", "exact"),
            ),
            ("DOB 1962", bd("1962", "1962", "1962", "year")),
            (
                "DOB circa 1960",
                bd("circa 1960", "1960", "1960", "approximate"),
            ),
            (
                "DOB circa 01 Jul 1960",
                bd(
                    "circa 01 Jul 1960",
                    "1960-07-01",
                    "1960-07-01",
                    "approximate",
                ),
            ),
            (
                "DOB circa 1979-1982",
                bd("circa 1979-1982", "1979", "1982", "approximate"),
            ),
            (
                "DOB 1950 to 1955",
                bd("1950 to 1955", "1950", "1955", "range"),
            ),
            (
                "DOB 01 Jan 1950 to 31 Dec 1955",
                bd(
                    "01 Jan 1950 to 31 Dec 1955",
                    "1950-01-01",
                    "1955-12-31",
                    "range",
                ),
            ),
            (
                "DOB Mar 1970 to Feb 1971",
                bd("Mar 1970 to Feb 1971", "1970-03", "1971-02", "range"),
            ),
            (
                "DOB Jan 1970",
                bd("Jan 1970", "1970-01", "1970-01", "exact"),
            ),
            (
                "alt. DOB Sep 1938.",
                bd("Sep 1938", "1938-09", "1938-09", "exact"),
            ),
        ];
        for (input, expected) in cases {
            let e = parse_as(input, Schema::Person);
            assert_eq!(e.birth_dates, vec![expected], "{input}");
            assert!(e.facts.is_empty(), "{input}: {:?}", e.facts);
        }
    }

    #[test]
    fn unparseable_dob_is_kept_as_a_fact() {
        let e = parse_as("DOB sometime in the 1960s", Schema::Person);
        assert!(e.birth_dates.is_empty());
        assert_eq!(
            e.facts,
            vec![fact("date_of_birth", "sometime in the 1960s")]
        );
        let e = parse_as("DOB 32 Jan 1984", Schema::Person);
        assert!(e.birth_dates.is_empty());
        assert_eq!(e.facts.len(), 1);
    }

    #[test]
    fn several_dobs_in_one_text() {
        // Real remarks of ent 24918 (PARK, Jin Hyok).
        let e = parse_as(
            "DOB 15 Aug 1984; alt. DOB 18 Oct 1984; Gender Male; Passport 290333974 (Korea, North).",
            Schema::Person,
        );
        assert_eq!(
            e.birth_dates,
            vec![
                bd("15 Aug 1984", "1984-08-15", "1984-08-15", "exact"),
                bd("18 Oct 1984", "1984-10-18", "1984-10-18", "exact")
            ]
        );
        assert_eq!(e.gender.as_deref(), Some("Male"));
        assert_eq!(
            e.identifiers,
            vec![id("Passport", "290333974", Some("Korea, North"), None)]
        );
    }

    #[test]
    fn person_fields_table() {
        let e = parse_as(
            "POB Pyongan-Pukto, North Korea; alt. POB Moscow, Russia; nationality Korea, North; citizen Russia; \
             nationality possibly Palestinian;arrested 23 Apr 2002; Gender Female.",
            Schema::Person,
        );
        assert_eq!(
            e.birth_places,
            vec!["Pyongan-Pukto, North Korea", "Moscow, Russia"]
        );
        assert_eq!(
            e.nationalities,
            vec!["Korea, North", "Russia", "Palestinian"]
        );
        assert_eq!(e.gender.as_deref(), Some("Female"));
        assert_eq!(e.facts, vec![fact("remark", "arrested 23 Apr 2002")]);
    }

    #[test]
    fn identifiers_table() {
        let cases: Vec<(&str, Identifier)> = vec![
            (
                "Passport 472330208 (Korea, North) expires 04 Jul 2017",
                id(
                    "Passport",
                    "472330208",
                    Some("Korea, North"),
                    Some("expires 04 Jul 2017"),
                ),
            ),
            (
                "Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011.",
                id(
                    "Passport",
                    "G 649385",
                    None,
                    Some("issued 08 Sep 2006 expires 17 Jul 2011"),
                ),
            ),
            (
                "Passport F 879567 (Morocco) issued 29 Apr 1992",
                id(
                    "Passport",
                    "F 879567",
                    Some("Morocco"),
                    Some("issued 29 Apr 1992"),
                ),
            ),
            (
                "alt. Passport 6067015 (Comoros)",
                id("Passport", "6067015", Some("Comoros"), None),
            ),
            (
                "National ID No. 216040 (Yemen)",
                id("National ID No.", "216040", Some("Yemen"), None),
            ),
            (
                "Identification Number 321284198607120616 (China)",
                id(
                    "Identification Number",
                    "321284198607120616",
                    Some("China"),
                    None,
                ),
            ),
            (
                "Tax ID No. 7744001497 (Russia)",
                id("Tax ID No.", "7744001497", Some("Russia"), None),
            ),
            (
                "Registration Number HRA 738077 (Stuttgart) (Germany)",
                id(
                    "Registration Number",
                    "HRA 738077 (Stuttgart)",
                    Some("Germany"),
                    None,
                ),
            ),
            (
                "SWIFT/BIC KYCBKPPY",
                id("SWIFT/BIC", "KYCBKPPY", None, None),
            ),
            (
                "Vessel Registration Identification IMO 8914934",
                id(
                    "Vessel Registration Identification IMO",
                    "8914934",
                    None,
                    None,
                ),
            ),
            (
                "Vessel Registration Identification IMO  8730455",
                id(
                    "Vessel Registration Identification IMO",
                    "8730455",
                    None,
                    None,
                ),
            ),
            (
                "Vessel Registration Identification RS 150443 (Russia)",
                id(
                    "Vessel Registration Identification",
                    "RS 150443",
                    Some("Russia"),
                    None,
                ),
            ),
            ("MMSI 572469210", id("MMSI", "572469210", None, None)),
            (
                "Email Address 417136259@qq.com",
                id("Email Address", "417136259@qq.com", None, None),
            ),
            (
                "Email:adelb@shabakah.net.sa",
                id("Email Address", "adelb@shabakah.net.sa", None, None),
            ),
            (
                "Website www.alturath.org.",
                id("Website", "www.alturath.org", None, None),
            ),
            (
                "Website:  www.alnakshabandia-army.org",
                id("Website", "www.alnakshabandia-army.org", None, None),
            ),
            (
                "Digital Currency Address - XBT 134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak",
                id(
                    "Digital Currency Address - XBT",
                    "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak",
                    None,
                    None,
                ),
            ),
            (
                "alt. Digital Currency Address - ETH 0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc",
                id(
                    "Digital Currency Address - ETH",
                    "0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc",
                    None,
                    None,
                ),
            ),
            (
                "Legal Entity Number 253400WSS48YWMBUA688",
                id("Legal Entity Number", "253400WSS48YWMBUA688", None, None),
            ),
            (
                "D-U-N-S Number 542957624",
                id("D-U-N-S Number", "542957624", None, None),
            ),
            (
                "Aircraft Manufacturer's Serial Number (MSN) 1023409321",
                id(
                    "Aircraft Manufacturer's Serial Number (MSN)",
                    "1023409321",
                    None,
                    None,
                ),
            ),
            (
                "NIT # 816005011-4 (Colombia)",
                id("NIT #", "816005011-4", Some("Colombia"), None),
            ),
            (
                "Telephone (98)(21)(66153220)",
                id("Telephone", "(98)(21)(66153220)", None, None),
            ),
            // Not in the table: a label ending in an id word.
            (
                "Kenyan ID No. 12773667",
                id("Kenyan ID No.", "12773667", None, None),
            ),
            (
                "Fishing Permit No. 123-45 (Peru) issued 2019",
                id(
                    "Fishing Permit No.",
                    "123-45",
                    Some("Peru"),
                    Some("issued 2019"),
                ),
            ),
        ];
        for (input, expected) in cases {
            let e = parse(input);
            assert_eq!(e.identifiers, vec![expected], "{input}");
            assert!(e.facts.is_empty(), "{input}: {:?}", e.facts);
        }
    }

    #[test]
    fn names_in_remarks_are_weak() {
        let e = parse_as(
            "a.k.a. 'ABU 'ALI'; a.k.a. 'LLC 'DSD''; f.k.a. 'KYONGYONG CREDIT BANK'; n.k.a. \"NEW NAME\"; \
             a.k.a. 'AL-WARD, 'Abd; x'.",
            Schema::Person,
        );
        let names: Vec<(&str, NameKind)> =
            e.names.iter().map(|n| (n.full.as_str(), n.kind)).collect();
        assert_eq!(
            names,
            vec![
                ("ABU 'ALI", NameKind::Weak),
                ("LLC 'DSD'", NameKind::Weak),
                ("KYONGYONG CREDIT BANK", NameKind::Weak),
                ("NEW NAME", NameKind::Weak),
                ("AL-WARD, 'Abd; x", NameKind::Weak),
            ]
        );
        // Persons' "FAMILY, Given" names are split.
        let last = e.names.last().unwrap();
        assert_eq!(last.family.as_deref(), Some("AL-WARD"));
        assert_eq!(last.given.as_deref(), Some("'Abd; x"));
        assert!(e.facts.is_empty(), "{:?}", e.facts);
    }

    #[test]
    fn a_weak_name_does_not_duplicate_a_strong_one() {
        let mut e = Entity::new("ofac:1", Schema::Organization);
        e.push_name(Name::new("KOMID", NameKind::Alias));
        apply_remarks("a.k.a. 'KOMID'; a.k.a. 'OTHER'.", &mut e);
        assert_eq!(e.names.len(), 2);
        assert_eq!(e.names[1].full, "OTHER");
    }

    #[test]
    fn linked_to_table() {
        let cases = [
            ("Linked To: LAZARUS GROUP.", "LAZARUS GROUP"),
            (
                "Linked To: INTERNET RESEARCH AGENCY LLC.",
                "INTERNET RESEARCH AGENCY LLC",
            ),
            (
                "Linked To: TRANSATLANTIC PARTNERS PTE. LTD.",
                "TRANSATLANTIC PARTNERS PTE. LTD.",
            ),
            (
                "Linked To: FUZHOU HONGLONG OCEAN FISHING CO., LTD.",
                "FUZHOU HONGLONG OCEAN FISHING CO., LTD.",
            ),
            (
                "Linked To: GRUPO CINJAB, S.A. DE C.V.",
                "GRUPO CINJAB, S.A. DE C.V.",
            ),
            ("Linked To: KIM, Jong Un.", "KIM, Jong Un"),
            ("(Linked To: HAMAS)", "HAMAS"),
            (
                "(Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.)",
                "HUAWEI INVESTMENT & HOLDING CO., LTD.",
            ),
        ];
        for (input, target) in cases {
            let e = parse(input);
            assert_eq!(
                e.relations,
                vec![Relation {
                    kind: "linked_to".into(),
                    target_name: target.into(),
                    evidence: input.into(),
                    target_id: None,
                }],
                "{input}"
            );
        }
        // Several in one text, in the middle and at the end.
        let e = parse(
            "Linked To: AVICAL S.A.; Linked To: MILENYUM ENERGY S.A.; Linked To: OCEAN MARITIME MANAGEMENT.",
        );
        let targets: Vec<&str> = e.relations.iter().map(|r| r.target_name.as_str()).collect();
        assert_eq!(
            targets,
            vec![
                "AVICAL S.A.",
                "MILENYUM ENERGY S.A.",
                "OCEAN MARITIME MANAGEMENT"
            ]
        );
        assert_eq!(e.relations[0].evidence, "Linked To: AVICAL S.A.");
    }

    #[test]
    fn facts_table() {
        let cases = [
            (
                "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
                fact(
                    "secondary_sanctions_risk",
                    "North Korea Sanctions Regulations, sections 510.201 and 510.210",
                ),
            ),
            (
                "Additional Sanctions Information - Subject to Secondary Sanctions",
                fact(
                    "additional_sanctions_information",
                    "Subject to Secondary Sanctions",
                ),
            ),
            (
                "Organization Established Date 1969.",
                fact("organization_established_date", "1969"),
            ),
            (
                "Organization Type: Passenger air transport",
                fact("organization_type", "Passenger air transport"),
            ),
            (
                "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
                fact("listing_date", "(EO 14024 Directive 2): 24 Feb 2022"),
            ),
            (
                "Target Type Financial Institution",
                fact("target_type", "Financial Institution"),
            ),
            ("Aircraft Model IL76-TD", fact("aircraft_model", "IL76-TD")),
            (
                "Former Vessel Flag Tanzania",
                fact("former_vessel_flag", "Tanzania"),
            ),
            (
                "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea \
                 Sanctions Regulations section 510.214",
                fact(
                    "transactions_prohibited",
                    "North Korea Sanctions Regulations section 510.214",
                ),
            ),
            (
                "Executive Order 13662 Directive Determination - Subject to Directive 1",
                fact(
                    "executive_order_13662_directive_determination",
                    "Subject to Directive 1",
                ),
            ),
            (
                "CAATSA Section 235 Information: EXPORT SANCTIONS Sec. 235(a)(2)",
                fact(
                    "caatsa_section_235_information",
                    "EXPORT SANCTIONS Sec. 235(a)(2)",
                ),
            ),
            (
                "For more information on directives, please visit the following link: \
                 http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives.",
                fact(
                    "more_information",
                    "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives",
                ),
            ),
            (
                "Position: Director, General Intelligence Directorate",
                fact("position", "Director, General Intelligence Directorate"),
            ),
            (
                "Chairman of the Workers' Party of Korea.",
                fact("remark", "Chairman of the Workers' Party of Korea"),
            ),
            ("HAMAS - Hebron", fact("remark", "HAMAS - Hebron")),
        ];
        for (input, expected) in cases {
            let e = parse(input);
            assert_eq!(e.facts, vec![expected], "{input}");
            assert!(e.identifiers.is_empty() && e.names.is_empty(), "{input}");
        }
    }

    #[test]
    fn flags_and_registration_countries() {
        let e = parse(
            "Other Vessel Flag Tanzania; Former Vessel Flag Malta; Nationality of Registration Korea, North.",
        );
        assert_eq!(e.countries, vec!["Tanzania", "Korea, North"]);
        assert_eq!(
            e.facts,
            vec![
                fact("other_vessel_flag", "Tanzania"),
                fact("former_vessel_flag", "Malta"),
                fact("nationality_of_registration", "Korea, North")
            ]
        );
        assert!(e.nationalities.is_empty());
    }

    #[test]
    fn plain_listing_date_fills_listed_on() {
        let mut e = Entity::new("ofac:1", Schema::Organization);
        e.lists.push(ListMembership {
            source: Source::Ofac,
            list: "OFAC SDN".into(),
            programs: vec![],
            listed_on: None,
            file: "ofac/sdn.csv".into(),
        });
        apply_remarks(
            "Listing Date (CMIC) 03 Jun 2021; Listing Date 24 Feb 2022.",
            &mut e,
        );
        assert_eq!(e.lists[0].listed_on.as_deref(), Some("2022-02-24"));
        assert_eq!(e.facts.len(), 2);
    }

    #[test]
    fn whole_text_is_kept_and_empty_is_ignored() {
        let e = parse("  a.k.a. 'BNC'.  ");
        assert_eq!(e.remarks, vec!["a.k.a. 'BNC'."]);
        assert_eq!(e.names[0].full, "BNC");
        for empty in ["", "  ", "-0- ", "-0-"] {
            let e = parse(empty);
            assert!(e.remarks.is_empty() && e.facts.is_empty(), "{empty:?}");
        }
    }

    #[test]
    fn real_kim_jong_un_remarks() {
        let e = parse_as(
            "DOB 08 Jan 1984; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and \
             510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North \
             Korea Sanctions Regulations section 510.214; Chairman of the Workers' Party of Korea.",
            Schema::Person,
        );
        assert_eq!(
            e.birth_dates,
            vec![bd("08 Jan 1984", "1984-01-08", "1984-01-08", "exact")]
        );
        let keys: Vec<&str> = e.facts.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "secondary_sanctions_risk",
                "transactions_prohibited",
                "remark"
            ]
        );
    }

    #[test]
    fn split_clauses_keeps_quoted_names_whole() {
        assert_eq!(
            split_clauses("a.k.a. 'A; B'; a.k.a. 'C'; DOB 1962."),
            vec!["a.k.a. 'A; B'", "a.k.a. 'C'", "DOB 1962."]
        );
        assert_eq!(split_clauses("x \"a; b\" y; z"), vec!["x \"a; b\" y", "z"]);
        // A lone double quote does not swallow the rest.
        assert_eq!(split_clauses("x \" y; z"), vec!["x \" y", "z"]);
        assert_eq!(split_clauses(";; a ;"), vec!["a"]);
        // A cut-off name (no closing quote) ends at the next semicolon.
        assert_eq!(
            split_clauses("a.k.a. 'WHOIS HACKIN; DOB 1962"),
            vec!["a.k.a. 'WHOIS HACKIN", "DOB 1962"]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "é; ü; a.k.a. 'é",
            "a.k.a. '",
            "a.k.a. \"",
            "a.k.a.",
            "Linked To:",
            "(Linked To: )",
            "DOB",
            "DOB é to ü",
            "Passport",
            "Passport (",
            "Passport )",
            "Passport é (ü)",
            "Digital Currency Address -",
            "Digital Currency Address - XBT",
            "; ; ;",
            "'\"';\"'",
            "日本語; 김정은; a.k.a. '金正恩'.",
            "Website:",
            "Email",
            "No. 5",
            "issued expires",
            "x issued ",
            "DOB 1979-",
            "DOB -1982",
            "DOB circa",
            "DOB 08 Jan 1984 to",
            ": value",
            "Label:",
        ];
        for input in inputs {
            let mut e = Entity::new("x", Schema::Person);
            apply_remarks(input, &mut e);
        }
    }

    #[test]
    fn never_panics_on_generated_input() {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&"[a-zA-Z0-9 .,;:'\"()#\\-éü金]{0,80}", |s| {
                let mut e = Entity::new("x", Schema::Person);
                apply_remarks(&s, &mut e);
                let prefixed = format!("a.k.a. '{s}; DOB {s}; Passport {s}; Linked To: {s}");
                apply_remarks(&prefixed, &mut e);
                Ok(())
            })
            .unwrap();
    }
}
