//! The curated South Korean unilateral designations (`lists/kr/designations.csv`).
//!
//! South Korea publishes no machine-readable sanctions file, so the list is kept
//! by hand from Ministry of Foreign Affairs announcements as reported (see
//! `lists/kr/README.md` for the columns, the id scheme and the known gaps).
//!
//! One CSV row is one designated person, organisation or vessel. Columns are
//! looked up by header name; `id`, `type` and `hangul` are required, the others
//! are optional. A row that cannot be used (invalid UTF-8, empty or repeated id,
//! unknown type, no name at all, wrong number of fields) is skipped and recorded
//! in the [`ParseReport`]; only a file whose header is unusable is an error.
//!
//! Multi-valued fields are `|`-separated. Each alternative Hangul spelling and
//! each romanization carries a trailing source tag in brackets
//! (`Pak Hung-ryong [EN]`), which becomes [`Name::origin`].

use super::dates;
use super::{ListError, ParseReport, Position};
use crate::model::{Entity, Fact, ListMembership, Name, NameKind, Relation, Schema, Source};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// The [`ListMembership::list`] of every entity of this file.
pub const LIST_NAME: &str = "KR Unilateral";

/// Two-syllable Korean surnames, split off only from four-syllable names.
const COMPOUND_SURNAMES: [&str; 8] = [
    "남궁", "황보", "제갈", "선우", "독고", "동방", "사공", "서문",
];

/// Where the header is: errors in it are at this position.
const HEADER_LINE: Position = Position::line(1);

/// Column positions, found by header name.
struct Columns {
    width: usize,
    id: usize,
    kind: usize,
    hangul: usize,
    alt_hangul: Option<usize>,
    romanizations: Option<usize>,
    round: Option<usize>,
    designated_on: Option<usize>,
    effective_on: Option<usize>,
    legal_basis: Option<usize>,
    affiliation: Option<usize>,
    country: Option<usize>,
    nationality: Option<usize>,
    notes: Option<usize>,
    source_urls: Option<usize>,
}

const KNOWN_COLUMNS: [&str; 14] = [
    "id",
    "type",
    "hangul",
    "alt_hangul",
    "romanizations",
    "round",
    "designated_on",
    "effective_on",
    "legal_basis",
    "affiliation",
    "country",
    "nationality",
    "notes",
    "source_urls",
];

impl Columns {
    fn from_headers(
        headers: &csv::StringRecord,
        path: &Path,
        report: &mut ParseReport,
    ) -> Result<Columns, ListError> {
        let mut map: HashMap<String, usize> = HashMap::new();
        for (i, raw) in headers.iter().enumerate() {
            let name = raw
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            if map.contains_key(&name) {
                return Err(malformed(
                    path,
                    HEADER_LINE,
                    format!("column `{name}` appears twice"),
                ));
            }
            if !KNOWN_COLUMNS.contains(&name.as_str()) {
                report
                    .notes
                    .push(format!("unknown column `{name}` ignored"));
            }
            map.insert(name, i);
        }
        let required = |name: &str| {
            map.get(name).copied().ok_or_else(|| {
                malformed(
                    path,
                    HEADER_LINE,
                    format!("missing required column `{name}`"),
                )
            })
        };
        Ok(Columns {
            width: headers.len(),
            id: required("id")?,
            kind: required("type")?,
            hangul: required("hangul")?,
            alt_hangul: map.get("alt_hangul").copied(),
            romanizations: map.get("romanizations").copied(),
            round: map.get("round").copied(),
            designated_on: map.get("designated_on").copied(),
            effective_on: map.get("effective_on").copied(),
            legal_basis: map.get("legal_basis").copied(),
            affiliation: map.get("affiliation").copied(),
            country: map.get("country").copied(),
            nationality: map.get("nationality").copied(),
            notes: map.get("notes").copied(),
            source_urls: map.get("source_urls").copied(),
        })
    }
}

