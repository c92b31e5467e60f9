//! OFAC's legacy CSV sets: SDN (`sdn.csv`, `alt.csv`, `add.csv`,
//! `sdn_comments.csv`) and non-SDN (`cons_prim.csv`, `cons_alt.csv`,
//! `cons_add.csv`, `cons_comments.csv`).
//!
//! ## Format
//!
//! No header; CRLF rows; fields quoted with `"` when they are text; an empty
//! field is written `-0- ` (with the trailing space); the bytes are
//! Windows-1252 (decoded with `encoding_rs`, never assumed UTF-8); the file ends
//! with a lone `\x1a` (DOS end-of-file), which is ignored.
//!
//! | file | columns |
//! |---|---|
//! | primary | ent_num, name, type (`individual`, `vessel`, `aircraft`, `-0-` = entity), programs (`SDGT] [IRGC`), title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks |
//! | alt | ent_num, alt_num, type (`aka`, `fka`, `nka`), name, remarks |
//! | add | ent_num, add_num, address, city/state/postal, country, remarks |
//! | comments | ent_num, continuation of the primary remarks |
//!
//! Each primary row becomes an [`Entity`] `ofac:<ent_num>`: persons' names are
//! split on the first comma into family and given (`KIM, Jong Un`); title, call
//! sign, vessel type, tonnage, GRT, flag and owner become facts (the flag also
//! goes to [`Entity::countries`]); `aka`/`nka` rows become
//! [`NameKind::Alias`], `fka` rows [`NameKind::Former`]; address rows become
//! [`Address`]es (their country also goes to `countries`; OFAC's all-empty
//! placeholder rows are dropped). Remarks go through
//! [`super::ofac_remarks::apply_remarks`].
//!
//! Alias rows whose ent_num has no primary row make a *partial record*
//! `ofac:<ent_num>` ([`Entity::partial`]; the same id the full record will
//! have, so a newer primary file replaces it in place): its first a.k.a.
//! becomes its primary name, the others stay aliases (f.k.a. former) as
//! for any entry, the set's address and comment rows for it attach as
//! usual, and it is on the set's list with no programs (those are in the
//! missing row). Its schema is not known: it is read as an organization,
//! OFAC's own default type, and nothing is inferred from the names. Address
//! and comment rows of an ent_num with no alias row either are counted and
//! not used: there is no name to search on.
//!
//! ## What the shipped files show
//!
//! - **The set is mixed-date.** `sdn.csv` is from 2024-05, `alt.csv`, `add.csv`
//!   and `sdn_comments.csv` from 2025-12. Rows of the secondary files whose
//!   ent_num has no primary row are not fatal: they are counted per file and
//!   reported in [`ParseReport::notes`] (2,460 alias rows for 1,567 ent_nums,
//!   which become 1,567 partial records, 4,893 address rows for 4,253 ent_nums
//!   and 6 comment rows in the shipped SDN set; the non-SDN set is
//!   consistent). Also, 724 `sdn.csv` entries have no
//!   `add.csv` row at all although OFAC writes at least one (possibly empty)
//!   address row per entry (all 442 non-SDN entries have one): those were most
//!   likely delisted after 2024-05. This is reported too.
//! - **Remarks are cut at 1,000 characters** and continue in the comments file
//!   (`sdn.csv` remarks of ent 27307 end `a.k.a. 'WHOIS HACKIN`, the comment row
//!   starts `G TEAM'`). The continuation is appended raw (no trimming: the cut
//!   can fall on a space). A comment row is *not* appended when the primary
//!   remarks are complete (shorter than 1,000 characters and ending with a
//!   period): in the shipped set that happens 5 times (22985, 34682, 34741,
//!   35163, 36025), where the newer comments file continues a longer, newer
//!   remarks text. Where the older primary text was cut at 1,000 characters
//!   but differs from the newer one, the join cannot be checked and is done
//!   anyway (17018 reads `... (EO 14024 Directive 3)ive 2): ...`). Remarks cut
//!   at 1,000 characters without any continuation (39796) are parsed without
//!   their cut-off last clause, which is kept as the fact `remarks_truncated`.
//! - **Weak aliases.** `alt.csv` only holds strong aliases: every `alt_remarks`
//!   is `-0-`, and no alias name is wrapped in quotes to mark it weak (names
//!   starting or ending with `'` are transliterated ayn, `'ABD ALLAH, 'Issam`,
//!   or quoted parts of a name, `FONDATION SECOURS MONDIAL 'WORLD RELIEF'`).
//!   The weak aliases are in the remarks as `a.k.a. 'NAME'` and become
//!   [`NameKind::Weak`] there (see [`super::ofac_remarks`] for the cross-check
//!   against `consolidated.xml`). An `alt_remarks` mentioning `weak`, should
//!   OFAC ever write one, makes the alias weak.
//! - **No accented characters.** The shipped files are pure ASCII (OFAC
//!   transliterates); decoding is still Windows-1252, so `\xe9` reads `é` and
//!   `\x9a` reads `š`.
//! - **Quoting is regular**: every row has exactly 12 / 5 / 6 / 2 fields, there
//!   is no `""` escape anywhere, comment rows are ordinary 2-field rows.
//!
//! A row whose ent_num is not a number, that has too few fields, or whose name
//! is empty is skipped and recorded with [`ParseReport::skip`] (record
//! `<file> ent_num <n>` or `<file> row <n>`, position `line <n>`).

use super::entity::{push_trimmed, push_trimmed_fact};
pub(super) use super::format::Input;
use super::ofac_remarks::{apply_remarks, make_name};
use super::{ListError, ParseReport, Position};
use crate::model::{Address, Entity, ListMembership, NameKind, Schema, Source};
use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::WINDOWS_1252;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::path::Path;

