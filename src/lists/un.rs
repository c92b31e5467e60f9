//! The UN Security Council Consolidated List (`UN_consolidated.xml`).
//!
//! The file is one `CONSOLIDATED_LIST` root holding `INDIVIDUALS/INDIVIDUAL` and
//! `ENTITIES/ENTITY` records. It is streamed with quick-xml: each record is
//! collected into a small two-level tree of fields (`FIRST_NAME`,
//! `INDIVIDUAL_ALIAS/ALIAS_NAME`, ...) and then turned into an [`Entity`] with id
//! `un:<REFERENCE_NUMBER>`.
//!
//! A file that is not well-formed XML, has another root element or ends inside
//! the root is [`ListError::Malformed`] with the byte position. A record without
//! a `REFERENCE_NUMBER` (or without any name, or repeating a reference number)
//! is skipped and recorded in the [`ParseReport`].
//!
//! Relations are kept raw: UN reference numbers cited in `COMMENTS1`
//! (`(QDe.004)`, `KPe.028`) become `references` relations with a target id, and
//! wording such as "associated with", "subordinate to", "owned or controlled by"
//! and "front company for" becomes a relation whose `target_name` is the rest of
//! the sentence. The network issue resolves them.

use super::dates::{self, Precision};
use super::entity::push_unique;
use super::{ListError, ParseReport, Position};
use crate::model::{
    Address, BirthDate, Entity, Fact, Identifier, ListMembership, Name, NameKind, Relation, Schema,
    Source,
};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// The list name used in [`ListMembership::list`].
pub const LIST_NAME: &str = "UN Consolidated";

const ROOT: &str = "CONSOLIDATED_LIST";

/// Longest `target_name` kept for a wording relation, in characters.
const MAX_TARGET_CHARS: usize = 120;

/// Parses the UN consolidated list at `path`.
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

/// Parses UN consolidated list XML from any buffered reader. `path` is only used
/// in errors. Never panics, whatever the input bytes.
pub fn parse_reader<R: BufRead>(
    reader: R,
    path: &Path,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let mut xml = Reader::from_reader(reader);
    let mut buf: Vec<u8> = Vec::new();
    // Names of the open elements, outermost first.
    let mut stack: Vec<String> = Vec::new();
    let mut seen_root = false;
    let mut root_closed = false;
    let mut record: Option<RawRecord> = None;
    let mut entities: Vec<Entity> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut ordinal = 0usize;
    let (mut persons, mut organizations) = (0usize, 0usize);

    loop {
        let before = xml.buffer_position();
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                return Err(ListError::Io {
                    file: path.to_path_buf(),
                    source: std::io::Error::new(e.kind(), e.to_string()),
                });
            }
            Err(e) => return Err(malformed(path, xml.error_position(), e.to_string())),
        };
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let name = start.name().as_ref().to_string();
                if stack.is_empty() {
                    if root_closed {
                        return Err(malformed(
                            path,
                            before,
                            format!("second root element <{name}> after </{ROOT}>"),
                        ));
                    }
                    if name != ROOT {
                        return Err(malformed(
                            path,
                            before,
                            format!("expected root element <{ROOT}>, found <{name}>"),
                        ));
                    }
                    seen_root = true;
                    if empty {
                        root_closed = true;
                    } else {
                        stack.push(name);
                    }
                } else {
                    if let Some(rec) = record.as_mut() {
                        rec.open(stack.len(), name.clone());
                    } else if name == "INDIVIDUAL" || name == "ENTITY" {
                        ordinal += 1;
                        let schema = if name == "INDIVIDUAL" {
                            Schema::Person
                        } else {
                            Schema::Organization
                        };
                        let rec = RawRecord {
                            element: name.clone(),
                            schema,
                            depth: stack.len() + 1,
                            position: before,
                            ordinal,
                            fields: Vec::new(),
                        };
                        if empty {
                            finish_record(
                                rec,
                                file_label,
                                report,
                                &mut ids,
                                &mut entities,
                                (&mut persons, &mut organizations),
                            );
                        } else {
                            record = Some(rec);
                        }
                    }
                    if !empty {
                        stack.push(name);
                    }
                }
            }
            Event::End(_) => {
                stack.pop();
                if stack.is_empty() {
                    root_closed = true;
                }
                if record.as_ref().is_some_and(|r| stack.len() < r.depth)
                    && let Some(rec) = record.take()
                {
                    finish_record(
                        rec,
                        file_label,
                        report,
                        &mut ids,
                        &mut entities,
                        (&mut persons, &mut organizations),
                    );
                }
            }
            Event::Text(ref text) => {
                let content = text.xml10_content();
                if stack.is_empty() {
                    if !is_blank(&content) {
                        return Err(malformed(path, before, outside_root_message(seen_root)));
                    }
                } else if let Some(rec) = record.as_mut() {
                    rec.text(stack.len(), &content);
                }
            }
            Event::CData(ref data) => {
                if stack.is_empty() {
                    return Err(malformed(path, before, outside_root_message(seen_root)));
                }
                let content = data.xml10_content();
                if let Some(rec) = record.as_mut() {
                    rec.text(stack.len(), &content);
                }
            }
            Event::GeneralRef(ref reference) => {
                if stack.is_empty() {
                    return Err(malformed(path, before, outside_root_message(seen_root)));
                }
                let resolved =
                    resolve_reference(reference).map_err(|m| malformed(path, before, m))?;
                if let Some(rec) = record.as_mut() {
                    rec.text(stack.len(), &resolved);
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => {
                let at = xml.buffer_position();
                if !seen_root {
                    return Err(malformed(path, at, format!("no <{ROOT}> root element")));
                }
                if let Some(open) = stack.last() {
                    return Err(malformed(
                        path,
                        at,
                        format!("unexpected end of file inside <{open}> (truncated file?)"),
                    ));
                }
                break;
            }
        }
        buf.clear();
    }

    report.records = entities.len();
    report
        .notes
        .push(format!("{persons} individuals, {organizations} entities"));
    let relations: usize = entities.iter().map(|e| e.relations.len()).sum();
    let references = entities
        .iter()
        .flat_map(|e| &e.relations)
        .filter(|r| r.kind == "references")
        .count();
    report.notes.push(format!(
        "{relations} raw relations from COMMENTS1 ({references} cite a UN reference number)"
    ));
    Ok(entities)
}

