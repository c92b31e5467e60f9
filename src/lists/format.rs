//! The list formats sanctiondb reads, in one place: for each, the `parser`
//! names `lists/MANIFEST.json` gives its files, where its files sit in a lists
//! folder, and how they are parsed.
//!
//! `build` (through [`super::load`]), `fetch` (to verify a download the way
//! `build` will read it) and the fuzz targets all parse through
//! [`Format::parse`], so a file means the same thing to each of them.

use super::{ListError, ParseReport, kr, ofac_csv, ofac_remarks, ofac_xml, un};
use crate::model::Entity;
use std::path::{Path, PathBuf};

/// One list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The UN Security Council consolidated list (`un/*.xml`).
    UnXml,
    /// OFAC `sdnList` XML (`ofac/SDN.XML`, `ofac/consolidated.xml`).
    OfacXml,
    /// An OFAC legacy CSV set: primary, alias, address and comments files.
    OfacCsv,
    /// The curated South Korean designations (`kr/designations.csv`).
    KrCsv,
    /// The registry of DPRK state bodies (`dprk/bodies.csv`), read by
    /// [`crate::network`], not into entities.
    DprkRegistry,
}

/// One OFAC list: its name in list memberships, the `sdnList` XML file names
/// `build` looks for (first found wins), and its CSV set in role order
/// (primary, alias, address, comments), as paths in a lists folder.
pub struct OfacList {
    pub name: &'static str,
    pub xml: [&'static str; 2],
    pub csv: [&'static str; 4],
}

/// OFAC's two lists. They share one uid space: an entry on both becomes one
/// entity with two list memberships.
pub const OFAC_LISTS: [OfacList; 2] = [
    OfacList {
        name: "OFAC SDN",
        xml: ["SDN.XML", "sdn.xml"],
        csv: [
            "ofac/sdn.csv",
            "ofac/alt.csv",
            "ofac/add.csv",
            "ofac/sdn_comments.csv",
        ],
    },
    OfacList {
        name: "OFAC Non-SDN",
        xml: ["CONSOLIDATED.XML", "consolidated.xml"],
        csv: [
            "ofac/cons_prim.csv",
            "ofac/cons_alt.csv",
            "ofac/cons_add.csv",
            "ofac/cons_comments.csv",
        ],
    },
];

/// The South Korean list's file in a lists folder.
pub const KR_PATH: &str = "kr/designations.csv";

/// One file as a parser reads it: a path to stream from, or bytes already in
/// memory, named by a path in errors.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    Bytes(&'a Path, &'a [u8]),
}

impl Format {
    /// Every format, in the order `build` reads them.
    pub const ALL: [Format; 5] = [
        Format::UnXml,
        Format::OfacXml,
        Format::OfacCsv,
        Format::KrCsv,
        Format::DprkRegistry,
    ];

    /// The manifest `parser` names of this format's files, in role order (an
    /// OFAC CSV set: primary, alias, address, comments).
    pub fn parsers(self) -> &'static [&'static str] {
        match self {
            Format::UnXml => &["un_xml"],
            Format::OfacXml => &["ofac_xml"],
            Format::OfacCsv => &[
                "ofac_csv_primary",
                "ofac_csv_alt",
                "ofac_csv_add",
                "ofac_csv_comments",
            ],
            Format::KrCsv => &["kr_csv"],
            Format::DprkRegistry => &["dprk_registry"],
        }
    }

    /// The format a manifest `parser` names. Any `ofac_csv*` name is a file
    /// of an OFAC CSV set (its role in the set comes from its path).
    pub fn of_parser(parser: &str) -> Option<Format> {
        if parser.starts_with("ofac_csv") {
            return Some(Format::OfacCsv);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.parsers().contains(&parser))
    }

    /// Whether the files are XML (else CSV).
    pub fn is_xml(self) -> bool {
        matches!(self, Format::UnXml | Format::OfacXml)
    }