/// The files of one OFAC legacy CSV set (SDN: sdn.csv, alt.csv, add.csv,
/// sdn_comments.csv; non-SDN: cons_prim.csv, cons_alt.csv, cons_add.csv,
/// cons_comments.csv). Only `primary` is required.
pub struct CsvSet<'a> {
    pub primary: &'a Path,
    pub alt: Option<&'a Path>,
    pub add: Option<&'a Path>,
    pub comments: Option<&'a Path>,
}

/// Width of the legacy remarks field; longer remarks continue in the comments file.
const REMARKS_WIDTH: usize = 1000;

/// Fields a row of each file needs.
const PRIMARY_FIELDS: usize = 12;
const ALT_FIELDS: usize = 4;
const ADD_FIELDS: usize = 5;
const COMMENT_FIELDS: usize = 2;

/// A [`CsvSet`] already in memory: each file's bytes, with the path that names
/// it in errors and notes. Only `primary` is required.
pub struct CsvSetBytes<'a> {
    pub primary: (&'a Path, &'a [u8]),
    pub alt: Option<(&'a Path, &'a [u8])>,
    pub add: Option<(&'a Path, &'a [u8])>,
    pub comments: Option<(&'a Path, &'a [u8])>,
}

/// Parses one CSV set into entities (sealed), recording skipped rows and notes
/// (orphan rows, remarks continuations, counts) in `report`.
pub fn parse_set(
    set: &CsvSet<'_>,
    list: &str,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    if !set.primary.exists() {
        return Err(ListError::Missing {
            file: set.primary.to_path_buf(),
            message: format!("the {list} primary file is missing"),
        });
    }
    let inputs = Inputs {
        primary: Input::File(set.primary),
        alt: set.alt.map(Input::File),
        add: set.add.map(Input::File),
        comments: set.comments.map(Input::File),
    };
    parse_inputs(&inputs, list, file_label, report)
}

/// [`parse_set`] on files already in memory. Never panics, whatever the bytes.
pub fn parse_set_bytes<'a>(
    set: &CsvSetBytes<'a>,
    list: &str,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let bytes = |(path, bytes): (&'a Path, &'a [u8])| Input::Bytes(path, bytes);
    let inputs = Inputs {
        primary: bytes(set.primary),
        alt: set.alt.map(bytes),
        add: set.add.map(bytes),
        comments: set.comments.map(bytes),
    };
    parse_inputs(&inputs, list, file_label, report)
}

/// The files of a set, on disk or in memory.
pub(super) struct Inputs<'a> {
    pub(super) primary: Input<'a>,
    pub(super) alt: Option<Input<'a>>,
    pub(super) add: Option<Input<'a>>,
    pub(super) comments: Option<Input<'a>>,
}

impl AsRef<Path> for Input<'_> {
    fn as_ref(&self) -> &Path {
        match self {
            Input::File(path) | Input::Bytes(path, _) => path,
        }
    }
}

impl<'a> Input<'a> {
    fn open(self) -> Result<Box<dyn std::io::Read + 'a>, ListError> {
        match self {
            Input::File(path) => {
                let file = File::open(path).map_err(|source| ListError::Io {
                    file: path.to_path_buf(),
                    source,
                })?;
                Ok(Box::new(std::io::BufReader::new(file)))
            }
            Input::Bytes(_, bytes) => Ok(Box::new(bytes)),
        }
    }
}

/// Reads a CSV set in its steps: primary rows, then each secondary file
/// ([`SetState::read_aliases`], [`SetState::read_comments`],
/// [`SetState::read_addresses`]), then the remarks ([`SetState::apply_remarks`])
/// and the count ([`SetState::finish`]).
pub(super) fn parse_inputs(
    set: &Inputs<'_>,
    list: &str,
    file_label: &str,
    report: &mut ParseReport,
) -> Result<Vec<Entity>, ListError> {
    let primary_name = file_name(set.primary);
    let mut state = SetState::default();
    read_rows(set.primary, PRIMARY_FIELDS, report, |row, _| {
        state.add_primary(row, list, file_label)
    })?;
    // Aliases first: an alias row with no primary row makes the partial
    // record that the comment and address rows then attach to.
    if let Some(path) = set.alt {
        let membership = Membership {
            list,
            file: &sibling_label(file_label, &file_name(path)),
        };
        state.read_aliases(path, &primary_name, &membership, report)?;
    }
    if let Some(path) = set.comments {
        state.read_comments(path, &primary_name, report)?;
    }
    if let Some(path) = set.add {
        state.read_addresses(path, &primary_name, report)?;
    }
    // Remarks last, so that strong aliases from the alias file come before the
    // weak ones from the remarks.
    let comments = set
        .comments
        .map(file_name)
        .unwrap_or_else(|| "the comments file".into());
    state.apply_remarks(&primary_name, &comments, report);
    Ok(state.finish(&primary_name, report))
}

/// The list membership a partial record gets: the set's list, read from
/// the alias file.
struct Membership<'a> {
    list: &'a str,
    /// The alias file, relative to the lists folder.
    file: &'a str,
}

/// Entities read so far, with their raw remarks (parallel vectors).
/// Partial records ([`Entity::partial`]) come after the primary ones.
#[derive(Default)]
struct SetState {
    entities: Vec<Entity>,
    ent_nums: Vec<u64>,
    remarks: Vec<String>,
    /// Line of each ent_num's primary row.
    lines: Vec<u64>,
    index: HashMap<u64, usize>,
    /// Entities whose remarks got a continuation row.
    continued: HashSet<usize>,
}

impl SetState {
    /// Entities that have their primary row.
    fn primaries(&self) -> usize {
        self.entities.iter().filter(|e| !e.partial).count()
    }