fn malformed(path: &Path, position: u64, message: impl Into<String>) -> ListError {
    ListError::Malformed {
        file: path.to_path_buf(),
        position: Position::byte(position),
        message: message.into(),
    }
}

fn outside_root_message(seen_root: bool) -> String {
    if seen_root {
        format!("content after the </{ROOT}> root element")
    } else {
        format!("content before the <{ROOT}> root element (not UN list XML?)")
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// Resolves `&name;` / `&#n;`: the five XML entities and character references.
fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => return Ok(c.to_string()),
        Ok(None) => {}
        Err(e) => return Err(format!("bad character reference &{};: {e}", &**reference)),
    }
    quick_xml::escape::resolve_predefined_entity(reference)
        .map(str::to_string)
        .ok_or_else(|| format!("undefined entity &{};", &**reference))
}

/// One element of a record: its text and (for groups such as
/// `INDIVIDUAL_ALIAS`) its child elements. Deeper levels are not kept.
#[derive(Debug, Default)]
struct Field {
    name: String,
    text: String,
    children: Vec<Field>,
}

impl Field {
    /// The cleaned text of the first child `name` with any text.
    fn child(&self, name: &str) -> Option<String> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .map(|c| clean(&c.text))
            .find(|t| !t.is_empty())
    }

    /// The cleaned, non-empty texts of every child `name`.
    fn child_values(&self, name: &str) -> Vec<String> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .map(|c| clean(&c.text))
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// A record being read: `INDIVIDUAL` or `ENTITY`.
#[derive(Debug)]
struct RawRecord {
    element: String,
    schema: Schema,
    /// Depth of the record element itself (root = 1).
    depth: usize,
    /// Byte offset of the record's start tag.
    position: u64,
    ordinal: usize,
    fields: Vec<Field>,
}

impl RawRecord {
    /// A start tag while `open` elements are open (record included).
    fn open(&mut self, open: usize, name: String) {
        let field = Field {
            name,
            ..Field::default()
        };
        match (open + 1).checked_sub(self.depth) {
            Some(1) => self.fields.push(field),
            Some(2) => {
                if let Some(parent) = self.fields.last_mut() {
                    parent.children.push(field);
                }
            }
            _ => {}
        }
    }

    /// Text while `open` elements are open (the innermost is the text's parent).
    fn text(&mut self, open: usize, text: &str) {
        let target = match open.checked_sub(self.depth) {
            Some(1) => self.fields.last_mut(),
            Some(2) => self.fields.last_mut().and_then(|f| f.children.last_mut()),
            _ => None,
        };
        if let Some(field) = target {
            field.text.push_str(text);
        }
    }

    /// The cleaned text of the first top-level field `name` with any text.
    fn value(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .filter(|f| f.name == name)
            .map(|f| clean(&f.text))
            .find(|t| !t.is_empty())
    }

    fn groups<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.name == name)
    }
}

fn finish_record(
    rec: RawRecord,
    file_label: &str,
    report: &mut ParseReport,
    ids: &mut HashSet<String>,
    entities: &mut Vec<Entity>,
    counts: (&mut usize, &mut usize),
) {
    let label = rec
        .value("DATAID")
        .map(|d| format!("DATAID {d}"))
        .unwrap_or_else(|| format!("{} #{}", rec.element, rec.ordinal));
    let position = Position::byte(rec.position);
    match build_entity(&rec, file_label) {
        Ok(entity) => {
            if !ids.insert(entity.id.clone()) {
                report.skip(
                    format!("{label} ({})", entity.id),
                    position,
                    "reference number already used by an earlier record",
                );
                return;
            }
            match entity.schema {
                Schema::Person => *counts.0 += 1,
                _ => *counts.1 += 1,
            }
            entities.push(entity);
        }
        Err(reason) => report.skip(label, position, reason),
    }
}

