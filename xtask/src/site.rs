//! The steps of the release: the WebAssembly bundle, the style and static files, the server.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use wasm_bindgen_cli_support::Bindgen;

use crate::Error;
use crate::project::Project;

/// How cargo-leptos has wasm-opt shrink the module for a release.
const WASM_OPT: [&str; 3] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
];

/// What a kept bundle depends on besides the module: change it when the steps change.
const BUNDLE_RECIPE: &str = "wasm-bindgen 0.2.130, web; wasm-opt -Oz; gzip, brotli";

/// Runs a command to its end; a failure names the command.
fn run(command: &mut Command) -> Result<(), Error> {
    let status = command
        .status()
        .map_err(|err| format!("{command:?} did not start: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})").into())
    }
}

fn cargo(project: &Project) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(&project.root).envs(project.envs());
    command
}

fn features(command: &mut Command, features: &[String], default_features: bool) {
    if !default_features {
        command.arg("--no-default-features");
    }
    if !features.is_empty() {
        command.arg(format!("--features={}", features.join(",")));
    }
}

/// The app compiled to WebAssembly, its JavaScript made by wasm-bindgen, and the module made
/// smaller by wasm-opt, as `<pkg>/<name>.js` and `<pkg>/<name>.wasm`.
pub fn front(project: &Project) -> Result<(), Error> {
    let site = project.site_root();
    if site.exists() {
        fs::remove_dir_all(&site)?;
    }
    let pkg = project.pkg_dir();
    fs::create_dir_all(&pkg)?;

    let mut build = cargo(project);
    build.args([
        "build",
        "--package",
        &project.lib_package,
        "--lib",
        "--target=wasm32-unknown-unknown",
        "--profile",
        &project.lib_profile,
    ]);
    features(
        &mut build,
        &project.lib_features,
        project.lib_default_features,
    );
    run(&mut build)?;

    let compiled = project
        .target_dir
        .join("wasm32-unknown-unknown")
        .join(&project.lib_profile)
        .join(format!("{}.wasm", project.lib_package.replace('-', "_")));
    let made = bundle(project, &compiled)?;
    for entry in fs::read_dir(&made)? {
        let entry = entry?;
        fs::copy(entry.path(), pkg.join(entry.file_name()))?;
    }
    Ok(())
}

/// What wasm-bindgen, wasm-opt and compression make of the compiled module, kept in cargo's
/// target directory under a digest of that module: they take minutes, and a build whose
/// module did not change (a warm CI run, a change to the server only) takes them from there.
fn bundle(project: &Project, compiled: &Path) -> Result<PathBuf, Error> {
    let module = fs::read(compiled)?;
    let store = project.target_dir.join("xtask").join("bundles");
    let made = store.join(format!(
        "{:016x}",
        digest((BUNDLE_RECIPE, &project.output_name, &module))
    ));
    if made.is_dir() {
        eprintln!("The WebAssembly did not change: reusing {}", made.display());
        return Ok(made);
    }
    let work = store.join("in-progress");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    fs::create_dir_all(&work)?;

    crate::timed("wasm-bindgen", || {
        Ok(Bindgen::new()
            // The name of the bytes names the files made.
            .input_bytes(&project.output_name, module)
            .web(true)?
            // As the wasm-bindgen command does by default.
            .omit_default_module_path(false)
            .generate(&work)
            .map_err(|err| format!("wasm-bindgen: {err}"))?)
    })?;
    // Leptos's hydration script loads `<name>.wasm`.
    let wasm = work.join(format!("{}.wasm", project.output_name));
    fs::rename(work.join(format!("{}_bg.wasm", project.output_name)), &wasm)?;

    crate::timed("wasm-opt", || {
        run(Command::new("wasm-opt")
            .args(WASM_OPT)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm))
    })?;
    crate::timed("Compressing the bundle", || {
        crate::compress::all_files(&work)
    })?;
    // Older bundles go: one is kept, the one this build made.
    for entry in fs::read_dir(&store)? {
        let path = entry?.path();
        if path != work {
            fs::remove_dir_all(path)?;
        }
    }
    fs::rename(&work, &made)?;
    Ok(made)
}

