//! The one entity model every list is parsed into.
//!
//! UN, OFAC (SDN and non-SDN) and the curated South Korean list describe the same
//! kinds of things in different shapes. Parsers turn each into [`Entity`] values;
//! the index, the CLI and (later) the server only ever see this model.
//!
//! Ids are stable across builds: `un:<REFERENCE_NUMBER>` (e.g. `un:KPi.066`),
//! `ofac:<uid>` (SDN and non-SDN share one uid space, so an entry on both lists is
//! one entity with two [`ListMembership`]s) and `kr:<id>` for the curated file.
//! [`Entity::entity_version`] is a hash of the parsed record: it changes exactly
//! when the listed record changes, which is what reviewed alerts key on.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What kind of thing is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Schema {
    Person,
    Organization,
    Vessel,
    Aircraft,
}

impl Schema {
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "person",
            Schema::Organization => "organization",
            Schema::Vessel => "vessel",
            Schema::Aircraft => "aircraft",
        }
    }

    /// Parses the words lists and users use for a schema (`individual`, `entity`, ...).
    pub fn parse(s: &str) -> Option<Schema> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" | "people" => Some(Schema::Person),
            "organization" | "organisation" | "entity" | "company" => Some(Schema::Organization),
            "vessel" | "ship" => Some(Schema::Vessel),
            "aircraft" => Some(Schema::Aircraft),
            _ => None,
        }
    }
}

/// The source list family an entity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Un,
    Ofac,
    Kr,
}

impl Source {
    /// Every source, in the order ids are tried when one is given without
    /// its prefix.
    pub const ALL: [Source; 3] = [Source::Un, Source::Ofac, Source::Kr];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Un => "un",
            Source::Ofac => "ofac",
            Source::Kr => "kr",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        match s.trim().to_ascii_lowercase().as_str() {
            "un" => Some(Source::Un),
            "ofac" | "sdn" | "us" => Some(Source::Ofac),
            "kr" | "korea" | "rok" => Some(Source::Kr),
            _ => None,
        }
    }
}

/// How a name relates to the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    /// The name the list files the entity under.
    Primary,
    /// A strong alias (`a.k.a.`, UN quality "Good" or unspecified).
    Alias,
    /// A former name (`f.k.a.`, `n.k.a.` is an [`NameKind::Alias`]).
    Former,
    /// A weak alias: OFAC's weak a.k.a.s, UN quality "Low". OFAC does not expect
    /// screening on these; they confirm a hit.
    Weak,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Primary => "primary",
            NameKind::Alias => "alias",
            NameKind::Former => "former",
            NameKind::Weak => "weak",
        }
    }
}

/// What every view says of a [`Entity::partial`] entity.
pub const PARTIAL_NOTE: &str = "partial record: the primary record is missing from the shipped list snapshot \
     (only its aliases, addresses and remarks are known); `sanctiondb fetch` brings it";

/// One name of an entity, as the list writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// The whole name as written (`KIM, Jong Un`, `김정은`, `KOMID`).
    pub full: String,
    pub kind: NameKind,
    /// The family name where the list separates it (UN FIRST_NAME for DPRK
    /// entries, OFAC lastName, the first Hangul syllable(s) of a Korean name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The given name(s) where the list separates them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// `latin`, `hangul`, `han`, `arabic`, `cyrillic`, ... (see [`script_of`]).
    pub script: String,
    /// Where the spelling comes from when a list records it (the curated Korean
    /// list tags each romanization: `US`, `EN`, `RR`, `MOFA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl Name {
    /// A name with its script detected from the text.
    pub fn new(full: impl Into<String>, kind: NameKind) -> Name {
        let full = full.into();
        let script = script_of(&full).to_string();
        Name {
            full,
            kind,
            family: None,
            given: None,
            script,
            origin: None,
        }
    }

    pub fn with_parts(mut self, family: Option<String>, given: Option<String>) -> Name {
        self.family = family.filter(|s| !s.trim().is_empty());
        self.given = given.filter(|s| !s.trim().is_empty());
        self
    }
}

/// A date of birth as listed: exact (`1984-01-08`), a year (`1984`), a range or
/// an approximation. `text` keeps what the list wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthDate {
    pub text: String,
    /// Earliest possible date, ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Latest possible date (same form); equal to `from` for exact dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `exact`, `year`, `range`, `approximate`.
    pub kind: String,
}

/// A passport, national id, registration number, IMO number, e-mail, website,
/// digital currency address and the like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// What the list calls it (`Passport`, `National ID No.`, `Vessel Registration
    /// Identification IMO`, `Email Address`, `Website`, `Digital Currency Address - XBT`).
    pub kind: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The address in one line as the list gives it (street, city, region, postal).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A relation to another entity, kept raw at parse time: `Linked To: NAME`,
/// UN "associated with" wording, Korean-list affiliation text. The network
/// issue resolves `target_name` to an entity id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// `linked_to`, `associated_with`, `affiliation`, ...
    pub kind: String,
    /// The name or reference the list writes for the other side.
    pub target_name: String,
    /// The sentence it came from.
    pub evidence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

/// One list an entity is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMembership {
    pub source: Source,
    /// `UN Consolidated`, `OFAC SDN`, `OFAC Non-SDN`, `KR Unilateral`.
    pub list: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<String>,
    /// The file the record was read from (relative to the lists folder).
    pub file: String,
}

