//! OFAC `sdnList` XML: the format of `SDN.XML` and `CONSOLIDATED.XML`.
//!
//! The file is one `<sdnList>` root holding a `<publshInformation>` header
//! (`Publish_Date` as `MM/DD/YYYY`, `Record_Count`) and one `<sdnEntry>` per
//! listed party. Elements are matched on their local names, so the current
//! default namespace
//! (`https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML`),
//! the older `http://tempuri.org/sdnList.xsd` of `SDN.XML` and prefixed names all
//! read the same. Unknown elements are ignored.
//!
//! The reader streams: one reused event buffer, one record in memory at a time.
//! XML that is not well-formed, is truncated, or whose root is not `sdnList` is a
//! [`ListError::Malformed`] with the byte position; an `sdnEntry` without a
//! numeric `uid` (or with an unknown `sdnType`, or no name) is skipped and
//! recorded in the [`ParseReport`].
//!
//! Mapping: id `ofac:<uid>`; the primary name and every a.k.a. are written the
//! way OFAC's CSV writes them, `LASTNAME, Firstname` when a first name exists,
//! else the last name alone; persons also get `family`/`given`. Weak a.k.a.s
//! become [`NameKind::Weak`], `f.k.a.` [`NameKind::Former`], the rest
//! [`NameKind::Alias`]. The `Gender` pseudo-id goes to [`Entity::gender`];
//! every other `id` is an [`Identifier`]. Title and vessel details are
//! [`Fact`]s. `remarks` is kept raw (structure inside it is
//! [`super::ofac_remarks`]' business).

use super::dates::{self, Precision};
use super::entity::{push_fact, push_str};
use super::{ListError, ParseReport, Position};
use crate::model::{
    Address, BirthDate, Entity, Identifier, ListMembership, Name, NameKind, Schema, Source,
};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The root element every `sdnList` file has.
const ROOT: &str = "sdnList";

/// Reads an OFAC `sdnList` XML file (`SDN.XML`, `CONSOLIDATED.XML`).
///
/// `list` is the list name stored in each [`ListMembership`] (`OFAC SDN`,
/// `OFAC Non-SDN`), `file_label` the file as the lists folder names it.
pub fn parse(
    path: &Path,
    list: &str,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let file = open(path)?;
    parse_reader(BufReader::new(file), path, list, file_label, report)
}

/// [`parse`] on any buffered reader; `path` only names the input in errors.
/// Never panics, whatever the bytes.
pub fn parse_reader<R: BufRead>(
    reader: R,
    path: &Path,
    list: &str,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let mut walker = Walker::new(reader, path);
    let mut entities: Vec<Entity> = Vec::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut entry: Option<RawEntry> = None;
    let mut entries_seen = 0usize;
    let mut header = Header::default();
    let mut unparsed_dates = 0usize;

    loop {
        match walker.next()? {
            Step::Done => break,
            Step::Open => {
                let stack = &walker.stack;
                if stack.len() == 2 && stack[1] == "sdnEntry" {
                    entries_seen += 1;
                    entry = Some(RawEntry::new(walker.event_start, entries_seen));
                } else if stack.len() > 2
                    && let Some(raw) = entry.as_mut()
                {
                    raw.open(&stack[2..]);
                }
            }
            Step::Close(text) => {
                let stack = &walker.stack;
                if stack.len() == 2 && stack[1] == "sdnEntry" {
                    if let Some(raw) = entry.take() {
                        let ctx = BuildContext { list, file_label };
                        if let Some(entity) =
                            build_entity(raw, &ctx, &mut seen_ids, &mut unparsed_dates, report)
                        {
                            entities.push(entity);
                        }
                    }
                } else if stack.len() > 2
                    && let Some(raw) = entry.as_mut()
                {
                    raw.close(&stack[2..], &text);
                } else if stack.len() == 3 && is_publish_info(&stack[1]) {
                    header.set(&stack[2], &text);
                }
            }
        }
    }

    report.records += entities.len();
    write_notes(report, &header, entries_seen, &entities, unparsed_dates);
    Ok(entities)
}

/// The file's `Publish_Date` (as ISO `YYYY-MM-DD`; as written when it is not
/// `MM/DD/YYYY`) and `Record_Count`. Reads only the header.
pub fn publish_info(path: &Path) -> Result<(Option<String>, Option<usize>), ListError> {
    let file = open(path)?;
    let mut walker = Walker::new(BufReader::new(file), path);
    let mut header = Header::default();
    loop {
        match walker.next()? {
            Step::Done => break,
            Step::Open => {
                // The header comes first; the first entry means there is no more of it.
                if walker.stack.len() == 2 && walker.stack[1] == "sdnEntry" {
                    break;
                }
            }
            Step::Close(text) => {
                let stack = &walker.stack;
                if stack.len() == 3 && is_publish_info(&stack[1]) {
                    header.set(&stack[2], &text);
                } else if stack.len() == 2 && is_publish_info(&stack[1]) {
                    break;
                }
            }
        }
    }
    let date = header
        .publish_date
        .as_deref()
        .map(|d| dates::us_date_to_iso(d).unwrap_or_else(|| d.to_string()));
    let count = header
        .record_count
        .as_deref()
        .and_then(|c| c.parse::<usize>().ok());
    Ok((date, count))
}

fn open(path: &Path) -> Result<File, ListError> {
    File::open(path).map_err(|source| ListError::Io {
        file: path.to_path_buf(),
        source,
    })
}

/// OFAC spells it `publshInformation`; accept the correct spelling too.
fn is_publish_info(name: &str) -> bool {
    name == "publshInformation" || name == "publishInformation"
}

// ---------------------------------------------------------------------------
// XML walking

/// What the walker reports: an element opened (it is the top of `stack`), an
/// element closed with its text (still the top of `stack` until the next call),
/// or the end of a well-formed document.
enum Step {
    Open,
    Close(String),
    Done,
}

/// Wraps the quick-xml reader: keeps the stack of open local names, collects
/// text (resolving entity and character references), checks the root and that
/// the document is complete, and turns every problem into [`ListError`].
struct Walker<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    file: PathBuf,
    /// Local names of the open elements, the root first.
    stack: Vec<String>,
    /// Text of the innermost open element since it (or its last child) opened.
    text: String,
    /// Byte offset where the last event began.
    event_start: u64,
    /// The top of `stack` was closed and is popped at the next call.
    pop_pending: bool,
    /// The last event was an empty element `<x/>`: report its close next.
    empty_pending: bool,
    root_seen: bool,
}