/// Turns a record into an entity, or says why it cannot be used.
fn build_entity(rec: &RawRecord, file_label: &str) -> Result<Entity, String> {
    let reference = rec
        .value("REFERENCE_NUMBER")
        .ok_or_else(|| format!("{} without REFERENCE_NUMBER", rec.element))?;
    let list_type = rec.value("UN_LIST_TYPE");
    let mut entity = Entity::new(format!("un:{reference}"), rec.schema);

    // Primary name and its parts.
    let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|tag| rec.value(tag))
        .filter(|p| !is_placeholder(p))
        .collect();
    if parts.is_empty() {
        return Err(format!("{} {reference} has no name", rec.element));
    }
    let mut primary = Name::new(parts.join(" "), NameKind::Primary);
    let dprk = list_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("DPRK"))
        || reference.starts_with("KP");
    if dprk && rec.schema == Schema::Person {
        let given = (parts.len() > 1).then(|| parts[1..].join(" "));
        primary = primary.with_parts(Some(parts[0].clone()), given);
    }
    entity.push_name(primary);
    for original in rec.groups("NAME_ORIGINAL_SCRIPT") {
        for name in split_alias(&clean(&original.text)) {
            entity.push_name(Name::new(name, NameKind::Alias));
        }
    }

    // Aliases (and what a few INDIVIDUAL_ALIAS records say about birth).
    for alias in rec
        .groups("INDIVIDUAL_ALIAS")
        .chain(rec.groups("ENTITY_ALIAS"))
    {
        let kind = alias_kind(alias.child("QUALITY").as_deref().unwrap_or(""));
        if let Some(text) = alias.child("ALIAS_NAME") {
            for name in split_alias(&text) {
                entity.push_name(Name::new(name, kind));
            }
        }
        if let Some(date) = alias.child("DATE_OF_BIRTH") {
            push_unique(&mut entity.birth_dates, birth_date_from_text(&date, None));
        }
        let place = join_present(&[
            alias.child("CITY_OF_BIRTH"),
            alias.child("COUNTRY_OF_BIRTH"),
        ]);
        if !place.is_empty() {
            push_unique(&mut entity.birth_places, place);
        }
    }

    for dob in rec.groups("INDIVIDUAL_DATE_OF_BIRTH") {
        if let Some(date) = birth_date(dob) {
            push_unique(&mut entity.birth_dates, date);
        }
    }
    for pob in rec.groups("INDIVIDUAL_PLACE_OF_BIRTH") {
        let mut place = join_present(&[
            pob.child("STREET"),
            pob.child("CITY"),
            pob.child("STATE_PROVINCE"),
            pob.child("COUNTRY"),
        ]);
        if let Some(note) = pob.child("NOTE") {
            place = append_note(place, &note);
        }
        if !place.is_empty() {
            push_unique(&mut entity.birth_places, place);
        }
    }
    for nationality in rec.groups("NATIONALITY") {
        for value in nationality.child_values("VALUE") {
            push_unique(&mut entity.nationalities, value);
        }
    }
    for group in rec
        .groups("INDIVIDUAL_ADDRESS")
        .chain(rec.groups("ENTITY_ADDRESS"))
    {
        let mut text = join_present(&[
            group.child("STREET"),
            group.child("CITY"),
            group.child("STATE_PROVINCE"),
            group.child("ZIP_CODE"),
        ]);
        if let Some(note) = group.child("NOTE") {
            text = append_note(text, &note);
        }
        let country = group.child("COUNTRY");
        if text.is_empty() && country.is_none() {
            continue;
        }
        if let Some(c) = &country {
            push_unique(&mut entity.countries, c.clone());
        }
        push_unique(&mut entity.addresses, Address { text, country });
    }
    for doc in rec.groups("INDIVIDUAL_DOCUMENT") {
        if let Some(identifier) = document(doc) {
            push_unique(&mut entity.identifiers, identifier);
        }
    }

    let comments = rec.value("COMMENTS1");
    entity.gender = rec
        .value("GENDER")
        .or_else(|| comments.as_deref().and_then(gender_from_comments));

    if let Some(dataid) = rec.value("DATAID") {
        entity.facts.push(fact("un_dataid", dataid));
    }
    if let Some(t) = &list_type {
        entity.facts.push(fact("un_list_type", t.clone()));
    }
    for (tag, key) in [("DESIGNATION", "designation"), ("TITLE", "title")] {
        for group in rec.groups(tag) {
            for value in group.child_values("VALUE") {
                let f = fact(key, value);
                push_unique(&mut entity.facts, f);
            }
        }
    }

    if let Some(text) = comments {
        entity.relations = relations_from_comments(&text, &reference);
        entity.remarks.push(text);
    }

    entity.lists.push(ListMembership {
        source: Source::Un,
        list: LIST_NAME.to_string(),
        programs: list_type.into_iter().collect(),
        listed_on: rec.value("LISTED_ON"),
        file: file_label.to_string(),
    });
    entity.seal();
    Ok(entity)
}

fn fact(key: &str, value: String) -> Fact {
    Fact {
        key: key.to_string(),
        value,
    }
}

/// Trims and collapses every run of whitespace (newlines included) to one space.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Name parts the list uses for "not available".
fn is_placeholder(part: &str) -> bool {
    matches!(part.to_ascii_lowercase().as_str(), "na" | "n/a")
}

fn join_present(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

fn append_note(text: String, note: &str) -> String {
    if text.is_empty() {
        note.to_string()
    } else {
        format!("{text} ({note})")
    }
}

fn alias_kind(quality: &str) -> NameKind {
    let q = quality.trim().to_ascii_lowercase();
    if q == "low" {
        NameKind::Weak
    } else if q.starts_with("f.k.a") || q.starts_with("fka") || q.starts_with("formerly") {
        NameKind::Former
    } else {
        NameKind::Alias
    }
}

/// The names in one `ALIAS_NAME`: the UN often packs spelling variants into one
/// field (`Azim Adhajani; Azim Agha-Jani`, `حاجى مالك نورزى (Hajji Malik Noorzai;
/// Haji Malek Noorzai)`, `Jin Tiesan (金铁三)`). Splits on `;` outside
/// parentheses, and splits off a trailing parenthesis that holds variants (a `;`)
/// or the name in another script. Other parentheses (`EL PARA (COMBAT NAME)`)
/// are kept as written. Surrounding straight quotes (`"KOMID"`) are dropped.
fn split_alias(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in split_top_level(text) {
        let piece = strip_quotes(piece.trim());
        if piece.is_empty() {
            continue;
        }
        if let Some(open) = piece.rfind('(')
            && piece.ends_with(')')
        {
            let head = piece[..open].trim();
            let inner = piece[open + 1..piece.len() - 1].trim();
            let other_script = crate::model::script_of(head) != crate::model::script_of(inner);
            if !head.is_empty() && !inner.is_empty() && (inner.contains(';') || other_script) {
                out.push(strip_quotes(head).to_string());
                for variant in inner.split(';') {
                    let v = strip_quotes(variant.trim());
                    if !v.is_empty() {
                        out.push(v.to_string());
                    }
                }
                continue;
            }
        }
        out.push(piece.to_string());
    }
    out.retain(|n| !n.is_empty());
    out
}

/// Splits on `;` that is not inside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ';' if depth == 0 => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

fn strip_quotes(s: &str) -> &str {
    let t = s.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].trim()
    } else {
        t
    }
}