    /// A partial record for an alias row whose ent_num has no primary row:
    /// `ofac:<ent_num>` like the full record that will replace it, of
    /// unknown schema (read as an organization, OFAC's default type), on
    /// the set's list with no programs (they are in the missing row).
    fn add_partial(&mut self, ent_num: u64, line: u64, membership: &Membership<'_>) -> usize {
        let mut e = Entity::new(format!("ofac:{ent_num}"), Schema::Organization);
        e.partial = true;
        e.lists.push(ListMembership {
            source: Source::Ofac,
            list: membership.list.to_string(),
            programs: Vec::new(),
            listed_on: None,
            file: membership.file.to_string(),
        });
        let i = self.entities.len();
        self.index.insert(ent_num, i);
        self.entities.push(e);
        self.ent_nums.push(ent_num);
        self.remarks.push(String::new());
        self.lines.push(line);
        i
    }

    fn add_primary(&mut self, row: &Row<'_>, list: &str, file_label: &str) -> Result<(), String> {
        if let Some(&i) = self.index.get(&row.ent_num) {
            return Err(format!(
                "duplicate ent_num (first on line {})",
                self.lines[i]
            ));
        }
        let Some(name) = row.field(1) else {
            return Err("empty name".into());
        };
        let schema = match row.field(2).map(str::to_ascii_lowercase).as_deref() {
            None => Schema::Organization,
            Some("individual") => Schema::Person,
            Some("vessel") => Schema::Vessel,
            Some("aircraft") => Schema::Aircraft,
            Some(other) => Schema::parse(other).unwrap_or(Schema::Organization),
        };
        let mut e = Entity::new(format!("ofac:{}", row.ent_num), schema);
        e.push_name(make_name(name, NameKind::Primary, schema));
        e.lists.push(ListMembership {
            source: Source::Ofac,
            list: list.to_string(),
            programs: split_programs(row.field(3).unwrap_or("")),
            listed_on: None,
            file: file_label.to_string(),
        });
        for (col, key) in [
            (4, "title"),
            (5, "call_sign"),
            (6, "vessel_type"),
            (7, "tonnage"),
            (8, "gross_registered_tonnage"),
            (9, "vessel_flag"),
            (10, "vessel_owner"),
        ] {
            if let Some(v) = row.field(col) {
                push_trimmed_fact(&mut e, key, v);
                if col == 9 {
                    push_trimmed(&mut e.countries, v);
                }
            }
        }
        let remarks = if row.field(11).is_some() {
            row.raw(11).to_string()
        } else {
            String::new()
        };
        self.index.insert(row.ent_num, self.entities.len());
        self.entities.push(e);
        self.ent_nums.push(row.ent_num);
        self.remarks.push(remarks);
        self.lines.push(row.line);
        Ok(())
    }

    /// Appends the comments file's remarks continuations (see the module doc
    /// for when a row is not appended).
    fn read_comments(
        &mut self,
        path: Input<'_>,
        primary_name: &str,
        report: &mut ParseReport,
    ) -> Result<(), ListError> {
        let mut orphans = Orphans::default();
        let mut to_partial = Orphans::default();
        let mut appended = 0usize;
        let mut complete: Vec<u64> = Vec::new();
        read_rows(path, COMMENT_FIELDS, report, |row, _| {
            let Some(&i) = self.index.get(&row.ent_num) else {
                orphans.add(row.ent_num);
                return Ok(());
            };
            if self.entities[i].partial {
                to_partial.add(row.ent_num);
            }
            let text = row.raw(1);
            if text.trim().is_empty() || text.trim() == "-0-" {
                return Ok(());
            }
            let primary = &mut self.remarks[i];
            if primary.chars().count() < REMARKS_WIDTH && primary.trim_end().ends_with('.') {
                complete.push(row.ent_num);
            } else {
                primary.push_str(text);
                self.continued.insert(i);
                appended += 1;
            }
            Ok(())
        })?;
        let name = file_name(path);
        to_partial.note(
            report,
            &name,
            "comment",
            primary_name,
            "read as the remarks of their partial records",
        );
        orphans.note(
            report,
            &name,
            "comment",
            primary_name,
            "with no alias row either: not used",
        );
        let mut note = format!(
            "{name}: {appended} remarks continuation rows appended to {primary_name} remarks"
        );
        if !complete.is_empty() {
            note.push_str(&format!(
                    "; {} rows not appended because the {primary_name} remarks they would continue are complete \
                     (shorter than {REMARKS_WIDTH} characters and ending with a period), so they continue a newer \
                     version of the remarks (ent_num {})",
                    complete.len(),
                    list_nums(&complete)
                ));
        }
        report.notes.push(note);
        Ok(())
    }

    /// Attaches the alias file's names. An alias row whose ent_num has no
    /// primary row starts (or adds to) a partial record, whose first strong
    /// alias becomes its primary name ([`promote_first_alias`]).
    fn read_aliases(
        &mut self,
        path: Input<'_>,
        primary_name: &str,
        membership: &Membership<'_>,
        report: &mut ParseReport,
    ) -> Result<(), ListError> {
        let mut orphans = Orphans::default();
        let mut attached = 0usize;
        let mut unknown_types: BTreeSet<String> = BTreeSet::new();
        read_rows(path, ALT_FIELDS, report, |row, _| {
            let Some(name) = row.field(3) else {
                return Err("empty alias name".into());
            };
            let i = match self.index.get(&row.ent_num) {
                Some(&i) if !self.entities[i].partial => i,
                Some(&i) => {
                    orphans.add(row.ent_num);
                    i
                }
                None => {
                    orphans.add(row.ent_num);
                    self.add_partial(row.ent_num, row.line, membership)
                }
            };
            let alt_remarks = row.field(4);
            let mut kind = match row.field(2).map(str::to_ascii_lowercase).as_deref() {
                Some("aka" | "a.k.a." | "nka" | "n.k.a.") => NameKind::Alias,
                Some("fka" | "f.k.a.") => NameKind::Former,
                other => {
                    unknown_types.insert(other.unwrap_or("(empty)").to_string());
                    NameKind::Alias
                }
            };
            if alt_remarks.is_some_and(|r| r.to_ascii_lowercase().contains("weak")) {
                kind = NameKind::Weak;
            }
            let e = &mut self.entities[i];
            e.push_name(make_name(name, kind, e.schema));
            if let Some(r) = alt_remarks {
                push_trimmed_fact(e, "alias_remarks", &format!("{name}: {r}"));
            }
            attached += 1;
            Ok(())
        })?;
        for e in self.entities.iter_mut().filter(|e| e.partial) {
            promote_first_alias(e);
        }
        let name = file_name(path);
        orphans.note(
            report,
            &name,
            "alias",
            primary_name,
            "indexed as partial records (searched like any listed name, marked partial)",
        );
        let attached = attached - orphans.rows;
        let mut note = format!("{name}: {attached} alias rows attached");
        if !unknown_types.is_empty() {
            let types: Vec<String> = unknown_types.into_iter().collect();
            note.push_str(&format!(
                "; unknown alias types read as a.k.a.: {}",
                types.join(", ")
            ));
        }
        report.notes.push(note);
        Ok(())
    }