impl<R: BufRead> Walker<R> {
    fn new(reader: R, path: &Path) -> Walker<R> {
        let mut reader = Reader::from_reader(reader);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Walker {
            reader,
            buf: Vec::with_capacity(4096),
            file: path.to_path_buf(),
            stack: Vec::new(),
            text: String::new(),
            event_start: 0,
            pop_pending: false,
            empty_pending: false,
            root_seen: false,
        }
    }

    fn malformed(&self, position: u64, message: impl Into<String>) -> ListError {
        ListError::Malformed {
            file: self.file.clone(),
            position: Position::byte(position),
            message: message.into(),
        }
    }

    fn xml_error(&self, err: quick_xml::Error) -> ListError {
        match err {
            quick_xml::Error::Io(e) => ListError::Io {
                file: self.file.clone(),
                source: std::io::Error::new(e.kind(), e.to_string()),
            },
            other => self.malformed(
                self.reader.error_position(),
                format!("not well-formed XML: {other}"),
            ),
        }
    }

    fn next(&mut self) -> Result<Step, ListError> {
        if self.empty_pending {
            self.empty_pending = false;
            self.pop_pending = true;
            return Ok(Step::Close(String::new()));
        }
        if self.pop_pending {
            self.pop_pending = false;
            self.stack.pop();
        }
        loop {
            self.buf.clear();
            self.event_start = self.reader.buffer_position();
            // The event borrows `buf`; lower it to owned data (text goes
            // straight into `text`) before acting on it.
            let outside_root = self.stack.is_empty();
            let lowered = match self.reader.read_event_into(&mut self.buf) {
                Err(err) => Lowered::XmlError(err),
                Ok(Event::Start(start)) => {
                    Lowered::Open(start.local_name().into_inner().to_string(), false)
                }
                Ok(Event::Empty(start)) => {
                    Lowered::Open(start.local_name().into_inner().to_string(), true)
                }
                Ok(Event::End(_)) => Lowered::Close,
                Ok(Event::Text(t)) => append_text(&mut self.text, outside_root, &t.xml10_content()),
                Ok(Event::CData(c)) => {
                    append_text(&mut self.text, outside_root, &c.xml10_content())
                }
                Ok(Event::GeneralRef(r)) => match resolve_reference(&r) {
                    Ok(resolved) => append_text(&mut self.text, outside_root, &resolved),
                    Err(message) => Lowered::Bad(message),
                },
                Ok(Event::Eof) => Lowered::Eof,
                Ok(Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_)) => {
                    Lowered::Nothing
                }
            };
            match lowered {
                Lowered::Nothing => {}
                Lowered::XmlError(err) => return Err(self.xml_error(err)),
                Lowered::Bad(message) => return Err(self.malformed(self.event_start, message)),
                Lowered::Open(name, empty) => {
                    self.open(name)?;
                    self.empty_pending = empty;
                    return Ok(Step::Open);
                }
                Lowered::Close => {
                    if self.stack.is_empty() {
                        // quick-xml rejects unmatched end tags; be safe anyway.
                        return Err(self.malformed(self.event_start, "end tag without start tag"));
                    }
                    self.pop_pending = true;
                    return Ok(Step::Close(std::mem::take(&mut self.text)));
                }
                Lowered::Eof => {
                    let end = self.reader.buffer_position();
                    if let Some(open) = self.stack.last() {
                        return Err(self.malformed(
                            end,
                            format!(
                                "unexpected end of file inside <{open}> ({} element(s) not closed): \
                                 the file is truncated",
                                self.stack.len()
                            ),
                        ));
                    }
                    if !self.root_seen {
                        return Err(self.malformed(end, format!("no <{ROOT}> root element")));
                    }
                    return Ok(Step::Done);
                }
            }
        }
    }

    fn open(&mut self, name: String) -> Result<(), ListError> {
        if self.stack.is_empty() {
            if self.root_seen {
                return Err(self.malformed(
                    self.event_start,
                    format!("element <{name}> after the root element"),
                ));
            }
            if name != ROOT {
                return Err(self.malformed(
                    self.event_start,
                    format!("root element is <{name}>, expected <{ROOT}>"),
                ));
            }
            self.root_seen = true;
        }
        self.stack.push(name);
        self.text.clear();
        Ok(())
    }
}

/// One reader event reduced to owned data.
enum Lowered {
    Open(String, bool),
    Close,
    Eof,
    Nothing,
    Bad(String),
    XmlError(quick_xml::Error),
}

/// Adds character data to the open element's text; outside the root only
/// whitespace is allowed.
fn append_text(text: &mut String, outside_root: bool, s: &str) -> Lowered {
    if outside_root {
        if s.chars().all(char::is_whitespace) {
            return Lowered::Nothing;
        }
        return Lowered::Bad("text outside the root element".to_string());
    }
    text.push_str(s);
    Lowered::Nothing
}

/// `&amp;`, `&#38;`, `&#x26;` and the other predefined references.
fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    match r.resolve_char_ref() {
        Ok(Some(ch)) => Ok(ch.to_string()),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r)
            .map(str::to_string)
            .ok_or_else(|| format!("unknown entity &{};", &**r)),
        Err(e) => Err(format!("bad character reference &{};: {e}", &**r)),
    }
}

// ---------------------------------------------------------------------------
// Records

#[derive(Default)]
struct Header {
    publish_date: Option<String>,
    record_count: Option<String>,
}

impl Header {
    fn set(&mut self, field: &str, text: &str) {
        let v = text.trim();
        if v.is_empty() {
            return;
        }
        match field {
            "Publish_Date" => self.publish_date = Some(v.to_string()),
            "Record_Count" => self.record_count = Some(v.to_string()),
            _ => {}
        }
    }
}

/// The fields of one sub-record (`id`, `aka`, `address`, ...) by element name.
#[derive(Default)]
struct Rec(BTreeMap<String, String>);

impl Rec {
    fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
}

/// One `sdnEntry` as read, before it is turned into an [`Entity`].
struct RawEntry {
    /// Byte offset of `<sdnEntry`.
    start: u64,
    /// 1-based position among the file's entries.
    ordinal: usize,
    fields: Rec,
    remarks: Vec<String>,
    programs: Vec<String>,
    ids: Vec<Rec>,
    akas: Vec<Rec>,
    addresses: Vec<Rec>,
    nationalities: Vec<Rec>,
    citizenships: Vec<Rec>,
    birth_dates: Vec<Rec>,
    birth_places: Vec<Rec>,
    vessel: Rec,
}