/// One `INDIVIDUAL_DATE_OF_BIRTH`.
fn birth_date(group: &Field) -> Option<BirthDate> {
    let approximate = group
        .child("TYPE_OF_DATE")
        .is_some_and(|t| t.eq_ignore_ascii_case("APPROXIMATELY"));
    let note = group.child("NOTE");
    let with_note = |text: String| match &note {
        Some(n) => append_note(text, n),
        None => text,
    };
    if let (Some(from), Some(to)) = (group.child("FROM_YEAR"), group.child("TO_YEAR")) {
        return Some(BirthDate {
            text: with_note(format!("between {from} and {to}")),
            from: Some(from),
            to: Some(to),
            kind: "range".into(),
        });
    }
    if let Some(date) = group.child("DATE") {
        let mut d = birth_date_from_text(&date, note.as_deref());
        if approximate {
            d.kind = "approximate".into();
            d.text = format!("approximately {}", d.text);
        }
        return Some(d);
    }
    if let Some(year) = group.child("YEAR") {
        // `YEAR 1958` with `NOTE Sep.` is September 1958.
        let month = note.as_deref().map(dates::months_in).unwrap_or_default();
        let (from, to, kind) = match (month.first(), month.last()) {
            (Some(first), Some(last)) if dates::is_plausible_year(&year) => (
                format!("{year}-{first:02}"),
                format!("{year}-{last:02}"),
                if first == last { "exact" } else { "range" },
            ),
            _ => (year.clone(), year.clone(), "year"),
        };
        let kind = if approximate { "approximate" } else { kind };
        let text = if approximate {
            format!("approximately {year}")
        } else {
            year
        };
        return Some(BirthDate {
            text: with_note(text),
            from: Some(from),
            to: Some(to),
            kind: kind.into(),
        });
    }
    let note = note?;
    // Only a note: `Nov. 1973`, `Between Aug. and Sep. 1977`, `30-35 years old`.
    let mut d = birth_date_from_text(&note, None);
    if approximate {
        d.kind = "approximate".into();
    }
    Some(d)
}

/// A date written as text: ISO `YYYY-MM-DD` (the UN's DATE), else month names
/// and a year, else a year, else kept as an approximate date with no bounds.
fn birth_date_from_text(text: &str, note: Option<&str>) -> BirthDate {
    let t = text.trim();
    let shown = match note {
        Some(n) => append_note(t.to_string(), n),
        None => t.to_string(),
    };
    if let Some(day) = dates::parse_iso(t).filter(|d| d.precision == Precision::Day) {
        return BirthDate {
            text: shown,
            from: Some(day.iso.clone()),
            to: Some(day.iso),
            kind: "exact".into(),
        };
    }
    let years = dates::years_in(t);
    let months = dates::months_in(t);
    let (from, to, kind) = match (years.as_slice(), months.first(), months.last()) {
        ([y], Some(first), Some(last)) => (
            Some(format!("{y}-{first:02}")),
            Some(format!("{y}-{last:02}")),
            if first == last { "exact" } else { "range" },
        ),
        ([y], _, _) => (Some(y.to_string()), Some(y.to_string()), "year"),
        ([a, .., b], _, _) => (Some(a.to_string()), Some(b.to_string()), "range"),
        _ => (None, None, "approximate"),
    };
    BirthDate {
        text: shown,
        from,
        to,
        kind: kind.into(),
    }
}