fn malformed(path: &Path, position: Position, message: String) -> ListError {
    ListError::Malformed {
        file: path.to_path_buf(),
        position,
        message,
    }
}

fn csv_error(path: &Path, position: Position, err: csv::Error) -> ListError {
    match err.into_kind() {
        csv::ErrorKind::Io(source) => ListError::Io {
            file: path.to_path_buf(),
            source,
        },
        csv::ErrorKind::Utf8 { err, .. } => {
            malformed(path, position, format!("not valid UTF-8: {err}"))
        }
        other => malformed(path, position, format!("{other:?}")),
    }
}

/// Reads `lists/kr/designations.csv` (or any file in its format).
pub fn parse(
    path: &Path,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let file = File::open(path).map_err(|source| ListError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    parse_reader(BufReader::new(file), path, file_label, report)
}

/// Parses the curated CSV from any reader. `path` is only used in errors. Never
/// panics, whatever the bytes.
pub fn parse_reader<R: Read>(
    reader: R,
    path: &Path,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let headers = rdr
        .headers()
        .map_err(|e| csv_error(path, HEADER_LINE, e))?
        .clone();
    let cols = Columns::from_headers(&headers, path, report)?;

    let mut entities = Vec::new();
    let mut seen: HashMap<String, Position> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut ordinal = 0usize;
    loop {
        let next_line = rdr.position().line();
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => ordinal += 1,
            Err(err) => {
                ordinal += 1;
                let position = match err.kind() {
                    csv::ErrorKind::Utf8 { pos, .. }
                    | csv::ErrorKind::UnequalLengths { pos, .. } => pos
                        .as_ref()
                        .map_or(Position::line(next_line), Position::from),
                    _ => return Err(csv_error(path, Position::line(next_line), err)),
                };
                let reason = match err.kind() {
                    csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                    _ => err.to_string(),
                };
                report.skip(format!("row {ordinal}"), position, reason);
                continue;
            }
        }
        let position = record
            .position()
            .map_or(Position::line(next_line), Position::from);
        let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        let opt = |i: Option<usize>| i.map(field).unwrap_or("");

        let id = field(cols.id);
        let label = if id.is_empty() {
            format!("row {ordinal}")
        } else {
            id.to_string()
        };
        if record.len() != cols.width {
            report.skip(
                label,
                position,
                format!(
                    "{} fields where the header has {} (unquoted comma?)",
                    record.len(),
                    cols.width
                ),
            );
            continue;
        }
        if id.is_empty() {
            report.skip(label, position, "empty id");
            continue;
        }
        if let Some(first) = seen.get(id) {
            report.skip(label, position, format!("duplicate id (first at {first})"));
            continue;
        }
        let Some(schema) = parse_type(field(cols.kind)) else {
            report.skip(
                label,
                position,
                format!(
                    "unknown type `{}` (expected individual, entity or vessel)",
                    field(cols.kind)
                ),
            );
            continue;
        };
        let hangul = field(cols.hangul);
        let romanizations: Vec<&str> = split_list(opt(cols.romanizations)).collect();
        if hangul.is_empty() && romanizations.is_empty() {
            report.skip(label, position, "neither hangul nor romanization");
            continue;
        }
        seen.insert(id.to_string(), position);

        let row = Row {
            id,
            schema,
            hangul,
            alt_hangul: opt(cols.alt_hangul),
            romanizations,
            round: opt(cols.round),
            designated_on: opt(cols.designated_on),
            effective_on: opt(cols.effective_on),
            legal_basis: opt(cols.legal_basis),
            affiliation: opt(cols.affiliation),
            country: opt(cols.country),
            nationality: opt(cols.nationality),
            notes: opt(cols.notes),
            source_urls: opt(cols.source_urls),
        };
        for (column, value) in [
            ("designated_on", row.designated_on),
            ("effective_on", row.effective_on),
        ] {
            if !value.is_empty() && dates::parse_iso(value).is_none() {
                report.notes.push(format!(
                    "{id} ({position}): {column} `{value}` is not YYYY[-MM[-DD]]"
                ));
            }
        }
        if !is_conventional_id(id) {
            report
                .notes
                .push(format!("{id} ({position}): id does not follow YYYYMMDD-NN"));
        }
        entities.push(build_entity(&row, file_label));
        report.records += 1;
    }

    let count = |s: Schema| entities.iter().filter(|e| e.schema == s).count();
    report.notes.push(format!(
        "{} individuals, {} entities, {} vessels",
        count(Schema::Person),
        count(Schema::Organization),
        count(Schema::Vessel)
    ));
    Ok(entities)
}