impl RawEntry {
    fn new(start: u64, ordinal: usize) -> RawEntry {
        RawEntry {
            start,
            ordinal,
            fields: Rec::default(),
            remarks: Vec::new(),
            programs: Vec::new(),
            ids: Vec::new(),
            akas: Vec::new(),
            addresses: Vec::new(),
            nationalities: Vec::new(),
            citizenships: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            vessel: Rec::default(),
        }
    }

    /// The repeated sub-record kept for `<list><item>` (`<akaList><aka>`, ...).
    fn group(&mut self, list: &str, item: &str) -> Option<&mut Vec<Rec>> {
        match (list, item) {
            ("idList", "id") => Some(&mut self.ids),
            ("akaList", "aka") => Some(&mut self.akas),
            ("addressList", "address") => Some(&mut self.addresses),
            ("nationalityList", "nationality") => Some(&mut self.nationalities),
            ("citizenshipList", "citizenship") => Some(&mut self.citizenships),
            ("dateOfBirthList", "dateOfBirthItem") => Some(&mut self.birth_dates),
            ("placeOfBirthList", "placeOfBirthItem") => Some(&mut self.birth_places),
            _ => None,
        }
    }

    /// An element opened; `path` is its path below `sdnEntry`.
    fn open(&mut self, path: &[String]) {
        if let [list, item] = path
            && let Some(group) = self.group(list, item)
        {
            group.push(Rec::default());
        }
    }

    /// An element closed with `text`; `path` is its path below `sdnEntry`.
    fn close(&mut self, path: &[String], text: &str) {
        let v = text.trim();
        if v.is_empty() {
            return;
        }
        match path {
            [field] if field == "remarks" => self.remarks.push(v.to_string()),
            [field] => {
                self.fields.0.insert(field.clone(), v.to_string());
            }
            [list, item] if list == "programList" && item == "program" => {
                push_str(&mut self.programs, v);
            }
            [vessel, field] if vessel == "vesselInfo" => {
                self.vessel.0.insert(field.clone(), v.to_string());
            }
            [list, item, field] => {
                if let Some(rec) = self.group(list, item).and_then(|g| g.last_mut()) {
                    rec.0.insert(field.clone(), v.to_string());
                }
            }
            _ => {}
        }
    }

    /// How to name this entry in the report.
    fn label(&self) -> String {
        match self.fields.get("uid") {
            Some(uid) => format!("sdnEntry #{} (uid {uid:?})", self.ordinal),
            None => format!("sdnEntry #{}", self.ordinal),
        }
    }
}

struct BuildContext<'a> {
    list: &'a str,
    file_label: &'a str,
}

fn build_entity(
    raw: RawEntry,
    ctx: &BuildContext<'_>,
    seen_ids: &mut HashSet<String>,
    unparsed_dates: &mut usize,
    report: &mut ParseReport,
) -> Option<Entity> {
    let position = Position::byte(raw.start);
    let uid = match raw.fields.get("uid") {
        Some(uid) if uid.bytes().all(|b| b.is_ascii_digit()) => uid,
        Some(_) => {
            report.skip(raw.label(), position, "uid is not numeric");
            return None;
        }
        None => {
            report.skip(raw.label(), position, "no uid");
            return None;
        }
    };
    let id = format!("ofac:{uid}");
    let schema = match raw.fields.get("sdnType") {
        Some(t) => match Schema::parse(t) {
            Some(s) => s,
            None => {
                report.skip(id, position, format!("unknown sdnType {t:?}"));
                return None;
            }
        },
        None => {
            report.skip(id, position, "no sdnType");
            return None;
        }
    };
    let Some(last) = raw.fields.get("lastName").map(collapse_ws) else {
        report.skip(id, position, "no lastName (no primary name)");
        return None;
    };
    if seen_ids.contains(&id) {
        report.skip(id, position, "duplicate uid: an earlier sdnEntry has it");
        return None;
    }
    seen_ids.insert(id.clone());

    let mut entity = Entity::new(id, schema);
    let first = raw.fields.get("firstName").map(collapse_ws);
    entity.push_name(layout_name(
        schema,
        &last,
        first.as_deref(),
        NameKind::Primary,
    ));
    for aka in &raw.akas {
        let Some(aka_last) = aka.get("lastName").map(collapse_ws) else {
            continue;
        };
        let aka_first = aka.get("firstName").map(collapse_ws);
        let kind = aka_kind(aka.get("category"), aka.get("type"));
        entity.push_name(layout_name(schema, &aka_last, aka_first.as_deref(), kind));
    }

    for rec in &raw.birth_dates {
        if let Some(text) = rec.get("dateOfBirth") {
            let date = parse_birth_date(text);
            if date.from.is_none() {
                *unparsed_dates += 1;
            }
            if !entity.birth_dates.contains(&date) {
                entity.birth_dates.push(date);
            }
        }
    }
    for rec in &raw.birth_places {
        if let Some(place) = rec.get("placeOfBirth") {
            push_str(&mut entity.birth_places, place);
        }
    }
    for rec in raw.nationalities.iter().chain(&raw.citizenships) {
        if let Some(country) = rec.get("country") {
            push_str(&mut entity.nationalities, country);
        }
    }

    for rec in &raw.ids {
        let (Some(kind), Some(value)) = (rec.get("idType"), rec.get("idNumber")) else {
            continue;
        };
        if kind.eq_ignore_ascii_case("gender") {
            entity.gender = Some(value.to_string());
            continue;
        }
        let mut notes = Vec::new();
        if let Some(d) = rec.get("issueDate") {
            notes.push(format!("issued {d}"));
        }
        if let Some(d) = rec.get("expirationDate") {
            notes.push(format!("expires {d}"));
        }
        let identifier = Identifier {
            kind: kind.to_string(),
            value: value.to_string(),
            country: rec.get("idCountry").map(str::to_string),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        };
        if !entity.identifiers.contains(&identifier) {
            entity.identifiers.push(identifier);
        }
    }

    for rec in &raw.addresses {
        let parts: Vec<&str> = [
            "address1",
            "address2",
            "address3",
            "city",
            "stateOrProvince",
            "postalCode",
        ]
        .iter()
        .filter_map(|f| rec.get(f))
        .collect();
        let address = Address {
            text: parts.join(", "),
            country: rec.get("country").map(str::to_string),
        };
        if let Some(country) = &address.country {
            push_str(&mut entity.countries, country);
        }
        if (!address.text.is_empty() || address.country.is_some())
            && !entity.addresses.contains(&address)
        {
            entity.addresses.push(address);
        }
    }

    if let Some(title) = raw.fields.get("title") {
        push_fact(&mut entity, "title", title);
    }
    for (field, key) in [
        ("callSign", "call_sign"),
        ("vesselType", "vessel_type"),
        ("vesselFlag", "vessel_flag"),
        ("vesselOwner", "vessel_owner"),
        ("tonnage", "tonnage"),
        ("grossRegisteredTonnage", "gross_registered_tonnage"),
    ] {
        if let Some(value) = raw.vessel.get(field) {
            push_fact(&mut entity, key, value);
        }
    }
    if let Some(flag) = raw.vessel.get("vesselFlag") {
        push_str(&mut entity.countries, flag);
    }

    entity.remarks = raw.remarks;
    entity.lists.push(ListMembership {
        source: Source::Ofac,
        list: ctx.list.to_string(),
        programs: raw.programs,
        listed_on: None,
        file: ctx.file_label.to_string(),
    });
    entity.seal();
    Some(entity)
}

