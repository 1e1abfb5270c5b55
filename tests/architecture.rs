//! The layering of ARCHITECTURE.md, enforced: every `crate::` reference in `src/<layer>/` must
//! point to a layer that layer may import, and only `app/` and `main.rs` may name egui/eframe.

use std::path::{Path, PathBuf};

/// Each layer and the layers it may import (besides itself).
const ARROWS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("formats", &["model"]),
    ("analysis", &["model"]),
    ("scene", &["model", "analysis"]),
    ("render", &["scene", "model", "analysis"]),
    (
        "library",
        &["formats", "render", "scene", "model", "analysis"],
    ),
    ("synth", &["model", "formats", "analysis"]),
    (
        "app",
        &[
            "model", "formats", "analysis", "scene", "render", "library", "synth",
        ],
    ),
    (
        "cli",
        &[
            "model", "formats", "analysis", "scene", "render", "library", "synth",
        ],
    ),
];

const GUI_CRATES: &[&str] = &["egui", "eframe", "egui_plot", "egui_kittest"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Strips `//` comments (good enough: our code has no `//` inside string literals that matter).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("")))
}

/// The layer names referenced as `crate::name` or inside `crate::{a, b::c}`.
fn crate_refs(code: &str) -> Vec<String> {
    let mut refs = Vec::new();
    let mut rest = code;
    while let Some(pos) = rest.find("crate::") {
        let before = rest[..pos].chars().last();
        rest = &rest[pos + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    refs.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            refs.push(name);
        }
    }
    refs
}

fn names_gui_crate(code: &str) -> Option<&'static str> {
    GUI_CRATES.iter().copied().find(|krate| {
        code.match_indices(krate).any(|(pos, _)| {
            let before = code[..pos].chars().last();
            let after = code[pos + krate.len()..].chars().next();
            let word_start = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
            word_start && after == Some(':')
        })
    })
}

#[test]
fn layers_import_only_what_the_arrows_allow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files).unwrap();
    assert!(files.len() > 10, "found only {} files", files.len());
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let layer = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        let allowed = ARROWS
            .iter()
            .find(|(name, _)| *name == layer)
            .map(|(_, a)| *a);
        for (line_no, code) in code_lines(&text) {
            if let Some(allowed) = allowed {
                for target in crate_refs(code) {
                    if target != layer && !allowed.contains(&target.as_str()) {
                        violations.push(format!(
                            "{}:{line_no}: layer `{layer}` must not use `crate::{target}`",
                            relative.display()
                        ));
                    }
                }
            }
            let gui_allowed = layer == "app" || layer == "main.rs";
            if !gui_allowed && let Some(krate) = names_gui_crate(code) {
                violations.push(format!(
                    "{}:{line_no}: only app/ may name `{krate}`",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_catches_violations() {
    assert_eq!(crate_refs("use crate::app::Foo;"), ["app"]);
    assert_eq!(
        crate_refs("use crate::{model::Clip, formats};"),
        ["model", "formats"]
    );
    assert!(crate_refs("use posedeck_crate::x;").is_empty());
    assert_eq!(names_gui_crate("use egui::Painter;"), Some("egui"));
    assert_eq!(
        names_gui_crate("let p = eframe::run_native();"),
        Some("eframe")
    );
    assert_eq!(names_gui_crate("// the egui painter draws"), None);
    assert_eq!(names_gui_crate("fn my_egui_thing()"), None);
}
