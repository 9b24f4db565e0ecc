//! `cargo xtask build`: the release of Banyan, as `cargo leptos build --release --split
//! --precompress --hash-files` makes it: the WebAssembly bundle (the main module, its
//! JavaScript and the chunks of the screens loaded on demand), the style sheet and the static
//! files under the site folder, each also compressed with gzip and brotli, the bundle's and the
//! style's files named for good, and the server binary.
//!
//! It exists because a fresh machine spent most of its first start compiling cargo-leptos,
//! whose dependencies carry a JavaScript compiler, git and a project generator that Banyan
//! never uses. This does the same steps with the same tools (cargo, the wasm-bindgen library
//! at the app's pinned version, the library behind cargo-leptos's splitting, and the `wasm-opt`
//! on `PATH`), reading the same
//! `[[workspace.metadata.leptos]]` settings, so `cargo leptos` keeps working beside it. What
//! it leaves out: minifying the JavaScript and the CSS, which brotli makes up for on the wire
//! (the generated JavaScript is 32 KB, 7 KB compressed).

mod bundle;
mod compress;
mod project;
mod site;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::process::{Command, ExitCode};
use std::time::Instant;

use project::Project;

/// A failure that stops the build, with what went wrong in words.
type Error = Box<dyn std::error::Error>;

const USAGE: &str = "usage: cargo xtask build\n\n\
    Builds the release of Banyan: the site under the workspace's site folder (WebAssembly,\n\
    JavaScript, CSS and static files, each also gzip- and brotli-compressed) and the server\n\
    binary, in cargo's target directory.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["build"] => match build() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn build() -> Result<(), Error> {
    let started = Instant::now();
    let project = Project::read()?;
    let bundle = timed("The WebAssembly bundle", || site::front(&project))?;
    site::style_and_assets(&project)?;
    site::fingerprint(&project, &bundle)?;
    timed("Compressing the site", || {
        compress::all_files(&project.site_root())
    })?;
    timed("The server", || site::server(&project))?;
    eprintln!(
        "Built the release in {:.0} s: {} and {}",
        started.elapsed().as_secs_f64(),
        project.site_root().display(),
        project.server_binary().display()
    );
    Ok(())
}

/// Runs one step of the build and says how long it took: where a slow build spends its time
/// is then in every log.
fn timed<T>(step: &str, work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    let started = Instant::now();
    let done = work()?;
    eprintln!("({step}: {:.1} s)", started.elapsed().as_secs_f64());
    Ok(done)
}

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

/// A digest that names what the build makes: the same input, the same name.
fn digest(bytes: impl Hash) -> u64 {
    let mut digest = DefaultHasher::new();
    bytes.hash(&mut digest);
    digest.finish()
}
