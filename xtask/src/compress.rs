//! Every file of the site also as `.gz` and `.br`, so the server hands browsers the smallest
//! form they accept without compressing on each request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::Error;

pub fn all_files(dir: &Path) -> Result<(), Error> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            all_files(&path)?;
            continue;
        }
        if path.extension().is_some_and(|e| e == "gz" || e == "br") {
            continue;
        }
        let name = path.as_os_str().to_owned();
        let with = |suffix: &str| {
            let mut name = name.clone();
            name.push(suffix);
            PathBuf::from(name)
        };
        // Compressed already (a kept WebAssembly bundle brings its own).
        if with(".gz").exists() && with(".br").exists() {
            continue;
        }
        let bytes = fs::read(&path)?;
        fs::write(with(".gz"), gzip(&bytes)?)?;
        fs::write(with(".br"), brotli(&bytes)?)?;
    }
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams::default();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn each_file_gains_both_forms_that_read_back_the_same() {
        let dir = std::env::temp_dir().join(format!("banyan-compress-{}", std::process::id()));
        fs::create_dir_all(dir.join("pkg")).unwrap();
        let text = "榕树 CRM ".repeat(1000);
        fs::write(dir.join("pkg/app.js"), &text).unwrap();
        all_files(&dir).unwrap();
        all_files(&dir).unwrap();

        let mut unzipped = String::new();
        let gz = fs::read(dir.join("pkg/app.js.gz")).unwrap();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);
        let br = fs::read(dir.join("pkg/app.js.br")).unwrap();
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbrotlied).unwrap();
        assert_eq!(String::from_utf8(unbrotlied).unwrap(), text);
        assert!(br.len() < text.len() / 10, "compressed");
        assert!(
            !dir.join("pkg/app.js.gz.gz").exists(),
            "compressed forms are not compressed again"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