    /// Attaches the address file's addresses, and notes the entries that
    /// have no address row.
    fn read_addresses(
        &mut self,
        path: Input<'_>,
        primary_name: &str,
        report: &mut ParseReport,
    ) -> Result<(), ListError> {
        let mut orphans = Orphans::default();
        let mut to_partial = Orphans::default();
        let mut attached = 0usize;
        let mut placeholders = 0usize;
        let mut seen: HashSet<usize> = HashSet::new();
        read_rows(path, ADD_FIELDS, report, |row, _| {
            let Some(&i) = self.index.get(&row.ent_num) else {
                orphans.add(row.ent_num);
                return Ok(());
            };
            if self.entities[i].partial {
                to_partial.add(row.ent_num);
            }
            seen.insert(i);
            let text = [row.field(2), row.field(3)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let country = row.field(4).map(str::to_string);
            let e = &mut self.entities[i];
            if let Some(r) = row.field(5) {
                push_trimmed_fact(e, "address_remarks", r);
            }
            if text.is_empty() && country.is_none() {
                placeholders += 1;
                return Ok(());
            }
            if let Some(c) = &country {
                push_trimmed(&mut e.countries, c);
            }
            let address = Address { text, country };
            if !e.addresses.contains(&address) {
                e.addresses.push(address);
            }
            attached += 1;
            Ok(())
        })?;
        let name = file_name(path);
        to_partial.note(
            report,
            &name,
            "address",
            primary_name,
            "attached to their partial records",
        );
        orphans.note(
            report,
            &name,
            "address",
            primary_name,
            "with no alias row either: not used (no name to search on)",
        );
        report.notes.push(format!(
                "{name}: {attached} address rows attached, {placeholders} empty placeholder rows (all fields -0-) dropped"
            ));
        let without: Vec<u64> = (0..self.entities.len())
            .filter(|&i| !seen.contains(&i) && !self.entities[i].partial)
            .map(|i| self.ent_nums[i])
            .collect();
        if !without.is_empty() {
            report.notes.push(format!(
                    "{primary_name}: {} of {} entries have no row in {name} although OFAC writes at least one \
                     (possibly empty) address row per entry: they were probably removed from the list after \
                     {primary_name} was published (ent_num {})",
                    without.len(),
                    self.primaries(),
                    list_nums(&without)
                ));
        }
        Ok(())
    }

    /// Parses every entity's remarks; remarks cut at [`REMARKS_WIDTH`] with
    /// no continuation in `comments` lose their cut-off last clause to the
    /// fact `remarks_truncated`.
    fn apply_remarks(&mut self, primary_name: &str, comments: &str, report: &mut ParseReport) {
        let mut truncated: Vec<u64> = Vec::new();
        for (i, e) in self.entities.iter_mut().enumerate() {
            let raw = &self.remarks[i];
            if raw.trim().is_empty() {
                continue;
            }
            let cut = !self.continued.contains(&i)
                && raw.chars().count() >= REMARKS_WIDTH
                && !raw.trim_end().ends_with('.');
            match raw.rfind(';').filter(|_| cut) {
                Some(pos) => {
                    truncated.push(self.ent_nums[i]);
                    apply_remarks(&raw[..pos], e);
                    if let Some(last) = e.remarks.last_mut() {
                        *last = raw.trim().to_string();
                    }
                    push_trimmed_fact(e, "remarks_truncated", raw[pos + 1..].trim());
                }
                None => apply_remarks(raw, e),
            }
        }
        if !truncated.is_empty() {
            report.notes.push(format!(
                "{primary_name}: {} entries have remarks cut at {REMARKS_WIDTH} characters with no continuation in \
                 {comments}; their cut-off last clause is kept as the fact remarks_truncated (ent_num {})",
                truncated.len(),
                list_nums(&truncated)
            ));
        }
    }

    /// Seals the entities and puts the set's count first in the notes.
    fn finish(mut self, primary_name: &str, report: &mut ParseReport) -> Vec<Entity> {
        let mut by_schema: HashMap<Schema, usize> = HashMap::new();
        let mut partial = 0usize;
        for e in &mut self.entities {
            if e.partial {
                partial += 1;
            } else {
                *by_schema.entry(e.schema).or_default() += 1;
            }
            e.seal();
        }
        let count = |s| by_schema.get(&s).copied().unwrap_or(0);
        report.notes.insert(
            0,
            format!(
                "{primary_name}: {} entries ({} persons, {} organizations, {} vessels, {} aircraft)",
                self.entities.len() - partial,
                count(Schema::Person),
                count(Schema::Organization),
                count(Schema::Vessel),
                count(Schema::Aircraft)
            ),
        );
        if partial > 0 {
            report.notes.insert(
                1,
                format!(
                    "{primary_name}: {partial} partial records (alias rows with no primary row: the primary \
                     records are missing from this snapshot; `fetch` brings them)"
                ),
            );
        }
        // The primary file's records: partial records have no row there.
        report.records = self.entities.len() - partial;
        self.entities
    }
}

/// Secondary-file rows whose ent_num has no primary row.
#[derive(Default)]
struct Orphans {
    rows: usize,
    ent_nums: BTreeSet<u64>,
}

impl Orphans {
    fn add(&mut self, ent_num: u64) {
        self.rows += 1;
        self.ent_nums.insert(ent_num);
    }

