//! Settings, read once from the environment, with defaults that run out of the box.

use std::net::SocketAddr;
use std::path::PathBuf;

use sea_orm::DatabaseConnection;

/// Everything the server reads from its environment.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// `BANYAN_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (the default, a file under the data folder) or `postgres://…`.
    pub database_url: String,
    /// `BANYAN_PUBLIC_URL`: how users reach this server, for links in mail.
    pub public_url: String,
    /// `BANYAN_DATA_DIR`: the SQLite file and uploads live here.
    pub data_dir: PathBuf,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `var`, so that tests need not touch the process environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let addr = var("BANYAN_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr
            .parse()
            .map_err(|_| format!("BANYAN_ADDR={addr} is not an address like 127.0.0.1:3000"))?;
        let data_dir = PathBuf::from(var("BANYAN_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("banyan.db").display())
        });
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err("DATABASE_URL must start with sqlite: or postgres://".into());
        }
        let public_url = var("BANYAN_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_owned();
        Ok(Config {
            addr,
            database_url,
            public_url,
            data_dir,
        })
    }

    /// Connects to the configured database, creating the data folder for SQLite first.
    pub async fn open_database(&self) -> Result<DatabaseConnection, crate::Error> {
        if self.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir)?;
        }
        Ok(app::db::connect(&self.database_url).await?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn runs_out_of_the_box_on_sqlite_under_data() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/banyan.db?mode=rwc");
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
    }

    #[test]
    fn reads_the_environment() {
        let config = config(&[
            ("BANYAN_ADDR", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://crm@db/banyan"),
            ("BANYAN_PUBLIC_URL", "https://crm.example.cn/"),
        ])
        .unwrap();
        assert_eq!(config.addr.port(), 8080);
        assert_eq!(config.database_url, "postgres://crm@db/banyan");
        assert_eq!(config.public_url, "https://crm.example.cn");
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        assert!(
            config(&[("BANYAN_ADDR", "localhost")])
                .unwrap_err()
                .contains("BANYAN_ADDR")
        );
        assert!(
            config(&[("DATABASE_URL", "mysql://x")])
                .unwrap_err()
                .contains("DATABASE_URL")
        );
    }
}