/// One `INDIVIDUAL_DOCUMENT`, unless it has no number.
fn document(group: &Field) -> Option<Identifier> {
    let value = group.child("NUMBER")?;
    let type1 = group.child("TYPE_OF_DOCUMENT");
    let type2 = group
        .child("TYPE_OF_DOCUMENT2")
        .map(|t| t.trim_end_matches(':').trim().to_string())
        .filter(|t| !t.is_empty());
    let kind = type1
        .clone()
        .or_else(|| type2.clone())
        .unwrap_or_else(|| "Document".into());
    let mut notes = Vec::new();
    if let (Some(t1), Some(t2)) = (&type1, &type2)
        && !t1.eq_ignore_ascii_case(t2)
    {
        notes.push(t2.clone());
    }
    if let Some(d) = group.child("DATE_OF_ISSUE") {
        notes.push(format!("issued {d}"));
    }
    if let Some(c) = group.child("CITY_OF_ISSUE") {
        notes.push(format!("issued in {c}"));
    }
    if let Some(n) = group.child("NOTE") {
        notes.push(n);
    }
    Some(Identifier {
        kind,
        value,
        country: group
            .child("ISSUING_COUNTRY")
            .or_else(|| group.child("COUNTRY_OF_ISSUE")),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

/// `Gender: male` in COMMENTS1 (most DPRK entries have no GENDER element).
fn gender_from_comments(comments: &str) -> Option<String> {
    let lower = comments.to_ascii_lowercase();
    let at = lower.find("gender:")?;
    let word: String = lower[at + "gender:".len()..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match word.as_str() {
        "male" => Some("Male".into()),
        "female" => Some("Female".into()),
        _ => None,
    }
}

/// Wordings that introduce a related party, longest first, with the relation
/// kind. `case_sensitive` phrases must appear in lower case, so that names such
/// as "Al-Nusrah Front for the People of the Levant" are not read as relations.
const PHRASES: [(&str, &str, bool); 6] = [
    ("owned or controlled by", "owned_or_controlled_by", false),
    ("controlled by", "owned_or_controlled_by", false),
    ("front company for", "front_of", true),
    ("front for", "front_of", true),
    ("associated with", "associated_with", false),
    ("subordinate to", "subordinate_to", false),
];

/// Raw relations in a record's COMMENTS1 (see the module documentation).
fn relations_from_comments(text: &str, own_reference: &str) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let mut add = |relation: Relation| {
        if !out
            .iter()
            .any(|r| r.kind == relation.kind && r.target_name == relation.target_name)
        {
            out.push(relation);
        }
    };
    for (start, end) in sentences(text) {
        let sentence = &text[start..end];
        for reference in references_in(sentence) {
            if reference == own_reference {
                continue;
            }
            add(Relation {
                kind: "references".into(),
                target_name: reference.to_string(),
                evidence: sentence.to_string(),
                target_id: Some(format!("un:{reference}")),
            });
        }
        let lower = sentence.to_ascii_lowercase();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (phrase, kind, case_sensitive) in PHRASES {
            for (at, _) in lower.match_indices(phrase) {
                let after = at + phrase.len();
                if taken.iter().any(|&(s, e)| at < e && after > s) {
                    continue;
                }
                if case_sensitive && !sentence[at..].starts_with(phrase) {
                    continue;
                }
                let before_ok = sentence[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = sentence[after..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace);
                if !before_ok || !after_ok {
                    continue;
                }
                taken.push((at, after));
                if inside_quotes(&sentence[..at]) {
                    continue;
                }
                let Some(target) = relation_target(&sentence[after..]) else {
                    continue;
                };
                add(Relation {
                    kind: kind.to_string(),
                    target_name: target,
                    evidence: sentence.to_string(),
                    target_id: None,
                });
            }
        }
    }
    out
}

/// Whether the end of `before` is inside a quotation (the UN quotes resolution
/// criteria such as “owned or controlled by a designated individual or entity”).
fn inside_quotes(before: &str) -> bool {
    let open = before.matches('“').count();
    let close = before.matches('”').count();
    open > close || before.matches('"').count() % 2 == 1
}

/// The phrase after a relation wording: up to the sentence end or a `;`,
/// without trailing punctuation, at most [`MAX_TARGET_CHARS`] characters (cut
/// at a word). Generic wording ("a designated individual") is no target.
fn relation_target(rest: &str) -> Option<String> {
    let rest = rest.split(';').next().unwrap_or("");
    let mut target = rest
        .trim()
        .trim_end_matches(['.', ',', ':', ' '])
        .trim()
        .to_string();
    if target.chars().count() > MAX_TARGET_CHARS {
        let cut: String = target.chars().take(MAX_TARGET_CHARS).collect();
        target = match cut.rfind(' ') {
            Some(space) if space > 0 => cut[..space].to_string(),
            _ => cut,
        };
        target = target.trim_end_matches([',', ' ']).to_string();
    }
    let lower = target.to_ascii_lowercase();
    if target.is_empty() || lower.starts_with("a designated") || lower.starts_with("designated") {
        return None;
    }
    Some(target)
}

/// UN reference numbers in `text`: two upper-case letters, `i` or `e`, a dot
/// and three digits (`KPe.028`, `QDi.218`), not inside a longer word.
fn references_in(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 7 <= b.len() {
        let m = b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_uppercase()
            && (b[i + 2] == b'i' || b[i + 2] == b'e')
            && b[i + 3] == b'.'
            && b[i + 4..i + 7].iter().all(u8::is_ascii_digit);
        let before_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let after_ok = b.get(i + 7).is_none_or(|c| !c.is_ascii_alphanumeric());
        if m && before_ok && after_ok {
            // All seven bytes are ASCII, so both ends are char boundaries.
            let r = &text[i..i + 7];
            if !out.contains(&r) {
                out.push(r);
            }
            i += 7;
        } else {
            i += 1;
        }
    }
    out
}

/// Words that end with a dot without ending a sentence.
const ABBREVIATIONS: [&str; 31] = [
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "co", "corp", "inc", "ltd", "jr", "sr", "gen",
    "col", "lt", "maj", "capt", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Byte ranges of the sentences of `text` (trimmed, end punctuation included).
/// A sentence ends at `.`, `!` or `?` followed by white space (or closing
/// quotes then white space), except after an initial or a common abbreviation,
/// and at a `.` glued to a capitalised word (`Taepo Dong-2.The MID`,
/// `(QDe.115).Review`; not `QDe.115` or `E.47.A.9`).
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if s + lead < e - trail {
            out.push((s + lead, e - trail));
        }
    };
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if matches!(c, '.' | '!' | '?') {
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | ']') {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let spaced = j >= chars.len() || chars[j].1.is_whitespace();
            let boundary = if spaced {
                c != '.' || !abbreviation_before(&chars, k)
            } else {
                // `2.The`, `).Review`: a dot glued to a capitalised word.
                c == '.'
                    && j == k + 1
                    && k > 0
                    && (chars[k - 1].1.is_ascii_digit()
                        || chars[k - 1].1.is_lowercase()
                        || chars[k - 1].1 == ')')
                    && chars.get(k + 1).is_some_and(|&(_, n)| n.is_uppercase())
                    && chars.get(k + 2).is_some_and(|&(_, n)| n.is_lowercase())
            };
            if boundary {
                push(start, end, &mut out);
                start = end;
                k = j;
                continue;
            }
        }
        k += 1;
    }
    push(start, text.len(), &mut out);
    out
}

/// Whether the word before the dot at `k` is an initial or an abbreviation.
fn abbreviation_before(chars: &[(usize, char)], k: usize) -> bool {
    let mut w = k;
    while w > 0 && chars[w - 1].1.is_alphabetic() {
        w -= 1;
    }
    let word: String = chars[w..k].iter().map(|&(_, c)| c).collect();
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let preceded_by_dot = w > 0 && chars[w - 1].1 == '.';
    single_letter || preceded_by_dot || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::path::PathBuf;

    fn fixture_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/un/un_sample.xml")
    }

    fn sample() -> (Vec<Entity>, ParseReport) {
        let mut report = ParseReport::new("un/un_sample.xml");
        let entities =
            parse(&fixture_path(), "un/UN_consolidated.xml", &mut report).expect("fixture parses");
        (entities, report)
    }

    fn get<'a>(entities: &'a [Entity], id: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    }

    fn names_of(e: &Entity, kind: NameKind) -> Vec<&str> {
        e.names
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.full.as_str())
            .collect()
    }

    fn parse_str(xml: &str) -> (Result<Vec<Entity>, ListError>, ParseReport) {
        let mut report = ParseReport::new("test.xml");
        let result = parse_reader(
            Cursor::new(xml.as_bytes()),
            Path::new("test.xml"),
            "test.xml",
            &mut report,
        );
        (result, report)
    }

    fn malformed_position(result: Result<Vec<Entity>, ListError>) -> (Position, String) {
        match result {
            Err(ListError::Malformed {
                position, message, ..
            }) => (position, message),
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn kpi_066_names_family_and_given() {
        let (entities, _) = sample();
        let e = get(&entities, "un:KPi.066");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(e.caption(), "KIM JONG SIK");
        let primary = &e.names[0];
        assert_eq!(primary.kind, NameKind::Primary);
        assert_eq!(primary.family.as_deref(), Some("KIM"));
        assert_eq!(primary.given.as_deref(), Some("JONG SIK"));
        assert_eq!(primary.script, "latin");
        assert_eq!(primary.origin, None);
        assert_eq!(names_of(e, NameKind::Alias), vec!["Kim Cho’ng-sik"]);
        assert_eq!(
            e.nationalities,
            vec!["Democratic People's Republic of Korea"]
        );
        assert_eq!(e.countries, vec!["Democratic People's Republic of Korea"]);
        assert_eq!(
            e.gender.as_deref(),
            Some("Male"),
            "from 'Gender: male' in COMMENTS1"
        );
        let list = &e.lists[0];
        assert_eq!(list.source, Source::Un);
        assert_eq!(list.list, "UN Consolidated");
        assert_eq!(list.programs, vec!["DPRK"]);
        assert_eq!(list.listed_on.as_deref(), Some("2017-12-22"));
        assert_eq!(list.file, "un/UN_consolidated.xml");
        assert!(
            e.facts
                .iter()
                .any(|f| f.key == "un_list_type" && f.value == "DPRK")
        );
        assert!(
            e.facts
                .iter()
                .any(|f| f.key == "un_dataid" && f.value == "6908643")
        );
        assert!(
            e.facts
                .iter()
                .any(|f| f.key == "designation" && f.value.starts_with("A leading official"))
        );
        assert_eq!(e.remarks, vec!["Gender: male"]);
        assert_eq!(e.entity_version.len(), 16, "sealed");

        let kpi001 = get(&entities, "un:KPi.001");
        assert_eq!(kpi001.caption(), "YUN HO-JIN");
        assert_eq!(kpi001.names[0].family.as_deref(), Some("YUN"));
        assert_eq!(kpi001.names[0].given.as_deref(), Some("HO-JIN"));
        assert_eq!(
            kpi001.remarks,
            vec![
                "Director of Namchongang Trading Corporation; oversees the import of items needed for the uranium \
                 enrichment program."
            ],
            "newlines collapsed"
        );
        assert_eq!(kpi001.addresses[0].text, "Pyongyang");
    }

    #[test]
    fn non_dprk_names_have_no_parts_and_placeholders_are_dropped() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.153");
        assert_eq!(
            e.caption(),
            "FAIZULLAH KHAN NOORZAI",
            "FOURTH_NAME 'na' is a placeholder"
        );
        assert_eq!(e.names[0].family, None);
        assert_eq!(e.names[0].given, None);
        assert!(
            e.facts
                .iter()
                .any(|f| f.key == "title" && f.value == "Haji")
        );
    }

    #[test]
    fn kpe_028_aliases() {
        let (entities, _) = sample();
        let e = get(&entities, "un:KPe.028");
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(e.caption(), "MUNITIONS INDUSTRY DEPARTMENT");
        assert_eq!(e.names[0].family, None, "organizations get no name parts");
        assert_eq!(
            names_of(e, NameKind::Alias),
            vec!["Military Supplies Industry Department", "MID"]
        );
        assert_eq!(
            names_of(e, NameKind::Former),
            vec!["MACHINE INDUSTRY DEPARTMENT"]
        );
        assert!(e.remarks[0].contains("R&D programs"), "&amp; decoded");
        assert_eq!(e.addresses[0].text, "Pyongyang");
        assert_eq!(
            e.addresses[0].country.as_deref(),
            Some("Democratic People's Republic of Korea")
        );

        let komid = get(&entities, "un:KPe.001");
        assert!(
            names_of(komid, NameKind::Alias).contains(&"KOMID"),
            "quotes dropped"
        );
        assert_eq!(komid.addresses[0].text, "Central District, Pyongyang");
    }

    #[test]
    fn dates_of_birth() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.153");
        let dobs: Vec<(&str, Option<&str>, Option<&str>, &str)> = e
            .birth_dates
            .iter()
            .map(|d| {
                (
                    d.text.as_str(),
                    d.from.as_deref(),
                    d.to.as_deref(),
                    d.kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            dobs,
            vec![
                ("1966", Some("1966"), Some("1966"), "year"),
                ("1961", Some("1961"), Some("1961"), "year"),
                ("between 1968 and 1970", Some("1968"), Some("1970"), "range"),
                ("1962", Some("1962"), Some("1962"), "year"),
            ]
        );
        let exact = &get(&entities, "un:KPi.001").birth_dates[0];
        assert_eq!(exact.kind, "exact");
        assert_eq!(exact.from.as_deref(), Some("1944-10-13"));
        assert_eq!(exact.to.as_deref(), Some("1944-10-13"));
        let tai154 = get(&entities, "un:TAi.154");
        assert!(
            tai154
                .birth_dates
                .iter()
                .any(|d| d.kind == "exact" && d.from.as_deref() == Some("1963-01-01"))
        );
        assert_eq!(
            e.birth_places[0],
            "Lowy Kariz, Spin Boldak District, Kandahar Province, Afghanistan"
        );
        assert_eq!(e.birth_places.len(), 3);

        // The other shapes found in the real file.
        let group = |children: &[(&str, &str)]| Field {
            name: "INDIVIDUAL_DATE_OF_BIRTH".into(),
            text: String::new(),
            children: children
                .iter()
                .map(|(n, t)| Field {
                    name: n.to_string(),
                    text: t.to_string(),
                    children: vec![],
                })
                .collect(),
        };
        let approx = birth_date(&group(&[
            ("TYPE_OF_DATE", "APPROXIMATELY"),
            ("YEAR", "1975"),
        ]))
        .unwrap();
        assert_eq!(
            (
                approx.text.as_str(),
                approx.from.as_deref(),
                approx.kind.as_str()
            ),
            ("approximately 1975", Some("1975"), "approximate")
        );
        let month =
            birth_date(&group(&[("TYPE_OF_DATE", "EXACT"), ("NOTE", "Nov. 1973 ")])).unwrap();
        assert_eq!(
            (
                month.from.as_deref(),
                month.to.as_deref(),
                month.kind.as_str()
            ),
            (Some("1973-11"), Some("1973-11"), "exact")
        );
        let between = birth_date(&group(&[
            ("TYPE_OF_DATE", "EXACT"),
            ("NOTE", "Between Aug. and Sep. 1977"),
        ]))
        .unwrap();
        assert_eq!(
            (
                between.from.as_deref(),
                between.to.as_deref(),
                between.kind.as_str()
            ),
            (Some("1977-08"), Some("1977-09"), "range")
        );
        let sep = birth_date(&group(&[
            ("TYPE_OF_DATE", "EXACT"),
            ("YEAR", "1958"),
            ("NOTE", "Sep."),
        ]))
        .unwrap();
        assert_eq!(
            (sep.text.as_str(), sep.from.as_deref()),
            ("1958 (Sep.)", Some("1958-09"))
        );
        let hijri = birth_date(&group(&[
            ("TYPE_OF_DATE", "EXACT"),
            ("NOTE", "24/06/1402 (Hijri Calendar)"),
        ]))
        .unwrap();
        assert_eq!((hijri.from, hijri.kind.as_str()), (None, "approximate"));
        assert!(birth_date(&group(&[("TYPE_OF_DATE", "")])).is_none());
    }

    #[test]
    fn low_quality_alias_is_weak() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.153");
        assert_eq!(
            names_of(e, NameKind::Weak),
            vec!["Haji Pazullah Noorzai", "Haji Mullah Faizullah"]
        );
        assert!(names_of(e, NameKind::Alias).contains(&"Haji Faizullah Noor"));
        assert!(e.names.iter().all(|n| n.origin.is_none()));
        assert_eq!(alias_kind("LOW"), NameKind::Weak);
        assert_eq!(alias_kind("a.k.a."), NameKind::Alias);
        assert_eq!(alias_kind(""), NameKind::Alias);
        assert_eq!(alias_kind("f.k.a."), NameKind::Former);
    }

    #[test]
    fn original_script_name_and_packed_variants() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.153");
        let arabic = e
            .names
            .iter()
            .find(|n| n.full == "فیض الله خان نورزی")
            .expect("original script name");
        assert_eq!(arabic.kind, NameKind::Alias);
        assert_eq!(arabic.script, "arabic");

        // `حاجى مالك نورزى (Hajji Malik Noorzai; Hajji Malak Noorzai; Haji Malek Noorzai)`
        let tai154 = get(&entities, "un:TAi.154");
        let aliases = names_of(tai154, NameKind::Alias);
        for n in [
            "مالک نورزى",
            "حاجى مالك نورزى",
            "Hajji Malik Noorzai",
            "Haji Malek Noorzai",
        ] {
            assert!(aliases.contains(&n), "{n} in {aliases:?}");
        }
        assert_eq!(
            split_alias("Azim Adhajani; Azim Agha-Jani"),
            vec!["Azim Adhajani", "Azim Agha-Jani"]
        );
        assert_eq!(
            split_alias("Jin Tiesan (金铁三)"),
            vec!["Jin Tiesan", "金铁三"]
        );
        assert_eq!(
            split_alias("EL PARA (COMBAT NAME)"),
            vec!["EL PARA (COMBAT NAME)"]
        );
    }

    #[test]
    fn documents() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.154");
        assert_eq!(e.identifiers.len(), 2);
        let passport = &e.identifiers[0];
        assert_eq!(passport.kind, "Passport");
        assert_eq!(passport.value, "FA0157612");
        assert_eq!(passport.country.as_deref(), Some("Pakistan"));
        assert_eq!(
            passport.note.as_deref(),
            Some(
                "issued 2009-07-23; expires on 22 Jul. 2014 , officially cancelled as of 2013 , issued under name \
                 Allah Muhammad"
            )
        );
        assert_eq!(e.identifiers[1].kind, "National Identification Number");
        assert_eq!(e.identifiers[1].value, "54201-247561-5");
        // `<INDIVIDUAL_DOCUMENT/>` and documents without NUMBER give nothing.
        assert!(get(&entities, "un:TAi.153").identifiers.is_empty());
    }

    #[test]
    fn references_and_wording_relations() {
        let (entities, _) = sample();
        let e = get(&entities, "un:TAi.153");
        let refs: Vec<&Relation> = e
            .relations
            .iter()
            .filter(|r| r.kind == "references")
            .collect();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].target_name, "TAi.154");
        assert_eq!(refs[0].target_id.as_deref(), Some("un:TAi.154"));
        assert_eq!(refs[0].evidence, "Brother of Malik Noorzai (TAi.154).");

        let mid = get(&entities, "un:KPe.028");
        let sub: Vec<&str> = mid
            .relations
            .iter()
            .filter(|r| r.kind == "subordinate_to")
            .map(|r| r.target_name.as_str())
            .collect();
        assert_eq!(sub, vec!["the MID"]);

        let rels = relations_from_comments(
            "Associated with Afghan Support Committee (ASC) (QDe.069), Revival of Islamic Heritage Society \
             (RIHS)(QDe.070). Member of Al-Nusrah Front for the People of the Levant (QDe.137).Review \
             concluded. DCB Finance Limited is a front company for Daedong Credit Bank (DCB), a listed entity. \
             Meets the criteria as an entity “owned or controlled by a designated individual or entity”. \
             It is controlled by Korea Ryonbong General Corporation; it also trades.",
            "QDi.001",
        );
        let got: Vec<(&str, &str)> = rels
            .iter()
            .map(|r| (r.kind.as_str(), r.target_name.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("references", "QDe.069"),
                ("references", "QDe.070"),
                (
                    "associated_with",
                    "Afghan Support Committee (ASC) (QDe.069), Revival of Islamic Heritage Society (RIHS)(QDe.070)"
                ),
                ("references", "QDe.137"),
                ("front_of", "Daedong Credit Bank (DCB), a listed entity"),
                (
                    "owned_or_controlled_by",
                    "Korea Ryonbong General Corporation"
                ),
            ]
        );
        assert_eq!(
            rels[3].evidence,
            "Member of Al-Nusrah Front for the People of the Levant (QDe.137)."
        );
        assert_eq!(
            rels[4].evidence,
            "DCB Finance Limited is a front company for Daedong Credit Bank (DCB), a listed entity."
        );
        let long =
            relations_from_comments(&format!("Associated with {}.", "word ".repeat(60)), "X");
        assert!(long[0].target_name.chars().count() <= MAX_TARGET_CHARS);
        assert!(
            relations_from_comments("Mentions its own reference QDi.001.", "QDi.001").is_empty()
        );
    }

    #[test]
    fn sample_report_counts() {
        let (entities, report) = sample();
        assert_eq!(report.records, entities.len());
        assert!(report.skipped.is_empty());
        let persons = entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count();
        let orgs = entities.len() - persons;
        assert_eq!(
            report.notes[0],
            format!("{persons} individuals, {orgs} entities")
        );
    }

    #[test]
    fn truncated_file_is_malformed() {
        let full = std::fs::read(fixture_path()).unwrap();
        let text = String::from_utf8(full.clone()).unwrap();
        let cut = text
            .find("<REFERENCE_NUMBER>KPe.028")
            .expect("record in fixture")
            + 10;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("truncated.xml");
        std::fs::write(&path, &full[..cut]).unwrap();
        let mut report = ParseReport::new("truncated.xml");
        let result = parse(&path, "truncated.xml", &mut report);
        let (position, message) = malformed_position(result);
        let n = position.byte.expect("a byte position");
        assert!(n > 0 && n <= cut as u64, "{n} within the {cut} bytes");
        assert!(!message.is_empty());

        // Cut between records, still inside the root.
        let between = text.find("<ENTITY>").unwrap();
        let (r, _) = parse_str(&text[..between]);
        let (_, message) = malformed_position(r);
        assert!(message.contains("end of file"), "{message}");
    }

    #[test]
    fn non_xml_and_wrong_root_are_malformed() {
        let (r, _) = parse_str("this is not XML at all, just a line of text\n");
        let (position, _) = malformed_position(r);
        assert_eq!(position, Position::byte(0));
        let (r, _) = parse_str("");
        malformed_position(r);
        let (r, _) = parse_str("<?xml version=\"1.0\"?>\n<sdnList><sdnEntry/></sdnList>");
        let (position, message) = malformed_position(r);
        assert_eq!(position, Position::byte(22));
        assert!(message.contains("sdnList"), "{message}");
        let (r, _) = parse_str("<CONSOLIDATED_LIST><INDIVIDUALS></ENTITIES></CONSOLIDATED_LIST>");
        malformed_position(r);
        let (r, _) = parse_str("<CONSOLIDATED_LIST>&bogus;</CONSOLIDATED_LIST>");
        malformed_position(r);
        let (r, _) = parse_str("<CONSOLIDATED_LIST/>trailing");
        malformed_position(r);
        let (r, _) = parse_str("<CONSOLIDATED_LIST/>");
        assert!(r.unwrap().is_empty());
        let mut report = ParseReport::new("x");
        let bytes: &[u8] = b"<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>\xff\xfe</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>";
        assert!(
            parse_reader(bytes, Path::new("x"), "x", &mut report).is_err(),
            "invalid UTF-8"
        );
    }

    #[test]
    fn record_without_reference_number_is_skipped() {
        let xml = "<?xml version=\"1.0\"?>
<CONSOLIDATED_LIST>
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>111</DATAID>
      <FIRST_NAME>NO</FIRST_NAME>
      <SECOND_NAME>REFERENCE</SECOND_NAME>
      <REFERENCE_NUMBER/>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>222</DATAID>
      <FIRST_NAME>  KIM
         JONG   SIK </FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.066</REFERENCE_NUMBER>
    </INDIVIDUAL>
    <INDIVIDUAL/>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <FIRST_NAME>A &amp; B &#x41;&#66; <![CDATA[C&D]]></FIRST_NAME>
      <REFERENCE_NUMBER>KPe.999</REFERENCE_NUMBER>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
";
        let (r, report) = parse_str(xml);
        let entities = r.unwrap();
        assert_eq!(entities.len(), 2);
        assert_eq!(report.records, 2);
        assert_eq!(report.skipped.len(), 2);
        assert_eq!(report.skipped[0].record, "DATAID 111");
        let record = xml.find("<INDIVIDUAL>").unwrap() as u64;
        assert_eq!(report.skipped[0].position, Position::byte(record));
        assert!(report.skipped[0].reason.contains("REFERENCE_NUMBER"));
        assert_eq!(report.skipped[1].record, "INDIVIDUAL #3");
        assert_eq!(
            entities[0].caption(),
            "KIM JONG SIK",
            "whitespace collapsed"
        );
        assert_eq!(entities[1].caption(), "A & B AB C&D");
        assert_eq!(report.notes[0], "1 individuals, 1 entities");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let base = std::fs::read(fixture_path()).unwrap();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..300 {
            let mut bytes = base.clone();
            let cut = (next() as usize) % bytes.len();
            if round % 3 == 0 {
                bytes.truncate(cut);
            }
            for _ in 0..(next() % 8) {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() as usize) % bytes.len();
                bytes[at] = (next() & 0xff) as u8;
            }
            let mut report = ParseReport::new("fuzz");
            let _ = parse_reader(bytes.as_slice(), Path::new("fuzz"), "fuzz", &mut report);
        }
        for s in [
            "<",
            "&",
            "<CONSOLIDATED_LIST",
            "<CONSOLIDATED_LIST>&#0;</CONSOLIDATED_LIST>",
            "\u{feff}",
        ] {
            let _ = parse_str(s);
        }
        let deep = format!(
            "<CONSOLIDATED_LIST><ENTITIES><ENTITY>{}{}</ENTITY></ENTITIES></CONSOLIDATED_LIST>",
            "<A>".repeat(50_000),
            "</A>".repeat(50_000)
        );
        let (r, report) = parse_str(&deep);
        assert!(r.unwrap().is_empty());
        assert_eq!(report.skipped.len(), 1);
    }
}