    /// Notes the rows, saying what became of them (`outcome`).
    fn note(&self, report: &mut ParseReport, file: &str, what: &str, primary: &str, outcome: &str) {
        if self.rows == 0 {
            return;
        }
        let (first, last) = (
            self.ent_nums.first().copied().unwrap_or(0),
            self.ent_nums.last().copied().unwrap_or(0),
        );
        report.notes.push(format!(
            "{file}: {} {what} rows for {} ent_nums with no primary row in {primary}, {outcome} \
             (ent_num {first} to {last}; the primary file is probably older than {file})",
            self.rows,
            self.ent_nums.len()
        ));
    }
}

/// Makes a partial record's first strong alias (a.k.a., n.k.a.) its
/// primary name and puts it first; a record with only former names keeps
/// them as they are (its caption is then the first of them).
fn promote_first_alias(e: &mut Entity) {
    if e.names.iter().any(|n| n.kind == NameKind::Primary) {
        return;
    }
    if let Some(i) = e.names.iter().position(|n| n.kind == NameKind::Alias) {
        let mut name = e.names.remove(i);
        name.kind = NameKind::Primary;
        e.names.insert(0, name);
    }
}

/// `ofac/sdn.csv`, `alt.csv` -> `ofac/alt.csv`: the label of a file of the
/// same set.
fn sibling_label(label: &str, name: &str) -> String {
    match label.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}

/// One decoded row.
struct Row<'a> {
    ent_num: u64,
    line: u64,
    fields: &'a [String],
}

impl Row<'_> {
    /// The field as written (not trimmed), `""` when absent.
    fn raw(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", String::as_str)
    }

    /// The trimmed field, `None` when absent, blank or OFAC's `-0-`.
    fn field(&self, i: usize) -> Option<&str> {
        let v = self.raw(i).trim();
        (!v.is_empty() && v != "-0-").then_some(v)
    }
}

/// Reads `path` record by record, decoding each field from Windows-1252, and
/// calls `on_row` for rows with a numeric ent_num and at least `min_fields`
/// fields. Rows that fail (here or in `on_row`) are skipped into `report`.
fn read_rows(
    input: Input<'_>,
    min_fields: usize,
    report: &mut ParseReport,
    mut on_row: impl FnMut(&Row<'_>, &mut ParseReport) -> Result<(), String>,
) -> Result<(), ListError> {
    let path = input.as_ref();
    let name = file_name(path);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        // Rows end with CRLF; splitting on LF alone keeps the csv crate's line
        // numbers exact (with CRLF it reports a row's start one line early).
        // `decode` drops the CR left at the end of the last field.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input.open()?);
    let mut record = ByteRecord::new();
    let mut fields: Vec<String> = Vec::new();
    let mut ordinal = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => return Err(csv_error(path, err)),
        }
        let line = record.position().map_or(ordinal + 1, |p| p.line());
        fields.clear();
        fields.extend(record.iter().map(decode));
        // The DOS end-of-file mark and blank lines.
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        ordinal += 1;
        let first = fields[0].trim();
        let record_id = if first.is_empty() {
            format!("{name} row {ordinal}")
        } else {
            format!(
                "{name} ent_num {}",
                first.chars().take(40).collect::<String>()
            )
        };
        let position = Position::line(line);
        let Ok(ent_num) = first.parse::<u64>() else {
            report.skip(
                record_id,
                position,
                format!("ent_num {first:?} is not a number"),
            );
            continue;
        };
        if fields.len() < min_fields {
            report.skip(
                record_id,
                position,
                format!("{} fields, expected at least {min_fields}", fields.len()),
            );
            continue;
        }
        let row = Row {
            ent_num,
            line,
            fields: &fields,
        };
        if let Err(reason) = on_row(&row, report) {
            report.skip(record_id, position, reason);
        }
    }
    Ok(())
}

/// A field's bytes as Windows-1252 text, without the row's CR and the DOS
/// end-of-file mark.
fn decode(bytes: &[u8]) -> String {
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    text.trim_end_matches(['\r', '\u{1a}']).to_string()
}

fn csv_error(path: &Path, err: csv::Error) -> ListError {
    let position = err.position().map_or(Position::unknown(), Position::from);
    match err.into_kind() {
        csv::ErrorKind::Io(source) => ListError::Io {
            file: path.to_path_buf(),
            source,
        },
        kind => ListError::Malformed {
            file: path.to_path_buf(),
            position,
            message: format!("{kind:?}"),
        },
    }
}