    /// Why a file of this format that has no URL is not fetched.
    pub fn curated(self) -> Option<&'static str> {
        match self {
            Format::KrCsv => Some(
                "the South Korean list has no official machine-readable file; it is curated by hand",
            ),
            Format::DprkRegistry => Some("the registry of DPRK state bodies is curated by hand"),
            _ => None,
        }
    }

    /// Parses one unit of this format into entities, as `build` reads it:
    /// `files` in role order (one file; an OFAC CSV set's four, `None` where
    /// absent, the primary required). `list` names the OFAC list (ignored by
    /// the others). Remarks of `sdnList` XML are given the structure the CSV
    /// parser gives its remarks.
    pub fn parse(
        self,
        files: &[Option<Input<'_>>],
        list: &str,
        file_label: &str,
        report: &mut ParseReport,
    ) -> Result<Vec<Entity>, ListError> {
        let file = |k: usize| files.get(k).copied().flatten();
        let Some(first) = file(0) else {
            return Err(ListError::Missing {
                file: PathBuf::from(file_label),
                message: format!("the {list} primary file is missing"),
            });
        };
        match self {
            Format::UnXml => match first {
                Input::File(p) => un::parse(p, file_label, report),
                Input::Bytes(p, b) => un::parse_reader(b, p, file_label, report),
            },
            Format::OfacXml => {
                let mut entities = match first {
                    Input::File(p) => ofac_xml::parse(p, list, file_label, report)?,
                    Input::Bytes(p, b) => ofac_xml::parse_reader(b, p, list, file_label, report)?,
                };
                for e in &mut entities {
                    structure_xml_remarks(e);
                }
                Ok(entities)
            }
            Format::OfacCsv => {
                if let Input::File(p) = first
                    && !p.exists()
                {
                    return Err(ListError::Missing {
                        file: p.to_path_buf(),
                        message: format!("the {list} primary file is missing"),
                    });
                }
                let inputs = ofac_csv::Inputs {
                    primary: first,
                    alt: file(1),
                    add: file(2),
                    comments: file(3),
                };
                ofac_csv::parse_inputs(&inputs, list, file_label, report)
            }
            Format::KrCsv => match first {
                Input::File(p) => kr::parse(p, file_label, report),
                Input::Bytes(p, b) => kr::parse_reader(b, p, file_label, report),
            },
            Format::DprkRegistry => Ok(Vec::new()),
        }
    }
}

/// The `sdnList` XML keeps remarks as text; give them the same structure the CSV
/// parser gives (aliases, `Linked To:`, identifiers in the remarks).
fn structure_xml_remarks(e: &mut Entity) {
    let remarks = std::mem::take(&mut e.remarks);
    for r in remarks {
        ofac_remarks::apply_remarks(&r, e);
    }
}

/// One thing `build` parses in a lists folder: a file, or an OFAC CSV set.
#[derive(Debug)]
pub struct Unit {
    pub format: Format,
    /// The OFAC list name; the format's list for the others.
    pub list: &'static str,
    /// The files in role order, `None` where absent (only in a CSV set).
    pub files: Vec<Option<PathBuf>>,
}

impl Unit {
    fn one(format: Format, list: &'static str, path: PathBuf) -> Unit {
        Unit {
            format,
            list,
            files: vec![Some(path)],
        }
    }

    /// The file that names the unit in reports (the first).
    pub fn first(&self) -> &Path {
        self.files[0].as_deref().unwrap_or(Path::new(""))
    }

    /// Parses the unit with its format.
    pub fn parse(
        &self,
        file_label: &str,
        report: &mut ParseReport,
    ) -> Result<Vec<Entity>, ListError> {
        let inputs: Vec<Option<Input<'_>>> = self
            .files
            .iter()
            .map(|p| p.as_deref().map(Input::File))
            .collect();
        self.format.parse(&inputs, self.list, file_label, report)
    }
}

/// What a lists folder holds: the units `build` parses, in order (UN, OFAC
/// SDN, OFAC Non-SDN, South Korea), and the sources it lacks.
#[derive(Debug, Default)]
pub struct Found {
    pub units: Vec<Unit>,
    pub missing_sources: Vec<String>,
}

/// Finds every list file in `dir`. For each OFAC list its `sdnList` XML wins
/// over its CSV set; a CSV set needs its primary file.
pub fn find(dir: &Path) -> Found {
    let mut found = Found::default();

    let un_files = files_with_ext(&dir.join("un"), "xml");
    if un_files.is_empty() {
        found.missing_sources.push("UN (un/*.xml)".into());
    }
    for path in un_files {
        found
            .units
            .push(Unit::one(Format::UnXml, un::LIST_NAME, path));
    }

    let ofac = dir.join("ofac");
    for list in &OFAC_LISTS {
        if let Some(xml) = list.xml.iter().map(|n| ofac.join(n)).find(|p| p.is_file()) {
            found.units.push(Unit::one(Format::OfacXml, list.name, xml));
            continue;
        }
        let [prim, alt, add, comments] = list.csv.map(|n| dir.join(n));
        if !prim.is_file() {
            found.missing_sources.push(format!(
                "{} (ofac/{} or {})",
                list.name, list.xml[0], list.csv[0]
            ));
            continue;
        }
        let existing = |p: PathBuf| p.is_file().then_some(p);
        found.units.push(Unit {
            format: Format::OfacCsv,
            list: list.name,
            files: vec![Some(prim), existing(alt), existing(add), existing(comments)],
        });
    }

    let kr_file = dir.join(KR_PATH);
    if kr_file.is_file() {
        found
            .units
            .push(Unit::one(Format::KrCsv, "South Korea", kr_file));
    } else {
        found
            .missing_sources
            .push(format!("South Korea ({KR_PATH})"));
    }
    found
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|d| d.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
        .collect();
    v.sort();
    v
}
