//! The steps of the release: the WebAssembly bundle, the style and static files, the server.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::Error;
use crate::project::Project;

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

/// The app compiled to WebAssembly and made into its bundle (`crate::bundle`) in `<pkg>`;
/// answers the id in the bundle's file names.
pub fn front(project: &Project) -> Result<String, Error> {
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
    crate::run(&mut build)?;

    let compiled = project
        .target_dir
        .join("wasm32-unknown-unknown")
        .join(&project.lib_profile)
        .join(format!("{}.wasm", project.lib_package.replace('-', "_")));
    let bundle = crate::bundle::make(project, &compiled)?;
    for entry in fs::read_dir(&bundle.dir)? {
        let entry = entry?;
        fs::copy(entry.path(), pkg.join(entry.file_name()))?;
    }
    Ok(bundle.id)
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

/// The style sheet named after its content, `<name>.<hash>.css`, as cargo-leptos's
/// `--hash-files` names it, so that browsers may keep it and the bundle (named by its id) for
/// good; `hash.txt` at the site's root tells the server those names (cargo-leptos puts it
/// beside the binary: in the site, the folder is whole wherever the binary is installed). The
/// service worker learns which files to keep on the phone: all of the bundle, chunks
/// included, since a chunk that cannot be fetched when its screen is opened stops the app.
pub fn fingerprint(project: &Project, bundle: &str) -> Result<(), Error> {
    let pkg = project.pkg_dir();
    let name = &project.output_name;
    let mut hashes = format!("js: {bundle}\nwasm: {bundle}\n");
    let css = pkg.join(format!("{name}.css"));
    if css.exists() {
        let hash = format!("{:016x}", crate::digest(&fs::read(&css)?));
        fs::rename(css, pkg.join(format!("{name}.{hash}.css")))?;
        hashes.push_str(&format!("css: {hash}\n"));
    }
    // The names Leptos gives the loader and the manifest of the chunks.
    hashes.push_str(&format!("manifest: {bundle}\nsplit: {bundle}\n"));
    fs::write(project.site_root().join("hash.txt"), &hashes)?;

    let mut kept = vec!["/favicon.ico".to_owned(), "/icon.svg".to_owned()];
    let mut files = Vec::new();
    for entry in fs::read_dir(&pkg)? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        if [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| file.ends_with(ext))
        {
            files.push(format!("/{}/{file}", project.site_pkg_dir));
        }
    }
    files.sort();
    kept.extend(files);
    let worker = project.site_root().join("sw.js");
    if worker.exists() {
        let version = format!("{:016x}", crate::digest(&hashes));
        let build = serde_json::json!({ "version": version, "files": kept });
        fs::write(&worker, with_build(&fs::read_to_string(&worker)?, &build)?)?;
    }
    Ok(())
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
    crate::run(&mut build)
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

    #[test]
    fn the_site_names_the_bundle_and_the_worker_keeps_every_piece() {
        let root = std::env::temp_dir().join(format!("banyan-site-{}", std::process::id()));
        let metadata = serde_json::json!({
            "workspace_root": root,
            "target_directory": root.join("target"),
            "metadata": { "leptos": [{ "name": "banyan", "bin-package": "server", "lib-package": "frontend" }] }
        });
        let project = Project::from_metadata(&metadata).unwrap();
        let pkg = project.pkg_dir();
        fs::create_dir_all(&pkg).unwrap();
        for file in [
            "banyan.0123456789abcdef.js",
            "banyan.0123456789abcdef.wasm",
            "banyan.0123456789abcdef.wasm.br",
            "split_admin_42.0123456789abcdef.wasm",
            "chunk_7.0123456789abcdef.wasm",
            "__wasm_split.0123456789abcdef.js",
            "__wasm_split_manifest.0123456789abcdef.json",
            "banyan.css",
        ] {
            fs::write(pkg.join(file), file).unwrap();
        }
        fs::write(
            project.site_root().join("sw.js"),
            "const BUILD = { version: 'unbuilt', files: [] };\n",
        )
        .unwrap();

        fingerprint(&project, "0123456789abcdef").unwrap();

        let css = format!("{:016x}", crate::digest(b"banyan.css".to_vec()));
        assert_eq!(
            fs::read_to_string(project.site_root().join("hash.txt")).unwrap(),
            format!(
                "js: 0123456789abcdef\nwasm: 0123456789abcdef\ncss: {css}\n\
                 manifest: 0123456789abcdef\nsplit: 0123456789abcdef\n"
            )
        );
        assert!(pkg.join(format!("banyan.{css}.css")).is_file());
        let worker = fs::read_to_string(project.site_root().join("sw.js")).unwrap();
        let build: serde_json::Value = serde_json::from_str(
            worker
                .trim()
                .strip_prefix("const BUILD = ")
                .unwrap()
                .strip_suffix(';')
                .unwrap(),
        )
        .unwrap();
        let mut expected = vec![
            "/pkg/__wasm_split.0123456789abcdef.js".to_owned(),
            format!("/pkg/banyan.{css}.css"),
            "/pkg/banyan.0123456789abcdef.js".to_owned(),
            "/pkg/banyan.0123456789abcdef.wasm".to_owned(),
            "/pkg/chunk_7.0123456789abcdef.wasm".to_owned(),
            "/pkg/split_admin_42.0123456789abcdef.wasm".to_owned(),
        ];
        expected.sort();
        expected.splice(0..0, ["/favicon.ico".to_owned(), "/icon.svg".to_owned()]);
        assert_eq!(build["files"], serde_json::json!(expected));
        fs::remove_dir_all(&root).unwrap();
    }
}