/// Anything else a list says that has no field of its own (UN designation,
/// OFAC title, call sign, vessel flag, KR legal basis and round, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub schema: Schema,
    /// Every name; the first [`NameKind::Primary`] one is the caption.
    pub names: Vec<Name>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<BirthDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Nationalities and citizenships of persons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    /// Countries an entity is tied to other than nationality (address countries,
    /// vessel flags, the country a KR-list entry is placed in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    pub lists: Vec<ListMembership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// Source URLs for curated records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_urls: Vec<String>,
    /// True when the shipped lists hold no primary record for the entity,
    /// only secondary rows (OFAC alias, address and comment rows newer than
    /// the primary file): its names are aliases, its schema is not known
    /// (read as [`Schema::Organization`], OFAC's own default), and `fetch`
    /// brings the full record. See [`PARTIAL_NOTE`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Hash of the record (see [`Entity::seal`]).
    #[serde(default)]
    pub entity_version: String,
}

impl Entity {
    pub fn new(id: impl Into<String>, schema: Schema) -> Entity {
        Entity {
            id: id.into(),
            schema,
            names: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            countries: Vec::new(),
            gender: None,
            identifiers: Vec::new(),
            addresses: Vec::new(),
            lists: Vec::new(),
            remarks: Vec::new(),
            relations: Vec::new(),
            facts: Vec::new(),
            source_urls: Vec::new(),
            partial: false,
            entity_version: String::new(),
        }
    }

    /// The name to show for the entity: the first primary name, else the first name.
    pub fn caption(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.full.as_str())
            .unwrap_or("")
    }

    /// The source families this entity is listed by, sorted, without repeats.
    pub fn sources(&self) -> Vec<Source> {
        let mut s: Vec<Source> = self.lists.iter().map(|l| l.source).collect();
        s.sort();
        s.dedup();
        s
    }

    /// The list names (`OFAC SDN`, `UN Consolidated`, ...), without repeats.
    pub fn list_names(&self) -> Vec<String> {
        let mut s: Vec<String> = self.lists.iter().map(|l| l.list.clone()).collect();
        s.dedup();
        s
    }

    /// Adds a name unless the same text with the same kind is already there.
    pub fn push_name(&mut self, name: Name) {
        if name.full.trim().is_empty() {
            return;
        }
        if !self
            .names
            .iter()
            .any(|n| n.full == name.full && n.kind == name.kind)
        {
            self.names.push(name);
        }
    }

    /// Computes [`Entity::entity_version`]: the first 16 hex digits of the sha256
    /// of the record's canonical JSON (without the version itself).
    pub fn seal(&mut self) {
        self.entity_version.clear();
        let json = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&json);
        self.entity_version = hex::encode(&digest[..8]);
    }
}

/// The dominant non-Latin script of a string, else `latin`.
pub fn script_of(s: &str) -> &'static str {
    for c in s.chars() {
        let cp = c as u32;
        let script = match cp {
            0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => "hangul",
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => "han",
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "arabic",
            0x0400..=0x04FF => "cyrillic",
            0x0590..=0x05FF => "hebrew",
            0x3040..=0x30FF => "kana",
            0x0E00..=0x0E7F => "thai",
            0x0370..=0x03FF => "greek",
            _ => continue,
        };
        return script;
    }
    "latin"
}

/// What kind of identifier a payee column or a listed identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum IdCategory {
    Email,
    Website,
    Wallet,
    Phone,
    Document,
}

impl IdCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            IdCategory::Email => "email",
            IdCategory::Website => "website",
            IdCategory::Wallet => "wallet",
            IdCategory::Phone => "phone",
            IdCategory::Document => "document",
        }
    }

    pub const ALL: [IdCategory; 5] = [
        IdCategory::Email,
        IdCategory::Website,
        IdCategory::Wallet,
        IdCategory::Phone,
        IdCategory::Document,
    ];
}

/// A listed date of birth as a range of possible dates (year, month, day),
/// both ends included. Read and compared in [`crate::search::evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: (u16, u8, u8),
    pub to: (u16, u8, u8),
}

/// A state body whose network an entity belongs to, and how (worked out by
/// [`crate::network::Network`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    /// The body's node.
    pub id: String,
    pub name: String,
    /// The registry slug.
    pub body: String,
    /// Node ids from the entity to the body, both included.
    pub path: Vec<String>,
    /// The relation of each step of `path`.
    pub relations: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_version_changes_when_the_record_changes() {
        let mut a = Entity::new("ofac:1", Schema::Person);
        a.push_name(Name::new("KIM, Jong Un", NameKind::Primary));
        a.seal();
        let v1 = a.entity_version.clone();
        a.seal();
        assert_eq!(v1, a.entity_version, "sealing twice is stable");
        a.birth_dates.push(BirthDate {
            text: "08 Jan 1984".into(),
            from: Some("1984-01-08".into()),
            to: Some("1984-01-08".into()),
            kind: "exact".into(),
        });
        a.seal();
        assert_ne!(v1, a.entity_version);
    }

    #[test]
    fn script_detection() {
        assert_eq!(script_of("김정은"), "hangul");
        assert_eq!(script_of("金正恩"), "han");
        assert_eq!(script_of("KIM Jong Un"), "latin");
        assert_eq!(script_of("Ахмед"), "cyrillic");
    }
}