/// A name as OFAC's CSV writes it: `LASTNAME, Firstname` when there is a first
/// name, else the last name alone. Persons get `family`/`given`; a person's
/// name with no first name but written `LAST, First` in `lastName` (OFAC does
/// that for weak a.k.a.s) is split at the comma.
fn layout_name(schema: Schema, last: &str, first: Option<&str>, kind: NameKind) -> Name {
    let first = first.filter(|f| !f.is_empty());
    let full = match first {
        Some(f) => format!("{last}, {f}"),
        None => last.to_string(),
    };
    let name = Name::new(full, kind);
    if schema != Schema::Person {
        return name;
    }
    match first {
        Some(f) => name.with_parts(Some(last.to_string()), Some(f.to_string())),
        None => match last.split_once(',') {
            Some((family, given)) => name.with_parts(
                Some(family.trim().to_string()),
                Some(given.trim().to_string()),
            ),
            None => name.with_parts(Some(last.to_string()), None),
        },
    }
}

fn aka_kind(category: Option<&str>, kind: Option<&str>) -> NameKind {
    if category.is_some_and(|c| c.trim().eq_ignore_ascii_case("weak")) {
        return NameKind::Weak;
    }
    let kind = kind.unwrap_or("").trim().to_ascii_lowercase();
    match kind.as_str() {
        "f.k.a." | "fka" | "f.k.a" => NameKind::Former,
        _ => NameKind::Alias,
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_notes(
    report: &mut ParseReport,
    header: &Header,
    entries_seen: usize,
    entities: &[Entity],
    unparsed_dates: usize,
) {
    match header.publish_date.as_deref() {
        Some(d) => match dates::us_date_to_iso(d) {
            Some(iso) => report.notes.push(format!("Publish_Date {d} ({iso})")),
            None => report
                .notes
                .push(format!("Publish_Date {d:?} is not MM/DD/YYYY")),
        },
        None => report
            .notes
            .push("no Publish_Date in the header".to_string()),
    }
    match header.record_count.as_deref() {
        Some(c) => match c.parse::<usize>() {
            Ok(n) if n == entries_seen => report.notes.push(format!(
                "Record_Count {n} matches the {entries_seen} sdnEntry elements read"
            )),
            Ok(n) => report.notes.push(format!(
                "Record_Count says {n} but {entries_seen} sdnEntry elements were read: \
                 the file may be truncated or edited"
            )),
            Err(_) => report
                .notes
                .push(format!("Record_Count {c:?} is not a number")),
        },
        None => report
            .notes
            .push("no Record_Count in the header".to_string()),
    }
    let mut by_schema: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entities {
        *by_schema.entry(e.schema.as_str()).or_default() += 1;
    }
    let counts: Vec<String> = by_schema.iter().map(|(k, n)| format!("{n} {k}")).collect();
    report.notes.push(format!(
        "{} entities: {}",
        entities.len(),
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    ));
    if unparsed_dates > 0 {
        report.notes.push(format!(
            "{unparsed_dates} date(s) of birth not understood; kept as text"
        ));
    }
}

// ---------------------------------------------------------------------------
// Dates

/// A date of birth as OFAC writes it ([`dates::parse_span`]): `08 Jan 1984`
/// (exact), `Jan 1984` (a month: kind `range`, from = to = `1984-01`), `1962`
/// (year), `circa 1960` (approximate), `1950 to 1955` (range; also with full
/// dates on either side). Anything else keeps its text with no bounds and
/// kind `approximate`.
pub fn parse_birth_date(text: &str) -> BirthDate {
    let text = text.trim().to_string();
    let Some(span) = dates::parse_span(&text) else {
        return BirthDate {
            text,
            from: None,
            to: None,
            kind: "approximate".to_string(),
        };
    };
    let kind = match (span.approximate, span.single) {
        (true, _) => "approximate",
        (false, None | Some(Precision::Month)) => "range",
        (false, Some(Precision::Day)) => "exact",
        (false, Some(Precision::Year)) => "year",
    };
    BirthDate {
        text,
        from: Some(span.from),
        to: Some(span.to),
        kind: kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::ListError;
    use crate::model::Fact;
    use std::io::{Cursor, Write};

    const LIST: &str = "OFAC Consolidated";
    const LABEL: &str = "ofac/consolidated.xml";

    fn fixture_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ofac/consolidated_sample.xml")
    }

    fn parse_fixture() -> (Vec<Entity>, ParseReport) {
        let mut report = ParseReport::new(LABEL);
        let entities = parse(&fixture_path(), LIST, LABEL, &mut report).expect("fixture parses");
        (entities, report)
    }

    fn parse_str(xml: &str) -> (Result<Vec<Entity>, ListError>, ParseReport) {
        let mut report = ParseReport::new("test.xml");
        let result = parse_reader(
            Cursor::new(xml.as_bytes()),
            Path::new("test.xml"),
            LIST,
            LABEL,
            &mut report,
        );
        (result, report)
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

    fn malformed_position(err: ListError) -> (Position, String) {
        match err {
            ListError::Malformed {
                position, message, ..
            } => (position, message),
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    fn byte_number(position: Position) -> u64 {
        match position {
            Position {
                byte: Some(n),
                line: None,
                ..
            } => n,
            other => panic!("not a byte position: {other:?}"),
        }
    }

    /// An sdnList document around the given entries.
    fn doc(entries: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">\n\
             <publshInformation><Publish_Date>12/31/2024</Publish_Date>\
             <Record_Count>1</Record_Count></publshInformation>\n{entries}\n</sdnList>\n"
        )
    }

    #[test]
    fn fixture_reads_every_entry_with_ids_and_schemas() {
        let (entities, report) = parse_fixture();
        let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ofac:9639",
                "ofac:9647",
                "ofac:17014",
                "ofac:17016",
                "ofac:30958",
                "ofac:50476"
            ]
        );
        assert_eq!(report.records, 6);
        assert!(report.skipped.is_empty());
        let persons = entities
            .iter()
            .filter(|e| e.schema == Schema::Person)
            .count();
        assert_eq!(persons, 3);
        assert_eq!(get(&entities, "ofac:17014").schema, Schema::Organization);
        assert!(
            report
                .notes
                .contains(&"6 entities: 3 organization, 3 person".to_string()),
            "{:?}",
            report.notes
        );
        for e in &entities {
            assert_eq!(e.entity_version.len(), 16, "sealed");
        }
    }

    #[test]
    fn individual_primary_name_and_akas_use_the_csv_layout() {
        let (entities, _) = parse_fixture();
        let e = get(&entities, "ofac:9639");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(e.caption(), "HANIYA, Ismail Abdul Salah");
        let primary = &e.names[0];
        assert_eq!(primary.kind, NameKind::Primary);
        assert_eq!(primary.family.as_deref(), Some("HANIYA"));
        assert_eq!(primary.given.as_deref(), Some("Ismail Abdul Salah"));
        assert_eq!(primary.script, "latin");
        assert_eq!(
            names_of(e, NameKind::Alias),
            ["HANIYA, Ismail", "HANIYYA, Ismaeel"]
        );
        let aka = &e.names[2];
        assert_eq!(aka.family.as_deref(), Some("HANIYYA"));
        assert_eq!(aka.given.as_deref(), Some("Ismaeel"));
    }

    #[test]
    fn weak_akas_in_the_real_file_are_weak_names() {
        let (entities, _) = parse_fixture();
        // An individual whose weak a.k.a.s carry the whole name in lastName.
        let e = get(&entities, "ofac:9647");
        assert_eq!(names_of(e, NameKind::Alias), ["AL ZAHAR, Mahmoud Khaled"]);
        assert_eq!(
            names_of(e, NameKind::Weak),
            ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]
        );
        let weak = e.names.iter().find(|n| n.full == "ZAHAR, Mahmoud").unwrap();
        assert_eq!(weak.family.as_deref(), Some("ZAHAR"));
        assert_eq!(weak.given.as_deref(), Some("Mahmoud"));
        // A nickname: the last name only.
        let e = get(&entities, "ofac:50476");
        assert_eq!(names_of(e, NameKind::Weak), ["Sweet Micky"]);
        // Entities: no name parts.
        let e = get(&entities, "ofac:17014");
        assert_eq!(names_of(e, NameKind::Weak), ["RUSAG"]);
        assert_eq!(names_of(e, NameKind::Alias).len(), 4);
        assert!(
            e.names
                .iter()
                .all(|n| n.family.is_none() && n.given.is_none())
        );
        let e = get(&entities, "ofac:30958");
        assert_eq!(names_of(e, NameKind::Weak), ["CNECC", "CNEC"]);
    }

    #[test]
    fn fka_is_a_former_name() {
        let (entities, _) = parse_fixture();
        let e = get(&entities, "ofac:17016");
        assert_eq!(e.caption(), "GAZPROMBANK JOINT STOCK COMPANY");
        assert_eq!(
            names_of(e, NameKind::Former),
            [
                "GAZPROMBANK OPEN JOINT STOCK COMPANY",
                "JOINT STOCK BANK OF THE GAS INDUSTRY GAZPROMBANK"
            ]
        );
        assert_eq!(names_of(e, NameKind::Alias), ["BANK GPB JSC"]);
    }

    #[test]
    fn entity_identifiers_addresses_and_countries() {
        let (entities, _) = parse_fixture();
        let e = get(&entities, "ofac:17014");
        assert_eq!(e.identifiers.len(), 10);
        assert_eq!(
            e.identifiers[0],
            Identifier {
                kind: "Registration Number".into(),
                value: "1027700342890".into(),
                country: Some("Russia".into()),
                note: None,
            }
        );
        let swift = e
            .identifiers
            .iter()
            .find(|i| i.kind == "SWIFT/BIC")
            .unwrap();
        assert_eq!(swift.value, "RUAGRUMM");
        assert_eq!(swift.country, None);
        assert_eq!(
            e.addresses[0],
            Address {
                text: "3, Gagarinsky Pereulok, Moscow, 119034".into(),
                country: Some("Russia".into()),
            }
        );
        assert_eq!(e.addresses.len(), 2);
        assert_eq!(e.countries, ["Russia"], "address countries without repeats");
        assert_eq!(e.remarks.len(), 1);
        assert!(e.remarks[0].starts_with("For more information on directives"));
        assert_eq!(
            e.lists,
            [ListMembership {
                source: Source::Ofac,
                list: LIST.into(),
                programs: vec!["UKRAINE-EO13662".into(), "RUSSIA-EO14024".into()],
                listed_on: None,
                file: LABEL.into(),
            }]
        );

        let e = get(&entities, "ofac:17016");
        assert_eq!(
            e.countries,
            ["Russia", "Mongolia", "Kazakhstan", "India", "China"]
        );
        assert_eq!(
            e.addresses[0].text,
            "16 Nametkina Street, Bldg. 1, Moscow, 117420"
        );
        // 16 <id>s, two of them the same `Organization Established Date 31 Jul 1990`.
        assert_eq!(e.identifiers.len(), 15);
        assert!(
            e.birth_dates.is_empty(),
            "org dates are identifiers, not DOBs"
        );
    }

    #[test]
    fn person_details_nationality_gender_birth_and_region_address() {
        let (entities, _) = parse_fixture();
        let e = get(&entities, "ofac:9647");
        assert_eq!(e.nationalities, ["Palestinian"]);
        assert_eq!(e.gender.as_deref(), Some("Male"));
        assert!(e.identifiers.iter().all(|i| i.kind != "Gender"));
        assert_eq!(e.identifiers.len(), 1);
        assert_eq!(
            e.birth_dates,
            [BirthDate {
                text: "1945".into(),
                from: Some("1945".into()),
                to: Some("1945".into()),
                kind: "year".into(),
            }]
        );
        assert_eq!(e.birth_places, ["Gaza Strip"]);
        assert_eq!(
            e.addresses,
            [Address {
                text: String::new(),
                country: Some("Region: Gaza".into()),
            }]
        );
        assert_eq!(e.countries, ["Region: Gaza"]);
        assert_eq!(e.remarks, ["(Linked To: HAMAS)"]);
        assert_eq!(e.lists[0].programs, ["NS-PLC", "SDGT"]);

        let e = get(&entities, "ofac:50476");
        assert_eq!(e.caption(), "MARTELLY, Michel Joseph");
        assert_eq!(e.nationalities, ["Haiti"]);
        assert_eq!(
            e.birth_dates,
            [BirthDate {
                text: "12 Feb 1961".into(),
                from: Some("1961-02-12".into()),
                to: Some("1961-02-12".into()),
                kind: "exact".into(),
            }]
        );
        assert_eq!(e.birth_places, ["Port-au-Prince, Haiti"]);
        assert_eq!(e.addresses[0].text, "Miami, FL");
        assert_eq!(
            e.countries,
            ["United States", "Haiti", "Dominican Republic"]
        );
        let dl = &e.identifiers[1];
        assert_eq!(dl.kind, "Driver's License No.");
        assert_eq!(dl.country.as_deref(), Some("United States"));
        assert!(e.remarks.is_empty());
    }

    #[test]
    fn entity_references_are_resolved() {
        let (entities, _) = parse_fixture();
        let e = get(&entities, "ofac:30958");
        assert!(
            names_of(e, NameKind::Alias)
                .contains(&"CHINA NUCLEAR ENGINEERING & CONSTRUCTION CORP LTD")
        );
        let (result, _) = parse_str(&doc(
            "<sdnEntry><uid>1</uid><lastName>A &#38; B &#x41;&lt;&gt;&quot;&apos;</lastName>\
             <sdnType>Entity</sdnType></sdnEntry>",
        ));
        assert_eq!(result.unwrap()[0].caption(), "A & B A<>\"'");
        let (result, _) = parse_str(&doc(
            "<sdnEntry><uid>1</uid><lastName>A &bogus; B</lastName>\
             <sdnType>Entity</sdnType></sdnEntry>",
        ));
        let (_, message) = malformed_position(result.unwrap_err());
        assert!(message.contains("bogus"), "{message}");
    }

    #[test]
    fn synthetic_entry_with_everything_the_schema_allows() {
        // The shipped file has no multiple DOBs, citizenship, vessel, title or
        // id dates; the public schema has them.
        let xml = doc(r#"
  <sdnEntry>
    <uid>42</uid>
    <firstName>Jong  Un</firstName>
    <lastName>KIM</lastName>
    <title>Supreme Leader</title>
    <sdnType>Individual</sdnType>
    <remarks>Gender Male.</remarks>
    <programList><program>DPRK</program><program>DPRK</program><program>DPRK3</program></programList>
    <idList>
      <id><uid>1</uid><idType>Passport</idType><idNumber>645310001</idNumber><idCountry>Korea, North</idCountry>
        <issueDate>01 Jan 2010</issueDate><expirationDate>01 Jan 2020</expirationDate></id>
      <id><uid>2</uid><idType>Passport</idType></id>
    </idList>
    <akaList>
      <aka><uid>3</uid><type>n.k.a.</type><category>strong</category><lastName>KIM</lastName><firstName>Jung Eun</firstName></aka>
      <aka><uid>4</uid><type>a.k.a.</type><category>weak</category><lastName>Brilliant Comrade</lastName></aka>
      <aka><uid>5</uid><type>f.k.a.</type><category>strong</category><lastName>KIM</lastName><firstName>Jong Woon</firstName></aka>
      <aka><uid>6</uid><type>a.k.a.</type></aka>
    </akaList>
    <nationalityList>
      <nationality><uid>7</uid><country>Korea, North</country><mainEntry>true</mainEntry></nationality>
    </nationalityList>
    <citizenshipList>
      <citizenship><uid>8</uid><country>Korea, North</country><mainEntry>true</mainEntry></citizenship>
      <citizenship><uid>9</uid><country>Switzerland</country><mainEntry>false</mainEntry></citizenship>
    </citizenshipList>
    <dateOfBirthList>
      <dateOfBirthItem><uid>10</uid><dateOfBirth>08 Jan 1984</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>11</uid><dateOfBirth>1982 to 1983</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>12</uid><dateOfBirth>circa 1983</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
      <dateOfBirthItem><uid>13</uid><dateOfBirth>sometime</dateOfBirth><mainEntry>false</mainEntry></dateOfBirthItem>
    </dateOfBirthList>
    <placeOfBirthList>
      <placeOfBirthItem><uid>14</uid><placeOfBirth>Pyongyang</placeOfBirth></placeOfBirthItem>
    </placeOfBirthList>
    <someFutureElement><nested>ignored</nested></someFutureElement>
    <empty/>
  </sdnEntry>
  <sdnEntry>
    <uid>43</uid>
    <lastName>CHONG CHON GANG</lastName>
    <sdnType>Vessel</sdnType>
    <vesselInfo>
      <callSign>HMZF</callSign><vesselType>General Cargo</vesselType><vesselFlag>Korea, North</vesselFlag>
      <vesselOwner>OCEAN MARITIME MANAGEMENT</vesselOwner><tonnage>6,000</tonnage><grossRegisteredTonnage>6,395</grossRegisteredTonnage>
    </vesselInfo>
    <addressList><address><uid>15</uid><country>Korea, North</country></address></addressList>
  </sdnEntry>
  <sdnEntry><uid>44</uid><lastName>AIR KORYO IL-76</lastName><sdnType>Aircraft</sdnType></sdnEntry>"#);
        let (result, report) = parse_str(&xml);
        let entities = result.unwrap();
        assert_eq!(entities.len(), 3);
        let kim = &entities[0];
        assert_eq!(kim.caption(), "KIM, Jong Un", "whitespace collapsed");
        assert_eq!(
            names_of(kim, NameKind::Alias),
            ["KIM, Jung Eun"],
            "n.k.a. is an alias"
        );
        assert_eq!(names_of(kim, NameKind::Former), ["KIM, Jong Woon"]);
        assert_eq!(names_of(kim, NameKind::Weak), ["Brilliant Comrade"]);
        assert_eq!(kim.names.len(), 4, "an aka without a name is dropped");
        assert_eq!(
            kim.facts,
            [Fact {
                key: "title".into(),
                value: "Supreme Leader".into()
            }]
        );
        assert_eq!(kim.lists[0].programs, ["DPRK", "DPRK3"]);
        assert_eq!(
            kim.identifiers,
            [Identifier {
                kind: "Passport".into(),
                value: "645310001".into(),
                country: Some("Korea, North".into()),
                note: Some("issued 01 Jan 2010; expires 01 Jan 2020".into()),
            }]
        );
        assert_eq!(kim.nationalities, ["Korea, North", "Switzerland"]);
        assert_eq!(kim.remarks, ["Gender Male."]);
        assert_eq!(kim.gender, None, "remarks are not parsed here");
        let dobs: Vec<(&str, Option<&str>, Option<&str>)> = kim
            .birth_dates
            .iter()
            .map(|d| (d.kind.as_str(), d.from.as_deref(), d.to.as_deref()))
            .collect();
        assert_eq!(
            dobs,
            [
                ("exact", Some("1984-01-08"), Some("1984-01-08")),
                ("range", Some("1982"), Some("1983")),
                ("approximate", Some("1983"), Some("1983")),
                ("approximate", None, None),
            ]
        );
        assert_eq!(kim.birth_places, ["Pyongyang"]);
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("1 date(s) of birth not understood"))
        );

        let ship = &entities[1];
        assert_eq!(ship.schema, Schema::Vessel);
        assert!(ship.names[0].family.is_none());
        let facts: Vec<(&str, &str)> = ship
            .facts
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            facts,
            [
                ("call_sign", "HMZF"),
                ("vessel_type", "General Cargo"),
                ("vessel_flag", "Korea, North"),
                ("vessel_owner", "OCEAN MARITIME MANAGEMENT"),
                ("tonnage", "6,000"),
                ("gross_registered_tonnage", "6,395"),
            ]
        );
        assert_eq!(
            ship.countries,
            ["Korea, North"],
            "flag and address country once"
        );
        assert_eq!(entities[2].schema, Schema::Aircraft);
    }

    #[test]
    fn birth_date_table() {
        let cases: &[(&str, Option<&str>, Option<&str>, &str)] = &[
            (
                "08 Jan 1984",
                Some("1984-01-08"),
                Some("1984-01-08"),
                "exact",
            ),
            (
                "8 jan 1984",
                Some("1984-01-08"),
                Some("1984-01-08"),
                "exact",
            ),
            (
                "12 Feb 1961",
                Some("1961-02-12"),
                Some("1961-02-12"),
                "exact",
            ),
            (
                "29 Feb 2000",
                Some("2000-02-29"),
                Some("2000-02-29"),
                "exact",
            ),
            (
                "01 September 1970",
                Some("1970-09-01"),
                Some("1970-09-01"),
                "exact",
            ),
            (
                "1984-01-08",
                Some("1984-01-08"),
                Some("1984-01-08"),
                "exact",
            ),
            ("Jan 1984", Some("1984-01"), Some("1984-01"), "range"),
            ("Sept. 1984", Some("1984-09"), Some("1984-09"), "range"),
            ("1962", Some("1962"), Some("1962"), "year"),
            ("  1962 ", Some("1962"), Some("1962"), "year"),
            ("circa 1960", Some("1960"), Some("1960"), "approximate"),
            (
                "Circa 08 Jan 1984",
                Some("1984-01-08"),
                Some("1984-01-08"),
                "approximate",
            ),
            (
                "circa 1950 to 1955",
                Some("1950"),
                Some("1955"),
                "approximate",
            ),
            ("1950 to 1955", Some("1950"), Some("1955"), "range"),
            (
                "01 Jan 1950 to 31 Dec 1955",
                Some("1950-01-01"),
                Some("1955-12-31"),
                "range",
            ),
            (
                "Jan 1950 to Dec 1950",
                Some("1950-01"),
                Some("1950-12"),
                "range",
            ),
            ("1950 - 1955", Some("1950"), Some("1955"), "range"),
            ("29 Feb 2001", None, None, "approximate"),
            ("32 Jan 1984", None, None, "approximate"),
            ("08 Foo 1984", None, None, "approximate"),
            ("84", None, None, "approximate"),
            ("1950 to", None, None, "approximate"),
            ("", None, None, "approximate"),
            ("circa", None, None, "approximate"),
        ];
        for (text, from, to, kind) in cases {
            let d = parse_birth_date(text);
            assert_eq!(d.text, text.trim(), "{text:?}");
            assert_eq!(
                (d.from.as_deref(), d.to.as_deref(), d.kind.as_str()),
                (*from, *to, *kind),
                "{text:?}"
            );
        }
    }

    #[test]
    fn publish_info_reads_the_header() {
        assert_eq!(
            publish_info(&fixture_path()).unwrap(),
            (Some("2026-01-08".to_string()), Some(442))
        );

        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nohdr.xml");
        std::fs::write(&p, "<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>").unwrap();
        assert_eq!(publish_info(&p).unwrap(), (None, None));
        std::fs::write(&p, "<CONSOLIDATED_LIST/>").unwrap();
        assert!(matches!(publish_info(&p), Err(ListError::Malformed { .. })));
    }

    #[test]
    fn report_notes_publish_date_and_record_count_mismatch() {
        let (_, report) = parse_fixture();
        assert!(
            report
                .notes
                .contains(&"Publish_Date 01/08/2026 (2026-01-08)".to_string()),
            "{:?}",
            report.notes
        );
        // The sample keeps the real header (442) but only 6 entries.
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.starts_with("Record_Count says 442 but 6 sdnEntry elements were read")),
            "{:?}",
            report.notes
        );
    }

    #[test]
    fn truncated_file_is_malformed_with_byte_position() {
        let bytes = std::fs::read(fixture_path()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("truncated.xml");
        // Cut in the middle of the file: between tags, inside a tag, inside text.
        for cut in [bytes.len() / 2, bytes.len() - 3, 300, 0] {
            let mut f = File::create(&path).unwrap();
            f.write_all(&bytes[..cut]).unwrap();
            drop(f);
            let mut report = ParseReport::new("truncated.xml");
            let err = parse(&path, LIST, "truncated.xml", &mut report).unwrap_err();
            if let ListError::Malformed { file, .. } = &err {
                assert_eq!(file, &path);
            }
            let (position, message) = malformed_position(err);
            let n = byte_number(position);
            assert!(n <= cut as u64, "{position} beyond cut {cut}: {message}");
            assert!(!message.is_empty());
        }
        // Cut right after an entry's end: well-formed so far, root not closed.
        let text = String::from_utf8(bytes).unwrap();
        let cut = text.find("</sdnEntry>").unwrap() + "</sdnEntry>".len();
        let (result, _) = parse_str(&text[..cut]);
        let (position, message) = malformed_position(result.unwrap_err());
        assert_eq!(position, Position::byte(cut as u64));
        assert!(message.contains("truncated"), "{message}");
    }

    #[test]
    fn wrong_root_is_malformed() {
        let xml = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>";
        let (result, _) = parse_str(xml);
        let (position, message) = malformed_position(result.unwrap_err());
        let root = xml.find("<CONSOLIDATED_LIST").unwrap();
        assert_eq!(position, Position::byte(root as u64));
        assert!(message.contains("sdnList"), "{message}");
        // A second root, stray text, nothing at all.
        for bad in [
            "<sdnList></sdnList><sdnList></sdnList>",
            "<sdnList></sdnList>junk",
            "",
            "   ",
        ] {
            let (result, _) = parse_str(bad);
            malformed_position(result.unwrap_err());
        }
    }

    #[test]
    fn not_well_formed_xml_is_malformed() {
        let xml = doc("<sdnEntry><uid>1</uid><lastName>X</firstName></sdnEntry>");
        let (result, _) = parse_str(&xml);
        let (position, message) = malformed_position(result.unwrap_err());
        let n = byte_number(position);
        assert!(n > 0 && n < xml.len() as u64, "{position}");
        assert!(message.contains("not well-formed"), "{message}");
        // Invalid UTF-8.
        let mut bytes = doc("<sdnEntry><uid>1</uid><lastName>X</lastName></sdnEntry>").into_bytes();
        let at = bytes.iter().position(|b| *b == b'X').unwrap();
        bytes[at] = 0xFF;
        let mut report = ParseReport::new("x");
        let err = parse_reader(&bytes[..], Path::new("x"), LIST, "x", &mut report).unwrap_err();
        malformed_position(err);
    }

    #[test]
    fn entry_without_numeric_uid_is_skipped_and_counted() {
        let entries = "<sdnEntry><lastName>NO UID</lastName><sdnType>Entity</sdnType></sdnEntry>\n\
             <sdnEntry><uid>12a</uid><lastName>BAD UID</lastName><sdnType>Entity</sdnType></sdnEntry>\n\
             <sdnEntry><uid>7</uid><lastName>GOOD</lastName><sdnType>Entity</sdnType></sdnEntry>\n\
             <sdnEntry><uid>8</uid><lastName>ODD</lastName><sdnType>Spaceship</sdnType></sdnEntry>\n\
             <sdnEntry><uid>7</uid><lastName>AGAIN</lastName><sdnType>Entity</sdnType></sdnEntry>";
        let xml = doc(entries);
        let (result, report) = parse_str(&xml);
        let entities = result.unwrap();
        assert_eq!(entities.len(), 1);
        assert_eq!(entities[0].id, "ofac:7");
        assert_eq!(entities[0].caption(), "GOOD");
        assert_eq!(report.records, 1);
        assert_eq!(report.skipped.len(), 4);
        let first = &report.skipped[0];
        assert_eq!(first.record, "sdnEntry #1");
        let entry = xml.find("<sdnEntry>").unwrap();
        assert_eq!(first.position, Position::byte(entry as u64));
        assert_eq!(first.reason, "no uid");
        assert_eq!(report.skipped[1].record, "sdnEntry #2 (uid \"12a\")");
        assert_eq!(report.skipped[1].reason, "uid is not numeric");
        assert!(report.skipped[2].reason.contains("Spaceship"));
        assert!(report.skipped[3].reason.contains("duplicate"));
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.starts_with("Record_Count says 1 but 5 sdnEntry elements")),
            "{:?}",
            report.notes
        );
    }

    #[test]
    fn old_tempuri_namespace_and_prefixes_work() {
        let text = std::fs::read_to_string(fixture_path()).unwrap();
        let new_ns =
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML";
        assert!(text.contains(new_ns));
        let (expected, _) = parse_fixture();

        let old = text.replace(new_ns, "http://tempuri.org/sdnList.xsd");
        let (result, report) = parse_str(&old);
        assert_eq!(result.unwrap(), expected);
        assert_eq!(report.records, 6);

        // Prefixed element names are matched on their local names too.
        let prefixed = old
            .replace("xmlns=", "xmlns:s=")
            .replace("</", "\u{1}")
            .replace('<', "<s:")
            .replace("<s:?", "<?")
            .replace('\u{1}', "</s:");
        let (result, _) = parse_str(&prefixed);
        assert_eq!(result.unwrap(), expected);
    }

    #[test]
    fn utf8_bom_and_comments_are_accepted() {
        let xml = format!(
            "\u{feff}<!-- exported -->{}",
            doc("<sdnEntry><uid>5</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>")
        );
        let (result, _) = parse_str(&xml);
        assert_eq!(result.unwrap()[0].id, "ofac:5");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let mut report = ParseReport::new("x");
        let err = parse(Path::new("/nonexistent/sdn.xml"), LIST, "x", &mut report).unwrap_err();
        assert!(matches!(err, ListError::Io { .. }));
        assert!(matches!(
            publish_info(Path::new("/nonexistent/sdn.xml")),
            Err(ListError::Io { .. })
        ));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn parse_reader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
                let mut report = ParseReport::new("x");
                let _ = parse_reader(&bytes[..], Path::new("x"), LIST, "x", &mut report);
            }

            #[test]
            fn parse_reader_never_panics_on_mutated_fixture(
                cut in 0usize..20_000,
                flips in proptest::collection::vec((0usize..20_000, any::<u8>()), 0..8),
            ) {
                let mut bytes = std::fs::read(fixture_path()).unwrap();
                for (at, b) in flips {
                    let len = bytes.len();
                    bytes[at % len] = b;
                }
                bytes.truncate(cut.min(bytes.len()));
                let mut report = ParseReport::new("x");
                let _ = parse_reader(&bytes[..], Path::new("x"), LIST, "x", &mut report);
            }

            #[test]
            fn any_truncation_is_malformed(cut in 0usize..18_742) {
                let bytes = std::fs::read(fixture_path()).unwrap();
                let cut = cut.min(bytes.len() - 1);
                let mut report = ParseReport::new("x");
                let result = parse_reader(&bytes[..cut], Path::new("x"), LIST, "x", &mut report);
                prop_assert!(matches!(result, Err(ListError::Malformed { .. })), "cut {}", cut);
            }

            #[test]
            fn birth_date_parser_never_panics(s in "\\PC{0,40}") {
                let d = parse_birth_date(&s);
                prop_assert_eq!(d.from.is_some(), d.to.is_some());
            }
        }
    }
}
