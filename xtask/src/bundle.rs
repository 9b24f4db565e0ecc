//! The WebAssembly bundle: the compiled module cut at its `#[lazy]` functions into a main
//! module and the chunks loaded on demand (as cargo-leptos `--split` cuts it), the main
//! module's JavaScript made by wasm-bindgen, every module made smaller by wasm-opt, and all
//! of it compressed.
//!
//! Every file is named after the compiled module it came from (`<stem>.<id>.<ext>`), not after
//! its own content: the files name each other (the main module imports the loader, the loader
//! imports the main module's JavaScript and fetches the chunks), so naming them before they
//! are made leaves nothing to patch afterwards, and a module that did not change gives the
//! same files under the same names.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use wasm_bindgen_cli_support::Bindgen;

use crate::Error;
use crate::project::Project;

/// How cargo-leptos has wasm-opt shrink each module for a release.
const WASM_OPT: [&str; 3] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
];

/// What a bundle depends on besides the module: change it when the steps change.
const RECIPE: &str = "wasm_split_cli_support 0.2.4; wasm-bindgen 0.2.130, web, lld exports; wasm-opt -Oz; gzip, brotli";

/// A bundle ready to be served: its folder, and the id in its file names.
pub struct Bundle {
    pub dir: PathBuf,
    pub id: String,
}

/// The bundle of the module cargo compiled, kept in cargo's target directory under its id:
/// making it takes minutes, and a build whose module did not change (a warm CI run, a change
/// to the server only) takes it from there.
pub fn make(project: &Project, compiled: &Path) -> Result<Bundle, Error> {
    let module = fs::read(compiled)?;
    let id = format!(
        "{:016x}",
        crate::digest((RECIPE, &project.output_name, &module))
    );
    let store = project.target_dir.join("xtask").join("bundles");
    let made = store.join(&id);
    if made.is_dir() {
        eprintln!("The WebAssembly did not change: reusing {}", made.display());
        return Ok(Bundle { dir: made, id });
    }
    let work = store.join("in-progress");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    fs::create_dir_all(&work)?;

    let name = &project.output_name;
    // The main module as the splitter leaves it still names its functions: it is kept beside
    // the bundle (`<id>.main.wasm`) for a size profiler to read (`scripts/bench`).
    let main = store.join("in-progress.main.wasm");
    crate::timed("Splitting the module", || {
        split(&module, &work, &main, name, &id)
    })?;
    crate::timed("wasm-bindgen", || {
        Ok(Bindgen::new()
            // The name of the bytes names the files made.
            .input_bytes(name, fs::read(&main)?)
            .web(true)?
            // The chunks import the linker's exports (the function table, the stack pointer)
            // from the main module, which wasm-bindgen would otherwise drop.
            .keep_lld_exports(true)
            // As the wasm-bindgen command does by default.
            .omit_default_module_path(false)
            .generate(&work)
            .map_err(|err| format!("wasm-bindgen: {err}"))?)
    })?;
    fs::rename(
        work.join(format!("{name}.js")),
        work.join(format!("{name}.{id}.js")),
    )?;
    fs::rename(
        work.join(format!("{name}_bg.wasm")),
        work.join(format!("{name}.{id}.wasm")),
    )?;

    crate::timed("wasm-opt", || shrink_all(&work))?;
    crate::timed("Compressing the bundle", || {
        crate::compress::all_files(&work)
    })?;
    // Older bundles go: one is kept, the one this build made.
    for entry in fs::read_dir(&store)? {
        let path = entry?.path();
        if path.is_dir() && path != work {
            fs::remove_dir_all(path)?;
        } else if path.is_file() && path != main {
            fs::remove_file(path)?;
        }
    }
    fs::rename(&work, &made)?;
    fs::rename(&main, store.join(format!("{id}.main.wasm")))?;
    Ok(Bundle { dir: made, id })
}

/// Cuts `module` into the main module (written to `main`, for wasm-bindgen) and, in `work`,
/// the chunks, the loader that fetches them (`__wasm_split.<id>.js`) and the manifest that
/// tells the server which chunks each lazy function needs, so that a page rendered with it
/// can have the browser fetch them early (`__wasm_split_manifest.<id>.json`).
fn split(module: &[u8], work: &Path, main: &Path, name: &str, id: &str) -> Result<(), Error> {
    let loader = format!("__wasm_split.{id}.js");
    let link_name = format!("./{loader}");
    let main_module = format!("./{name}.{id}.js");
    let mut options = wasm_split_cli_support::Options::new(module);
    options.output_dir = work;
    options.main_out_path = main;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|err| format!("splitting the module: {err:#}"))?;

    // The splitter names a chunk `split_<function>` or `chunk_<n>`; the id goes after.
    let loader = work.join(loader);
    let mut script = fs::read_to_string(&loader)?;
    for chunk in &split.split_modules {
        let stem = chunk
            .file_stem()
            .and_then(|stem| stem.to_str())
            .ok_or_else(|| format!("a chunk without a name: {}", chunk.display()))?;
        let fetched = format!("\"./{stem}.wasm\"");
        if !script.contains(&fetched) {
            return Err(format!("the loader does not fetch {stem}.wasm by that name").into());
        }
        script = script.replace(&fetched, &format!("\"./{stem}.{id}.wasm\""));
        fs::rename(chunk, work.join(format!("{stem}.{id}.wasm")))?;
    }
    fs::write(&loader, script)?;
    let manifest: HashMap<&String, Vec<String>> = split
        .prefetch_map
        .iter()
        .map(|(function, stems)| {
            let files = stems.iter().map(|stem| format!("{stem}.{id}")).collect();
            (function, files)
        })
        .collect();
    fs::write(
        work.join(format!("__wasm_split_manifest.{id}.json")),
        serde_json::to_string(&manifest)?,
    )?;
    Ok(())
}

/// wasm-opt on every module in `dir`, as many at once as there are cores, the largest first
/// (the main module takes most of the time).
fn shrink_all(dir: &Path) -> Result<(), Error> {
    let mut modules = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            modules.push((fs::metadata(&path)?.len(), path));
        }
    }
    modules.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    thread::scope(|scope| {
        let shrinking: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    while let Some((_, path)) = modules.get(next.fetch_add(1, Ordering::Relaxed)) {
                        shrink(path)?;
                    }
                    Ok::<(), String>(())
                })
            })
            .collect();
        shrinking
            .into_iter()
            .try_for_each(|worker| worker.join().map_err(|_| "wasm-opt's thread panicked")?)
    })?;
    Ok(())
}

/// One module through wasm-opt, quiet unless it fails: it warns of each name subsection it does
/// not know, which the splitter writes into every chunk, hundreds of lines that say nothing.
fn shrink(module: &Path) -> Result<(), String> {
    let output = Command::new("wasm-opt")
        .args(WASM_OPT)
        .arg(module)
        .arg("-o")
        .arg(module)
        .output()
        .map_err(|err| format!("wasm-opt did not start: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wasm-opt failed on {} ({}): {}",
            module.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
