//! The project's build settings, read from `[[workspace.metadata.leptos]]` in the workspace's
//! `Cargo.toml`: the one place they are written, for this build and for cargo-leptos alike.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::Error;

/// What the build needs to know, with cargo-leptos's defaults where the settings are silent.
#[derive(Debug, PartialEq)]
pub struct Project {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    /// The name of the site's WebAssembly, JavaScript and CSS files.
    pub output_name: String,
    pub lib_package: String,
    pub lib_profile: String,
    pub lib_features: Vec<String>,
    pub lib_default_features: bool,
    pub bin_package: String,
    pub bin_target: String,
    pub bin_features: Vec<String>,
    pub bin_default_features: bool,
    /// Relative to the workspace's root, as the server reads it.
    pub site_root: String,
    pub site_pkg_dir: String,
    pub site_addr: String,
    pub reload_port: String,
    pub style_file: Option<String>,
    pub assets_dir: Option<String>,
}

impl Project {
    /// Asks cargo for the workspace's settings and where it builds.
    pub fn read() -> Result<Self, Error> {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["metadata", "--no-deps", "--format-version", "1"])
            .output()?;
        if !output.status.success() {
            return Err(format!(
                "cargo metadata failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Self::from_metadata(&serde_json::from_slice(&output.stdout)?)
    }

    pub fn from_metadata(metadata: &Value) -> Result<Self, Error> {
        let path = |key: &str| {
            metadata[key]
                .as_str()
                .map(PathBuf::from)
                .ok_or_else(|| format!("cargo metadata has no {key}"))
        };
        let settings = &metadata["metadata"]["leptos"][0];
        if !settings.is_object() {
            return Err("Cargo.toml has no [[workspace.metadata.leptos]] settings".into());
        }
        let text = |key: &str| settings[key].as_str().map(str::to_owned);
        let required =
            |key: &str| text(key).ok_or_else(|| format!("the leptos settings need {key}"));
        let list = |key: &str| {
            settings[key]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let flag = |key: &str| settings[key].as_bool().unwrap_or(true);
        let bin_package = required("bin-package")?;
        Ok(Project {
            root: path("workspace_root")?,
            target_dir: path("target_directory")?,
            output_name: required("name")?.replace('-', "_"),
            lib_package: required("lib-package")?,
            lib_profile: text("lib-profile-release").unwrap_or_else(|| "release".into()),
            lib_features: list("lib-features"),
            lib_default_features: flag("lib-default-features"),
            bin_target: text("bin-target").unwrap_or_else(|| bin_package.clone()),
            bin_package,
            bin_features: list("bin-features"),
            bin_default_features: flag("bin-default-features"),
            site_root: text("site-root").unwrap_or_else(|| "target/site".into()),
            site_pkg_dir: text("site-pkg-dir").unwrap_or_else(|| "pkg".into()),
            site_addr: text("site-addr").unwrap_or_else(|| "127.0.0.1:3000".into()),
            reload_port: settings["reload-port"]
                .as_u64()
                .map_or_else(|| "3001".into(), |port| port.to_string()),
            style_file: text("style-file"),
            assets_dir: text("assets-dir"),
        })
    }

    pub fn site_root(&self) -> PathBuf {
        self.root.join(&self.site_root)
    }

    pub fn pkg_dir(&self) -> PathBuf {
        self.site_root().join(&self.site_pkg_dir)
    }

    pub fn server_binary(&self) -> PathBuf {
        self.target_dir.join("release").join(&self.bin_target)
    }

    /// What cargo-leptos tells both compilations: the server renders the links to the site's
    /// files from these, at compile time as well as at run time.
    pub fn envs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LEPTOS_OUTPUT_NAME", self.output_name.clone()),
            ("LEPTOS_SITE_ROOT", self.site_root.clone()),
            ("LEPTOS_SITE_PKG_DIR", self.site_pkg_dir.clone()),
            ("LEPTOS_SITE_ADDR", self.site_addr.clone()),
            ("LEPTOS_RELOAD_PORT", self.reload_port.clone()),
            ("LEPTOS_HASH_FILES", "false".into()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_the_settings_cargo_leptos_reads() {
        let metadata = json!({
            "workspace_root": "/src/banyan",
            "target_directory": "/cache/target",
            "metadata": { "leptos": [{
                "name": "banyan",
                "bin-package": "server",
                "bin-target": "banyan",
                "lib-package": "frontend",
                "lib-profile-release": "wasm-release",
                "style-file": "style/main.css",
                "assets-dir": "public",
                "site-root": "target/site",
                "reload-port": 3001,
                "lib-default-features": false,
                "bin-features": []
            }]}
        });
        let project = Project::from_metadata(&metadata).unwrap();
        assert_eq!(project.output_name, "banyan");
        assert_eq!(project.lib_profile, "wasm-release");
        assert!(!project.lib_default_features);
        assert!(project.bin_default_features, "cargo-leptos's default");
        assert_eq!(
            project.pkg_dir(),
            PathBuf::from("/src/banyan/target/site/pkg")
        );
        assert_eq!(
            project.server_binary(),
            PathBuf::from("/cache/target/release/banyan")
        );
        assert_eq!(project.reload_port, "3001");
    }

    #[test]
    fn a_workspace_without_settings_is_refused_in_words() {
        let metadata =
            json!({ "workspace_root": "/x", "target_directory": "/x/target", "metadata": null });
        let err = Project::from_metadata(&metadata).unwrap_err().to_string();
        assert!(err.contains("workspace.metadata.leptos"), "{err}");
    }
}