/// The style sheet as `<pkg>/<name>.css`, and the static files at the site's root.
pub fn style_and_assets(project: &Project) -> Result<(), Error> {
    if let Some(style) = &project.style_file {
        let css = project
            .pkg_dir()
            .join(format!("{}.css", project.output_name));
        fs::copy(project.root.join(style), css)?;
    }
    if let Some(assets) = &project.assets_dir {
        copy_dir(&project.root.join(assets), &project.site_root())?;
    }
    Ok(())
}

/// The bundle's files named after their content, `<name>.<hash>.<ext>` as cargo-leptos's
/// `--hash-files` names them, so that browsers may keep them for good; their hashes go to
/// `hash.txt` at the site's root, where the server reads them (cargo-leptos puts it beside
/// the binary: in the site, the folder is whole wherever the binary is installed). The
/// service worker learns which files to keep on the phone.
pub fn fingerprint(project: &Project) -> Result<(), Error> {
    let pkg = project.pkg_dir();
    let name = &project.output_name;
    let mut hashes = String::new();
    let mut kept = vec!["/favicon.ico".to_owned(), "/icon.svg".to_owned()];
    for ext in ["js", "wasm", "css"] {
        let plain = pkg.join(format!("{name}.{ext}"));
        if !plain.exists() {
            continue;
        }
        let hash = format!("{:016x}", digest(&fs::read(&plain)?));
        for form in ["", ".gz", ".br"] {
            let from = pkg.join(format!("{name}.{ext}{form}"));
            if from.exists() {
                fs::rename(from, pkg.join(format!("{name}.{hash}.{ext}{form}")))?;
            }
        }
        hashes.push_str(&format!("{ext}: {hash}\n"));
        kept.push(format!("/{}/{name}.{hash}.{ext}", project.site_pkg_dir));
    }
    fs::write(project.site_root().join("hash.txt"), &hashes)?;
    let worker = project.site_root().join("sw.js");
    if worker.exists() {
        let build =
            serde_json::json!({ "version": format!("{:016x}", digest(&hashes)), "files": kept });
        fs::write(&worker, with_build(&fs::read_to_string(&worker)?, &build)?)?;
    }
    Ok(())
}

fn digest(bytes: impl Hash) -> u64 {
    let mut digest = DefaultHasher::new();
    bytes.hash(&mut digest);
    digest.finish()
}

/// The service worker with its `const BUILD = …;` line naming this build.
fn with_build(worker: &str, build: &serde_json::Value) -> Result<String, Error> {
    let line = worker
        .lines()
        .find(|line| line.starts_with("const BUILD = "))
        .ok_or("sw.js has no `const BUILD = …;` line for the build to fill")?;
    Ok(worker.replacen(line, &format!("const BUILD = {build};"), 1))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), Error> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The server binary, in cargo's release folder.
pub fn server(project: &Project) -> Result<(), Error> {
    let mut build = cargo(project);
    build.args([
        "build",
        "--package",
        &project.bin_package,
        "--bin",
        &project.bin_target,
        "--release",
    ]);
    features(
        &mut build,
        &project.bin_features,
        project.bin_default_features,
    );
    run(&mut build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_worker_learns_its_build() {
        let worker =
            "// kept files\nconst BUILD = { version: 'unbuilt', files: [] };\nconst CACHE = 1;\n";
        let build = serde_json::json!({ "version": "ab12", "files": ["/pkg/banyan.ab12.js"] });
        let written = with_build(worker, &build).unwrap();
        assert_eq!(
            written,
            "// kept files\nconst BUILD = {\"files\":[\"/pkg/banyan.ab12.js\"],\"version\":\"ab12\"};\nconst CACHE = 1;\n"
        );
        let refused = with_build("const CACHE = 1;\n", &build).unwrap_err();
        assert!(refused.to_string().contains("const BUILD"), "{refused}");
    }
}
