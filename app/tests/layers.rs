//! The app's layers, held to the code: each top-level module of `src/` may import only from
//! the modules listed before it. The core knows no feature, no feature knows one listed after
//! it, and `error.rs` knows nothing of the app, so no circle of imports can run through two
//! features or back up into the core.
//!
//! A new feature takes its place in `LAYERS` (after those it uses, before those that use it),
//! and so does a new module of the core.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom first. A module may use the modules before it and itself.
const LAYERS: &[&str] = &[
    // The core: what every feature leans on.
    "error",
    "i18n",
    "core",
    "ui",
    // The features, each on the core and the features before it.
    "auth",
    "notifications",
    "saved_views",
    "system",
    "customers",
    "deals",
    "tickets",
    "dashboards",
    "campaigns",
    "duplicates",
    "web_forms",
    "webhooks",
    "privacy",
    "workspace",
    "today",
    "sync",
    "backup",
    "trail",
    // The app around them.
    "shell",
    "screens",
    "lib",
    "testing",
];

/// Macros exported at the crate's root, by the module that defines them.
const MACROS: &[(&str, &str)] = &[("db_test", "core")];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Tests sit above everything they test: test files and the test module at the end of a file
/// are left out.
fn is_test_file(relative: &Path) -> bool {
    relative.components().any(|c| c.as_os_str() == "tests")
        || relative.file_name().is_some_and(|f| f == "tests.rs")
}

fn without_tests(source: &str) -> &str {
    match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    }
}

/// The top-level modules a source file names through `crate::`.
fn imported(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` in a macro, or the tail of a longer path, names no import.
        if before.is_some_and(|c| c == '$' || c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let module = MACROS
            .iter()
            .find(|(macro_name, _)| *macro_name == name)
            .map_or(name.clone(), |(_, module)| (*module).to_owned());
        names.insert(module);
    }
    names
}

fn layer(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|m| *m == module)
        .unwrap_or_else(|| panic!("`{module}` has no place in LAYERS: give it one"))
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "found the sources");
    let mut upward = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&src).expect("a file under src");
        if is_test_file(relative) {
            continue;
        }
        let first = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name");
        let module = first.trim_end_matches(".rs");
        let source = fs::read_to_string(&path).expect("read a source file");
        for name in imported(without_tests(&source)) {
            if name != module && layer(&name) > layer(module) {
                upward.push(format!("{} imports `{name}`", relative.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reading_of_imports_sees_what_it_should() {
    let source = "use crate::core::policy;\nlet x = crate::deals::service::get();\n\
                  crate::db_test!(case);\n$crate::ui::x\n";
    let names: Vec<String> = imported(source).into_iter().collect();
    assert_eq!(names, ["core", "deals"]);
    assert!(is_test_file(Path::new("deals/tests/board.rs")));
    assert!(!is_test_file(Path::new("deals/service.rs")));
}