/// One usable row, fields trimmed.
struct Row<'a> {
    id: &'a str,
    schema: Schema,
    hangul: &'a str,
    alt_hangul: &'a str,
    romanizations: Vec<&'a str>,
    round: &'a str,
    designated_on: &'a str,
    effective_on: &'a str,
    legal_basis: &'a str,
    affiliation: &'a str,
    country: &'a str,
    nationality: &'a str,
    notes: &'a str,
    source_urls: &'a str,
}

fn build_entity(row: &Row<'_>, file_label: &str) -> Entity {
    let person = row.schema == Schema::Person;
    let mut entity = Entity::new(format!("kr:{}", row.id), row.schema);

    // The Hangul name is primary; split into family/given for Korean names.
    let korean_parts = if person {
        korean_name_parts(row.hangul)
    } else {
        None
    };
    let family_first = korean_parts.is_some();
    if !row.hangul.is_empty() {
        let (family, given) = korean_parts.unzip();
        entity.push_name(Name::new(row.hangul, NameKind::Primary).with_parts(family, given));
    }
    // Without Hangul the first romanization is the primary name.
    let mut romanizations = row.romanizations.iter();
    if row.hangul.is_empty()
        && let Some(first) = romanizations.next()
    {
        entity.push_name(romanized_name(
            first,
            NameKind::Primary,
            person,
            family_first,
        ));
    }
    for alt in split_list(row.alt_hangul) {
        let (text, tag) = split_tag(alt);
        let parts = if person {
            korean_name_parts(text)
        } else {
            None
        };
        let (family, given) = parts.unzip();
        let mut name = Name::new(text, NameKind::Alias).with_parts(family, given);
        name.origin = tag.map(str::to_string);
        entity.push_name(name);
    }
    for rom in romanizations {
        entity.push_name(romanized_name(rom, NameKind::Alias, person, family_first));
    }

    entity.lists.push(ListMembership {
        source: Source::Kr,
        list: LIST_NAME.to_string(),
        programs: if row.round.is_empty() {
            Vec::new()
        } else {
            vec![row.round.to_string()]
        },
        listed_on: non_empty(row.designated_on),
        file: file_label.to_string(),
    });
    for (key, value) in [
        ("round", row.round),
        ("effective_on", row.effective_on),
        ("legal_basis", row.legal_basis),
        ("affiliation", row.affiliation),
        ("notes", row.notes),
    ] {
        if !value.is_empty() {
            entity.facts.push(Fact {
                key: key.to_string(),
                value: value.to_string(),
            });
        }
    }
    entity
        .relations
        .extend(affiliation_relations(row.affiliation, person));
    entity.countries = split_list(row.country).map(str::to_string).collect();
    if person {
        entity.nationalities = split_list(row.nationality).map(str::to_string).collect();
    }
    entity.source_urls = split_list(row.source_urls).map(str::to_string).collect();
    entity.seal();
    entity
}

