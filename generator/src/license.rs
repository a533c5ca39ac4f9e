//! The generated crate's licence: the user's choice (`--license`), else the
//! document's own (`info.license`), else the generator's default. A document
//! licence that is no SPDX identifier cannot be Cargo's `license`: the crate
//! gets `license-file = "LICENSE"`, a file that names it and where to read it.

use serde::Serialize;

use crate::ir::DocumentLicense;

/// Used when neither the user nor the document chooses: the Rust ecosystem's
/// usual pair.
pub const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

/// The licence the crate states, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CrateLicense {
    /// Cargo's `license`, when it is an SPDX expression.
    pub spdx: Option<String>,
    /// The text of `LICENSE` when `spdx` is `None` (Cargo's `license-file`).
    pub file: Option<String>,
    /// One sentence for the README: where the licence comes from.
    pub source: String,
}

/// The user's choice wins; the document's is next; the default last.
pub fn crate_license(chosen: Option<&str>, document: Option<&DocumentLicense>) -> CrateLicense {
    if let Some(chosen) = chosen {
        let source = "chosen by its maintainer".to_owned();
        return match is_spdx_expression(chosen) {
            true => CrateLicense { spdx: Some(chosen.to_owned()), file: None, source },
            false => CrateLicense { spdx: None, file: Some(format!("{}\n", chosen.trim())), source },
        };
    }
    match document {
        Some(DocumentLicense { spdx: Some(spdx), .. }) => CrateLicense {
            spdx: Some(spdx.clone()),
            file: None,
            source: "the licence its OpenAPI document states".into(),
        },
        Some(license) => {
            let url = license.url.as_deref().map(|url| format!("\n\nIts terms: {url}")).unwrap_or_default();
            let text = format!(
                "The OpenAPI document this crate is generated from states its licence as:\n\n{}{url}\n\n\
                 Read those terms before you publish or share this crate.\n",
                license.name
            );
            CrateLicense { spdx: None, file: Some(text), source: "the licence its OpenAPI document states".into() }
        }
        None => CrateLicense {
            spdx: Some(DEFAULT_LICENSE.to_owned()),
            file: None,
            source: "the generator's default, as its document states none".into(),
        },
    }
}

/// An SPDX licence expression as Cargo takes it: identifiers (letters,
/// digits, `.`, `-`, `+`) joined by `AND`, `OR`, `WITH`, in parentheses or not.
pub fn is_spdx_expression(text: &str) -> bool {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut depth = 0usize;
    let mut expect_id = true;
    for token in &tokens {
        match *token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id && depth > 0 => depth -= 1,
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            id if expect_id && is_identifier(id) => expect_id = false,
            _ => return false,
        }
    }
    !tokens.is_empty() && !expect_id && depth == 0
}

fn is_identifier(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_alphanumeric())
        && token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
        && !matches!(token, "AND" | "OR" | "WITH")
}

/// Licences documents name in words, by their SPDX identifiers.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "Apache-2.0",
        &[
            "apache 2.0",
            "apache-2.0",
            "apache 2",
            "apache v2",
            "apache license 2.0",
            "apache license, version 2.0",
            "apache license version 2.0",
            "apache 2.0 license",
            "apache v2 license",
        ],
    ),
    ("MIT", &["mit", "mit license", "the mit license"]),
    ("BSD-2-Clause", &["bsd-2-clause"]),
    ("BSD-3-Clause", &["bsd-3-clause", "bsd 3-clause", "bsd-3"]),
    ("ISC", &["isc", "isc license"]),
    ("MPL-2.0", &["mpl-2.0", "mozilla public license 2.0"]),
    ("CC0-1.0", &["cc0-1.0", "cc0 1.0", "cc0"]),
    ("CC-BY-4.0", &["cc-by-4.0", "cc by 4.0", "creative commons attribution 4.0 international"]),
    ("LGPL-2.1", &["lgpl-2.1"]),
    ("LGPL-3.0", &["lgpl-3.0"]),
    ("GPL-3.0", &["gpl-3.0"]),
    ("AGPL-3.0", &["agpl-3.0", "agplv3", "gnu affero general public license v3.0"]),
    ("Unlicense", &["unlicense", "the unlicense"]),
];

pub(crate) fn spdx_of_name(name: &str) -> Option<String> {
    let name = name.trim().to_ascii_lowercase();
    KNOWN.iter().find(|(_, names)| names.contains(&name.as_str())).map(|(id, _)| (*id).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_cargo_takes() {
        for good in [
            "MIT",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0+",
            "Apache-2.0 WITH LLVM-exception",
        ] {
            assert!(is_spdx_expression(good), "{good}");
        }
        for bad in ["", "MIT OR", "OR MIT", "(MIT", "MIT)", "Apache 2.0", "Terms of Service", "MIT/Apache-2.0"] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }

    #[test]
    fn the_user_then_the_document_then_the_default() {
        let apache = DocumentLicense::new("Apache 2.0", None, None);
        assert_eq!(apache.spdx.as_deref(), Some("Apache-2.0"));
        assert_eq!(crate_license(Some("MIT"), Some(&apache)).spdx.as_deref(), Some("MIT"));
        assert_eq!(crate_license(None, Some(&apache)).spdx.as_deref(), Some("Apache-2.0"));
        assert_eq!(crate_license(None, None).spdx.as_deref(), Some(DEFAULT_LICENSE));
        // 3.1's `identifier` is taken as it is; a bad one falls back to the name.
        assert_eq!(DocumentLicense::new("whatever", None, Some("BSD-3-Clause")).spdx.as_deref(), Some("BSD-3-Clause"));
        assert_eq!(DocumentLicense::new("MIT License", None, Some("not spdx")).spdx.as_deref(), Some("MIT"));
    }

    #[test]
    fn terms_in_words_become_a_license_file() {
        let terms = DocumentLicense::new("API Terms of Use", Some("https://example.com/terms"), None);
        let license = crate_license(None, Some(&terms));
        assert_eq!(license.spdx, None);
        let file = license.file.unwrap_or_default();
        assert!(file.contains("API Terms of Use") && file.contains("https://example.com/terms"), "{file}");
    }
}