fn file_name(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `SDGT] [IRGC` -> `["SDGT", "IRGC"]`.
fn split_programs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in s
        .split(['[', ']'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "-0-")
    {
        if !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// `1, 2, 3` for short lists, `1, 2, ... (n in all)` for long ones.
fn list_nums(nums: &[u64]) -> String {
    const SHOWN: usize = 10;
    let head: Vec<String> = nums.iter().take(SHOWN).map(u64::to_string).collect();
    if nums.len() > SHOWN {
        format!("{}, ...", head.join(", "))
    } else {
        head.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Relation;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ofac")
            .join(name)
    }

    fn parse_sample() -> (Vec<Entity>, ParseReport) {
        let (p, alt, add, com) = (
            fixture("sdn_sample.csv"),
            fixture("alt_sample.csv"),
            fixture("add_sample.csv"),
            fixture("comments_sample.csv"),
        );
        let set = CsvSet {
            primary: &p,
            alt: Some(&alt),
            add: Some(&add),
            comments: Some(&com),
        };
        let mut report = ParseReport::new("ofac/sdn.csv");
        let entities = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap();
        (entities, report)
    }

    fn get<'a>(entities: &'a [Entity], id: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    }

    fn fact<'a>(e: &'a Entity, key: &str) -> Vec<&'a str> {
        e.facts
            .iter()
            .filter(|f| f.key == key)
            .map(|f| f.value.as_str())
            .collect()
    }

    fn names(e: &Entity, kind: NameKind) -> Vec<&str> {
        e.names
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.full.as_str())
            .collect()
    }

    #[test]
    fn sample_counts_and_eof_mark() {
        let (entities, report) = parse_sample();
        // 13 primary rows and 2 partial records (see orphan_alias_rows_become_partial_records).
        assert_eq!(entities.len(), 15);
        assert_eq!(entities.iter().filter(|e| e.partial).count(), 2);
        assert_eq!(report.records, 13);
        assert_eq!(
            report.notes[0],
            "sdn_sample.csv: 13 entries (4 persons, 7 organizations, 1 vessels, 1 aircraft)"
        );
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert!(entities.iter().all(|e| !e.entity_version.is_empty()));
    }

    #[test]
    fn kim_jong_un() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:20157");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(e.caption(), "KIM, Jong Un");
        let n = &e.names[0];
        assert_eq!(
            (n.family.as_deref(), n.given.as_deref()),
            (Some("KIM"), Some("Jong Un"))
        );
        assert_eq!(e.birth_dates.len(), 1);
        assert_eq!(e.birth_dates[0].from.as_deref(), Some("1984-01-08"));
        assert_eq!(e.birth_dates[0].kind, "exact");
        assert_eq!(
            fact(e, "title"),
            vec!["Chairman of the Workers' Party of Korea"]
        );
        // The remarks repeat the title; it is not kept twice.
        assert!(fact(e, "remark").is_empty());
        assert_eq!(
            e.lists,
            vec![ListMembership {
                source: Source::Ofac,
                list: "OFAC SDN".into(),
                programs: vec!["DPRK3".into()],
                listed_on: None,
                file: "ofac/sdn.csv".into(),
            }]
        );
        // The address row has only a country.
        assert_eq!(
            e.addresses,
            vec![Address {
                text: String::new(),
                country: Some("Korea, North".into())
            }]
        );
        assert_eq!(e.countries, vec!["Korea, North"]);
        assert_eq!(e.remarks.len(), 1);
        assert!(e.remarks[0].starts_with("DOB 08 Jan 1984; Secondary sanctions risk"));
    }

    #[test]
    fn komid_aliases_programs_and_addresses() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:9345");
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(e.lists[0].programs, vec!["NPWMD", "DPRK2"]);
        assert_eq!(
            names(e, NameKind::Alias),
            vec![
                "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION",
                "CHANGGWANG SINYONG CORPORATION",
                "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
                "KOREA KUMRYONG TRADING COMPANY",
                "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
                "KOREAN MINING AND INDUSTRIAL DEVELOPMENT CORPORATION",
            ]
        );
        // The a.k.a. in the remarks is OFAC's weak alias, after the strong ones.
        assert_eq!(names(e, NameKind::Weak), vec!["KOMID"]);
        assert_eq!(e.names.last().unwrap().full, "KOMID");
        assert!(
            e.names.iter().all(|n| n.family.is_none()),
            "organizations are not split"
        );
        assert_eq!(e.addresses.len(), 5);
        assert_eq!(e.addresses[0].text, "Central District, Pyongyang");
        assert_eq!(
            e.countries,
            vec!["Korea, North", "China", "Russia", "Iran", "Syria"]
        );
        assert_eq!(fact(e, "transactions_prohibited").len(), 1);
    }

    #[test]
    fn person_aliases_are_split_and_several_dobs_kept() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:24918");
        let alias = e
            .names
            .iter()
            .find(|n| n.full == "PAK, Ch'in-hyo'k")
            .unwrap();
        assert_eq!(alias.kind, NameKind::Alias);
        assert_eq!(alias.family.as_deref(), Some("PAK"));
        assert_eq!(alias.given.as_deref(), Some("Ch'in-hyo'k"));
        let dobs: Vec<_> = e
            .birth_dates
            .iter()
            .map(|b| b.from.as_deref().unwrap())
            .collect();
        assert_eq!(dobs, vec!["1984-08-15", "1984-10-18"]);
        assert_eq!(e.gender.as_deref(), Some("Male"));
        assert_eq!(e.identifiers[0].kind, "Passport");
        assert_eq!(e.identifiers[0].country.as_deref(), Some("Korea, North"));
        // Approximate DOBs, POB.
        let e = get(&entities, "ofac:12211");
        let kinds: Vec<_> = e
            .birth_dates
            .iter()
            .map(|b| (b.kind.as_str(), b.from.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            vec![("approximate", Some("1947")), ("approximate", Some("1946"))]
        );
        assert_eq!(e.birth_places, vec!["Pyongan-Pukto, North Korea"]);
    }

    #[test]
    fn vessel_with_imo_flag_and_link() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:19570");
        assert_eq!(e.schema, Schema::Vessel);
        assert_eq!(fact(e, "vessel_flag"), vec!["Sierra Leone"]);
        assert_eq!(e.countries, vec!["Sierra Leone"]);
        let imo = e
            .identifiers
            .iter()
            .find(|i| i.kind == "Vessel Registration Identification IMO")
            .unwrap();
        assert_eq!(imo.value, "8914934");
        assert_eq!(e.relations.len(), 1);
        assert_eq!(e.relations[0].kind, "linked_to");
        assert!(
            e.relations[0]
                .target_name
                .starts_with("OCEAN MARITIME MANAGEMENT")
        );
        // An aircraft.
        let a = get(&entities, "ofac:15431");
        assert_eq!(a.schema, Schema::Aircraft);
        assert_eq!(fact(a, "aircraft_model"), vec!["IL76-TD"]);
        assert_eq!(a.relations[0].target_name, "POUYA AIR");
    }

    #[test]
    fn dprk_entity_linked_to_keeps_abbreviation() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:22606");
        assert_eq!(
            e.relations,
            vec![Relation {
                kind: "linked_to".into(),
                target_name: "TRANSATLANTIC PARTNERS PTE. LTD.".into(),
                evidence: "Linked To: TRANSATLANTIC PARTNERS PTE. LTD.".into(),
                target_id: None,
            }]
        );
        assert_eq!(e.addresses[0].country.as_deref(), Some("Singapore"));
    }

    #[test]
    fn remarks_continue_in_the_comments_file() {
        let (entities, report) = parse_sample();
        // LAZARUS GROUP: the cut falls inside an alias.
        let e = get(&entities, "ofac:27307");
        let weak = names(e, NameKind::Weak);
        assert!(weak.contains(&"WHOIS HACKING TEAM"), "{weak:?}");
        assert!(weak.contains(&"APPLEWORM"));
        assert!(!weak.contains(&"WHOIS HACKIN"));
        assert!(e.remarks[0].ends_with("a.k.a. 'APPLEWORM'."));
        assert!(e.remarks[0].chars().count() > REMARKS_WIDTH);
        // TIAN Yinyin: the Linked To is only in the continuation.
        let e = get(&entities, "ofac:28263");
        assert_eq!(e.relations.len(), 1);
        assert_eq!(e.relations[0].target_name, "LAZARUS GROUP");
        assert!(
            names(e, NameKind::Weak)
                .iter()
                .any(|n| n.starts_with("snowsjo"))
        );
        // CHEIL CREDIT BANK: complete primary remarks, the newer continuation is not appended.
        let e = get(&entities, "ofac:22985");
        assert!(e.remarks[0].ends_with("f.k.a. 'KYONGYONG CREDIT BANK'."));
        assert!(!e.remarks[0].contains("USDT"));
        assert_eq!(names(e, NameKind::Weak), vec!["KYONGYONG CREDIT BANK"]);
        assert_eq!(names(e, NameKind::Alias), vec!["FIRST CREDIT BANK"]);
        let note = report
            .notes
            .iter()
            .find(|n| n.starts_with("comments_sample.csv: 3 remarks"))
            .unwrap();
        assert!(
            note.contains("1 rows not appended") && note.contains("22985"),
            "{note}"
        );
    }

    #[test]
    fn cut_remarks_without_continuation() {
        let (entities, report) = parse_sample();
        let e = get(&entities, "ofac:39796");
        assert_eq!(
            fact(e, "remarks_truncated"),
            vec!["alt. Digital Currency A"]
        );
        assert_eq!(e.remarks[0].chars().count(), REMARKS_WIDTH);
        assert!(e.identifiers.iter().all(|i| i.kind != "Digital Currency A"));
        assert_eq!(e.identifiers[0].kind, "Website");
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("1 entries have remarks cut") && n.contains("39796"))
        );
    }

    #[test]
    fn orphan_alias_rows_become_partial_records() {
        let (entities, _) = parse_sample();
        // 48941: two alias rows and an address row, no primary row.
        let e = get(&entities, "ofac:48941");
        assert!(e.partial);
        assert_eq!(e.schema, Schema::Organization);
        assert_eq!(
            e.caption(),
            "AKTSIONERNOE OBSHCHESTVO KONTSERN URALVAGONZAVOD"
        );
        assert_eq!(
            names(e, NameKind::Primary),
            vec!["AKTSIONERNOE OBSHCHESTVO KONTSERN URALVAGONZAVOD"]
        );
        assert_eq!(
            names(e, NameKind::Alias),
            vec!["AO KONTSERN URALVAGONZAVOD"]
        );
        assert_eq!(
            e.addresses,
            vec![Address {
                text: "40 Bolshaya Yakimanka Street, Moscow 119049".into(),
                country: Some("Russia".into())
            }]
        );
        assert_eq!(e.countries, vec!["Russia"]);
        assert_eq!(
            e.lists,
            vec![ListMembership {
                source: Source::Ofac,
                list: "OFAC SDN".into(),
                programs: Vec::new(),
                listed_on: None,
                file: "ofac/alt_sample.csv".into(),
            }]
        );
        assert!(!e.entity_version.is_empty());
        // 56429: one alias row, an address with only a country, and a
        // comment row whose a.k.a.s become weak aliases as for any entry.
        let e = get(&entities, "ofac:56429");
        assert!(e.partial);
        assert_eq!(
            e.caption(),
            "FEDERAZIONE ANARCHICA INFORMALE/FRONTE RIVOLUZIONARIO INTERNAZIONALE"
        );
        assert_eq!(e.countries, vec!["Italy"]);
        assert!(
            names(e, NameKind::Weak).contains(&"SANTIAGO MALDONADO CELL"),
            "{:?}",
            e.names
        );
        assert_eq!(e.remarks.len(), 1);
        // Full records are not partial, and serialize without the field.
        let full = get(&entities, "ofac:20157");
        assert!(!full.partial);
        let json = serde_json::to_string(full).unwrap();
        assert!(!json.contains("partial"), "{json}");
        assert!(
            serde_json::to_string(e)
                .unwrap()
                .contains("\"partial\":true")
        );
    }

    #[test]
    fn orphan_rows_are_counted_and_reported() {
        let (_, report) = parse_sample();
        let expected = [
            "sdn_sample.csv: 2 partial records (alias rows with no primary row: the primary records are \
             missing from this snapshot; `fetch` brings them)",
            "alt_sample.csv: 3 alias rows for 2 ent_nums with no primary row in sdn_sample.csv, indexed as \
             partial records (searched like any listed name, marked partial) \
             (ent_num 48941 to 56429; the primary file is probably older than alt_sample.csv)",
            "add_sample.csv: 2 address rows for 2 ent_nums with no primary row in sdn_sample.csv, attached to \
             their partial records (ent_num 48941 to 56429; the primary file is probably older than add_sample.csv)",
            "comments_sample.csv: 1 comment rows for 1 ent_nums with no primary row in sdn_sample.csv, read as \
             the remarks of their partial records \
             (ent_num 56429 to 56429; the primary file is probably older than comments_sample.csv)",
            "alt_sample.csv: 21 alias rows attached",
        ];
        for note in expected {
            assert!(
                report.notes.iter().any(|n| n == note),
                "missing {note:?} in {:#?}",
                report.notes
            );
        }
        // 15431 and 39796 have no address row in the sample; the partial
        // records are not counted among the entries.
        assert!(
            report
                .notes
                .iter()
                .any(|n| n
                    .starts_with("sdn_sample.csv: 2 of 13 entries have no row in add_sample.csv")),
            "{:#?}",
            report.notes
        );
    }

    #[test]
    fn secondary_rows_with_no_alias_row_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "sdn.csv",
            b"1,\"A\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
        );
        let a = write(dir.path(), "alt.csv", b"1,10,\"aka\",\"B\",-0- \r\n");
        let d = write(
            dir.path(),
            "add.csv",
            b"1,20,-0- ,-0- ,\"Iran\",-0- \r\n7,21,\"Street 1\",\"Tehran\",\"Iran\",-0- \r\n",
        );
        let c = write(dir.path(), "comments.csv", b"7,\"more remarks.\"\r\n");
        let set = CsvSet {
            primary: &p,
            alt: Some(&a),
            add: Some(&d),
            comments: Some(&c),
        };
        let mut report = ParseReport::new("ofac/sdn.csv");
        let entities = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap();
        assert_eq!(entities.len(), 1);
        assert!(!entities[0].partial);
        for what in ["address", "comment"] {
            assert!(
                report.notes.iter().any(|n| n.contains(&format!(
                    "1 {what} rows for 1 ent_nums with no primary row in sdn.csv, with no alias row either: not used"
                ))),
                "{what}: {:#?}",
                report.notes
            );
        }
    }

    #[test]
    fn remarks_alias_in_simple_entry() {
        let (entities, _) = parse_sample();
        let e = get(&entities, "ofac:306");
        assert_eq!(names(e, NameKind::Alias), vec!["NATIONAL BANK OF CUBA"]);
        assert_eq!(names(e, NameKind::Weak), vec!["BNC"]);
        assert_eq!(e.lists[0].programs, vec!["CUBA"]);
        let e = get(&entities, "ofac:36");
        assert!(e.remarks.is_empty() && e.facts.is_empty());
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn windows_1252_bytes_are_decoded() {
        // The shipped files are pure ASCII, so this one is made up: `é` is 0xE9,
        // `š` is 0x9A (a C1 control in Latin-1, a letter in Windows-1252).
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "sdn.csv",
            b"1,\"JOS\xc9, Ren\xe9e\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"POB Ko\x9aice, Slovakia.\"\r\n\x1a",
        );
        let a = write(
            dir.path(),
            "alt.csv",
            b"1,10,\"aka\",\"BOUCH\xc9, Ir\xe8ne\",-0- \r\n\x1a",
        );
        let set = CsvSet {
            primary: &p,
            alt: Some(&a),
            add: None,
            comments: None,
        };
        let mut report = ParseReport::new("ofac/sdn.csv");
        let entities = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap();
        let e = &entities[0];
        assert_eq!(e.caption(), "JOSÉ, Renée");
        assert_eq!(e.names[0].given.as_deref(), Some("Renée"));
        assert_eq!(e.names[1].full, "BOUCHÉ, Irène");
        assert_eq!(e.birth_places, vec!["Košice, Slovakia"]);
    }

    #[test]
    fn bad_rows_are_skipped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "sdn.csv",
            b"1,\"GOOD\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
              X1,\"BAD ID\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
              2,\"SHORT\",-0- \r\n\
              3,-0- ,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
              1,\"AGAIN\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a",
        );
        let a = write(
            dir.path(),
            "alt.csv",
            b"1,10,\"fka\",\"OLD NAME\",-0- \r\nabc,11,\"aka\",\"X\",-0- \r\n",
        );
        let set = CsvSet {
            primary: &p,
            alt: Some(&a),
            add: None,
            comments: None,
        };
        let mut report = ParseReport::new("ofac/sdn.csv");
        let entities = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap();
        assert_eq!(entities.len(), 1);
        assert_eq!(names(&entities[0], NameKind::Former), vec!["OLD NAME"]);
        let skipped: Vec<(&str, Position)> = report
            .skipped
            .iter()
            .map(|s| (s.record.as_str(), s.position))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("sdn.csv ent_num X1", Position::line(2)),
                ("sdn.csv ent_num 2", Position::line(3)),
                ("sdn.csv ent_num 3", Position::line(4)),
                ("sdn.csv ent_num 1", Position::line(5)),
                ("alt.csv ent_num abc", Position::line(2)),
            ]
        );
        assert!(report.skipped[0].reason.contains("not a number"));
        assert!(
            report.skipped[1]
                .reason
                .contains("3 fields, expected at least 12")
        );
        assert_eq!(report.skipped[2].reason, "empty name");
        assert!(
            report.skipped[3]
                .reason
                .contains("duplicate ent_num (first on line 1)")
        );
    }

    #[test]
    fn missing_and_unreadable_files() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("sdn.csv");
        let set = CsvSet {
            primary: &missing,
            alt: None,
            add: None,
            comments: None,
        };
        let mut report = ParseReport::new("ofac/sdn.csv");
        let err = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap_err();
        assert!(matches!(err, ListError::Missing { .. }), "{err}");

        let p = write(
            dir.path(),
            "ok.csv",
            b"1,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
        );
        let not_there = dir.path().join("alt.csv");
        let set = CsvSet {
            primary: &p,
            alt: Some(&not_there),
            add: None,
            comments: None,
        };
        let err = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut report).unwrap_err();
        assert!(matches!(err, ListError::Io { .. }), "{err}");
    }
}