/// A romanization `Text [TAG]` as a name. For persons, `FAMILY, Given` is split
/// at the comma, and when the Hangul name is Korean (family name first) the
/// first token is the family name. Other Latin names are not split: their
/// order is not known.
fn romanized_name(raw: &str, kind: NameKind, person: bool, family_first: bool) -> Name {
    let (text, tag) = split_tag(raw);
    let mut name = Name::new(text, kind);
    if person && let Some((family, given)) = latin_name_parts(text, family_first) {
        name = name.with_parts(Some(family), Some(given));
    }
    name.origin = tag.map(str::to_string);
    name
}

fn parse_type(s: &str) -> Option<Schema> {
    match s.trim().to_ascii_lowercase().as_str() {
        "individual" => Some(Schema::Person),
        "entity" => Some(Schema::Organization),
        "vessel" => Some(Schema::Vessel),
        _ => None,
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|p| !p.is_empty())
}

/// `Pak Hung-ryong [EN]` -> (`Pak Hung-ryong`, Some(`EN`)); untagged text is
/// returned whole.
fn split_tag(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    if let Some(inner) = s.strip_suffix(']')
        && let Some(open) = inner.rfind('[')
    {
        let text = inner[..open].trim();
        let tag = inner[open + 1..].trim();
        if !text.is_empty() && !tag.is_empty() {
            return (text, Some(tag));
        }
    }
    (s, None)
}

/// Family and given name of a 2-4 syllable Hangul name written without spaces:
/// the first syllable, or the first two for a compound surname in a
/// four-syllable name. Foreign names in Hangul (with spaces) are not split.
fn korean_name_parts(name: &str) -> Option<(String, String)> {
    let syllables: Vec<char> = name.chars().collect();
    if !(2..=4).contains(&syllables.len())
        || !syllables
            .iter()
            .all(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
    {
        return None;
    }
    let first_two: String = syllables[..2].iter().collect();
    let family_len = if syllables.len() == 4 && COMPOUND_SURNAMES.contains(&first_two.as_str()) {
        2
    } else {
        1
    };
    Some((
        syllables[..family_len].iter().collect(),
        syllables[family_len..].iter().collect(),
    ))
}

fn latin_name_parts(name: &str, family_first: bool) -> Option<(String, String)> {
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        return (!family.is_empty() && !given.is_empty())
            .then(|| (family.to_string(), given.to_string()));
    }
    if !family_first {
        return None;
    }
    let mut tokens = name.split_whitespace();
    let family = tokens.next()?;
    let given: Vec<&str> = tokens.collect();
    (!given.is_empty()).then(|| (family.to_string(), given.join(" ")))
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// `YYYYMMDD-NN`.
fn is_conventional_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 11
        && b[8] == b'-'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..].iter().all(u8::is_ascii_digit)
}

/// The relations an `affiliation` cell states. The cell names one body or
/// several, separated by `;` (`DPRK embassy in China; 제2자연과학원`) or by a
/// comma after a parenthesised translation (`General Bureau 313 (313총국),
/// Munitions Industry Department (군수공업부) of the WPK`); `, linked to X`
/// adds X as an association; `(spouse)` marks a family tie. A person is a
/// `member_of` the body, an organisation or vessel `subordinate_to` it. The
/// names stay text here; the network build resolves them.
pub fn affiliation_relations(cell: &str, person: bool) -> Vec<Relation> {
    let cell = cell.trim();
    let mut out = Vec::new();
    if cell.is_empty() {
        return out;
    }
    let mut push = |kind: &str, target: &str| {
        let target = target.trim().trim_end_matches([',', '.', ' ']);
        if target.is_empty() || out.iter().any(|r: &Relation| r.target_name == target) {
            return;
        }
        out.push(Relation {
            kind: kind.to_string(),
            target_name: target.to_string(),
            evidence: cell.to_string(),
            target_id: None,
        });
    };
    let own = if person {
        "member_of"
    } else {
        "subordinate_to"
    };
    for part in cell.split(';') {
        let (part, linked) = match part.find(", linked to ") {
            Some(at) => (&part[..at], Some(&part[at + ", linked to ".len()..])),
            None => (part, None),
        };
        for piece in part.split("),") {
            let piece = piece.trim();
            // `split` ate the closing parenthesis of every piece but the last.
            let piece = if piece.contains('(') && !piece.contains(')') {
                format!("{piece})")
            } else {
                piece.to_string()
            };
            if let Some(name) = piece.strip_suffix("(spouse)") {
                push("associated_with", name);
            } else {
                push(own, &piece);
            }
        }
        if let Some(linked) = linked {
            push("associated_with", linked);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of the shipped list in every shape the parser meets (long cells
    /// shortened): tagged romanizations, alternative Hangul, no Hangul, a
    /// foreign name in Hangul, `FAMILY, Given`, Chinese characters, a vessel.
    const SAMPLE: &str = "\
id,type,hangul,alt_hangul,romanizations,round,designated_on,effective_on,legal_basis,affiliation,country,nationality,notes,source_urls
20150626-01,individual,,,\"TSAI, Hsein Tai [FACTS-Latin]\",2015-06-26 first non-UN designations,2015-06-26,,,,,Taiwan,,https://naewaynews.com/32243
20161202-08,individual,마샤오훙,馬曉紅 [FACTS],Ma Xiaohong [FACTS-Latin],2016-12-02,2016-12-02,,,단둥훙샹실업발전공사 (Dandong Hongxiang),China,China,Of Dandong Hongxiang,http://sgt.co.kr/content/html/2016/12/02/20161202002750.html
20230210-06,entity,,,Lazarus Group [FACTS-Latin],2023-02-10 R3 first cyber round,2023-02-10,,외국환거래법,,,,,https://news.kbs.co.kr/
20230523-01,entity,진영정보기술협조회사,진영정보기술개발협조회사 [FACTS],Chinyong Information Technology Cooperation Company [US]|Jinyong IT Cooperation Company [EN],2023-05-23 R7 IT workers,2023-05-23,,외국환거래법,Ministry of National Defence,,,,https://www.segye.com/
20231227-01,individual,리창호,이창호 [JTBC],,2023-12-27 R14,2023-12-27,,외국환거래법,Reconnaissance General Bureau,,North Korea,,https://mbiz.heraldcorp.com/
20240627-14,vessel,,,PATRIOT [FACTS-Latin],2024-06-27 after the DPRK-Russia treaty,2024-06-27,2024-07-01,외국환거래법,,Russia,,Russian vessel,https://m.ajunews.com/
20241217-05,individual,라파엘 아나톨리예비치 가자랸,,Rafael Anatolyevich Gazaryan [FACTS-Latin],2024-12-17 Russia-DPRK military cooperation,2024-12-17,2024-12-19,외국환거래법,라포트,,Russia,,https://dcnewsj.joins.com/
20241226-01,individual,박흥룡,,Pak Hung-ryong [EN]|Park Heung Ryong [RR],2024-12-26 IT workers,2024-12-26,2024-12-30,외국환거래법,\"General Bureau 313 (313총국), Munitions Industry Department (군수공업부) of the WPK\",,North Korea,,https://eiec.kdi.re.kr/
";

    fn sample() -> Vec<Entity> {
        let (result, report) = parse_str(SAMPLE.as_bytes());
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        result.expect("the sample parses")
    }

    fn parse_str(bytes: &[u8]) -> (Result<Vec<Entity>, ListError>, ParseReport) {
        let mut report = ParseReport::new("test.csv");
        let result = parse_reader(bytes, Path::new("test.csv"), "test.csv", &mut report);
        (result, report)
    }

    fn by_caption<'a>(entities: &'a [Entity], caption: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.caption() == caption)
            .unwrap_or_else(|| panic!("{caption} not found"))
    }

    fn name<'a>(entity: &'a Entity, full: &str) -> &'a Name {
        entity
            .names
            .iter()
            .find(|n| n.full == full)
            .unwrap_or_else(|| panic!("{} has no name {full}", entity.id))
    }

    #[test]
    fn odd_dates_and_ids_are_noted_not_skipped() {
        let (_, report) = parse_str(SAMPLE.as_bytes());
        assert_eq!(report.notes, ["5 individuals, 2 entities, 1 vessels"]);
        let input = format!(
            "{HEADER}20240101-01,individual,김철,,,r,2024-02-30\n\
             2024-1,individual,김철,,,r,2024-02\n"
        );
        let (result, report) = parse_str(input.as_bytes());
        assert_eq!(result.expect("intact file").len(), 2);
        assert_eq!(
            report.notes,
            [
                "20240101-01 (line 2): designated_on `2024-02-30` is not YYYY[-MM[-DD]]",
                "2024-1 (line 3): id does not follow YYYYMMDD-NN",
                "2 individuals, 0 entities, 0 vessels",
            ]
        );
    }

    #[test]
    fn pak_hung_ryong_has_both_tagged_romanizations() {
        let entities = sample();
        let e = by_caption(&entities, "박흥룡");
        assert_eq!(e.id, "kr:20241226-01");
        assert_eq!(e.schema, Schema::Person);
        let primary = name(e, "박흥룡");
        assert_eq!(primary.kind, NameKind::Primary);
        assert_eq!(primary.script, "hangul");
        assert_eq!(primary.family.as_deref(), Some("박"));
        assert_eq!(primary.given.as_deref(), Some("흥룡"));
        let en = name(e, "Pak Hung-ryong");
        assert_eq!(
            (en.kind, en.origin.as_deref()),
            (NameKind::Alias, Some("EN"))
        );
        assert_eq!(en.family.as_deref(), Some("Pak"));
        assert_eq!(en.given.as_deref(), Some("Hung-ryong"));
        let rr = name(e, "Park Heung Ryong");
        assert_eq!(
            (rr.kind, rr.origin.as_deref()),
            (NameKind::Alias, Some("RR"))
        );
        assert_eq!(rr.given.as_deref(), Some("Heung Ryong"));
        assert_eq!(e.nationalities, vec!["North Korea"]);
        assert_eq!(e.lists[0].programs, vec!["2024-12-26 IT workers"]);
        assert_eq!(e.lists[0].listed_on.as_deref(), Some("2024-12-26"));
        assert!(
            e.facts
                .iter()
                .any(|f| f.key == "effective_on" && f.value == "2024-12-30")
        );
        // Member of the bureau and of the department it belongs to.
        assert_eq!(e.relations.len(), 2);
        assert!(e.relations[0].target_name.contains("313총국"));
        assert!(e.relations[1].target_name.contains("군수공업부"));
        assert!(e.relations.iter().all(|r| r.kind == "member_of"));
    }

    #[test]
    fn chinyong_has_its_us_romanization_and_alt_hangul() {
        let entities = sample();
        let e = by_caption(&entities, "진영정보기술협조회사");
        assert_eq!(e.schema, Schema::Organization);
        let us = name(e, "Chinyong Information Technology Cooperation Company");
        assert_eq!(
            (us.kind, us.origin.as_deref()),
            (NameKind::Alias, Some("US"))
        );
        assert_eq!(us.family, None, "organisations get no name parts");
        let alt = name(e, "진영정보기술개발협조회사");
        assert_eq!(alt.kind, NameKind::Alias);
        assert_eq!(alt.script, "hangul");
    }

    #[test]
    fn names_of_other_shapes() {
        let entities = sample();
        // No Hangul: the first romanization is primary.
        let lazarus = by_caption(&entities, "Lazarus Group");
        assert_eq!(lazarus.names[0].kind, NameKind::Primary);
        assert_eq!(lazarus.names[0].origin.as_deref(), Some("FACTS-Latin"));
        // A foreign name in Hangul is not split; nor is its Latin form.
        let gazaryan = by_caption(&entities, "라파엘 아나톨리예비치 가자랸");
        assert!(gazaryan.names.iter().all(|n| n.family.is_none()));
        assert_eq!(gazaryan.nationalities, vec!["Russia"]);
        // `FAMILY, Given` is split at the comma.
        let tsai = by_caption(&entities, "TSAI, Hsein Tai");
        assert_eq!(tsai.names[0].family.as_deref(), Some("TSAI"));
        assert_eq!(tsai.names[0].given.as_deref(), Some("Hsein Tai"));
        // Alternative Hangul spellings keep their tags and are split too.
        let ri = by_caption(&entities, "리창호");
        let jtbc = name(ri, "이창호");
        assert_eq!(
            (jtbc.kind, jtbc.origin.as_deref()),
            (NameKind::Alias, Some("JTBC"))
        );
        assert_eq!(jtbc.family.as_deref(), Some("이"));
        let ma = by_caption(&entities, "마샤오훙");
        assert_eq!(name(ma, "馬曉紅").script, "han");
        let patriot = by_caption(&entities, "PATRIOT");
        assert_eq!(patriot.schema, Schema::Vessel);
        assert_eq!(patriot.countries, vec!["Russia"]);
    }

    #[test]
    fn compound_surnames_split_only_in_four_syllable_names() {
        assert_eq!(
            korean_name_parts("남궁민수"),
            Some(("남궁".into(), "민수".into()))
        );
        assert_eq!(
            korean_name_parts("남궁민"),
            Some(("남".into(), "궁민".into()))
        );
        assert_eq!(korean_name_parts("김철"), Some(("김".into(), "철".into())));
        assert_eq!(korean_name_parts("김"), None);
        assert_eq!(korean_name_parts("알렉세이 부드네프"), None);
        assert_eq!(korean_name_parts("Kim"), None);
        assert_eq!(split_tag("Kim [US]"), ("Kim", Some("US")));
        assert_eq!(split_tag("Kim"), ("Kim", None));
        assert_eq!(split_tag("[US]"), ("[US]", None));
    }

    const HEADER: &str = "id,type,hangul,alt_hangul,romanizations,round,designated_on\n";

    #[test]
    fn missing_required_column_is_malformed() {
        for (input, column) in [
            ("type,hangul\nindividual,김철\n", "id"),
            ("id,hangul\n1,김철\n", "type"),
            ("id,type,romanizations\n1,individual,Kim [EN]\n", "hangul"),
            ("", "id"),
        ] {
            let (result, _) = parse_str(input.as_bytes());
            match result {
                Err(ListError::Malformed {
                    position, message, ..
                }) => {
                    assert_eq!(position, Position::line(1));
                    assert!(message.contains(&format!("`{column}`")), "{message}");
                }
                other => panic!("expected Malformed for {input:?}, got {other:?}"),
            }
        }
        let (result, _) = parse_str(b"id,type,\xff\n");
        assert!(matches!(result, Err(ListError::Malformed { .. })));
    }

    #[test]
    fn bad_rows_are_skipped_and_counted() {
        let mut input = HEADER.as_bytes().to_vec();
        input.extend_from_slice(
            "20240101-01,individual,김철,,Kim Chol [EN],r,2024-01-01\n".as_bytes(),
        );
        input.extend_from_slice("20240101-02,spaceship,김철,,,r,2024-01-01\n".as_bytes());
        input.extend_from_slice(b"20240101-03,individual,\xed\xa0\x80\xff,,,r,2024-01-01\n");
        input.extend_from_slice("20240101-01,entity,중복,,,r,2024-01-01\n".as_bytes());
        input.extend_from_slice(",entity,무명,,,r,2024-01-01\n".as_bytes());
        input.extend_from_slice("20240101-04,entity,,,,r,2024-01-01\n".as_bytes());
        input.extend_from_slice("20240101-05,entity,a,b,c\n".as_bytes());
        input.extend_from_slice(
            "20240101-06,vessel,,,BELLA [FACTS-Latin],r,2024-01-01\n".as_bytes(),
        );
        let (result, report) = parse_str(&input);
        let entities = result.expect("intact file");
        let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["kr:20240101-01", "kr:20240101-06"]);
        assert_eq!(report.records, 2);
        let skipped: Vec<(&str, Option<u64>)> = report
            .skipped
            .iter()
            .map(|s| (s.record.as_str(), s.position.line))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("20240101-02", Some(3)),
                ("row 3", Some(4)),
                ("20240101-01", Some(5)),
                ("row 5", Some(6)),
                ("20240101-04", Some(7)),
                ("20240101-05", Some(8)),
            ]
        );
        assert!(report.skipped[0].reason.contains("unknown type"));
        assert!(report.skipped[1].reason.contains("UTF-8"));
        assert!(
            report.skipped[2]
                .reason
                .contains("duplicate id (first at line 2)")
        );
        assert!(report.skipped[3].reason.contains("empty id"));
        assert!(
            report.skipped[4]
                .reason
                .contains("neither hangul nor romanization")
        );
        assert!(report.skipped[5].reason.contains("fields"));
        let kim = &entities[0];
        assert_eq!(kim.names[1].full, "Kim Chol");
        assert_eq!(kim.names[1].family.as_deref(), Some("Kim"));
    }

    #[test]
    fn quoted_fields_bom_and_crlf() {
        let input = "\u{feff}ID,Type,Hangul,Romanizations,Affiliation\r\n\
                     20240101-01,Individual,김철,\"KIM, Chol [US]|Kim Chol [EN]\",\"A, B\"\r\n";
        let (result, report) = parse_str(input.as_bytes());
        let entities = result.unwrap();
        assert!(report.skipped.is_empty());
        let e = &entities[0];
        assert_eq!(name(e, "KIM, Chol").family.as_deref(), Some("KIM"));
        assert_eq!(e.relations[0].target_name, "A, B");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = parse_str(&bytes);
            let mut with_header = HEADER.as_bytes().to_vec();
            with_header.extend_from_slice(&bytes);
            let _ = parse_str(&with_header);
        }
    }

    fn targets(cell: &str, person: bool) -> Vec<(String, String)> {
        super::affiliation_relations(cell, person)
            .into_iter()
            .map(|r| (r.kind, r.target_name))
            .collect()
    }

    #[test]
    fn affiliation_cells_become_typed_relations() {
        let pair = |k: &str, t: &str| (k.to_string(), t.to_string());
        assert_eq!(
            targets(
                "General Bureau 313 (313총국), Munitions Industry Department (군수공업부) of the WPK",
                true
            ),
            vec![
                pair("member_of", "General Bureau 313 (313총국)"),
                pair(
                    "member_of",
                    "Munitions Industry Department (군수공업부) of the WPK"
                ),
            ]
        );
        assert_eq!(
            targets("Munitions Industry Department", false),
            vec![pair("subordinate_to", "Munitions Industry Department")]
        );
        assert_eq!(
            targets("DPRK embassy in China; 제2자연과학원", true),
            vec![
                pair("member_of", "DPRK embassy in China"),
                pair("member_of", "제2자연과학원"),
            ]
        );
        assert_eq!(
            targets(
                "조선민족보험총회사 (Korea National Insurance Corporation), linked to Office 39",
                true
            ),
            vec![
                pair(
                    "member_of",
                    "조선민족보험총회사 (Korea National Insurance Corporation)"
                ),
                pair("associated_with", "Office 39"),
            ]
        );
        assert_eq!(
            targets("최철민 (spouse)", true),
            vec![pair("associated_with", "최철민")]
        );
        assert!(targets("  ", true).is_empty());
        // Every relation keeps the whole cell as its evidence.
        let r = super::affiliation_relations("Beijing New Technology; KOMID", true);
        assert!(
            r.iter()
                .all(|r| r.evidence == "Beijing New Technology; KOMID")
        );
    }
}
