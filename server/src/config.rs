//! Settings, read once from the environment, with defaults that run out of the box.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::backup::schedule::Shelf;
use app::core::files::Store;
use app::core::signing::SecretKey;
use sea_orm::DatabaseConnection;

use crate::http::proxies::TrustedProxies;

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `BANYAN_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (the default, a file under the data folder) or `postgres://…`.
    pub database_url: String,
    /// `BANYAN_PUBLIC_URL`: how users reach this server, for links in mail.
    pub public_url: String,
    /// `BANYAN_DATA_DIR`: the SQLite file, uploads and the generated secret key live here.
    pub data_dir: PathBuf,
    /// `BANYAN_SECRET_KEY`: signs the links that work without a session. When it is not given,
    /// the server makes one on its first start and keeps it in the data folder.
    pub secret_key: Option<SecretKey>,
    /// How mail leaves and arrives.
    pub mail: MailConfig,
    /// `BANYAN_TRUSTED_PROXIES`: the reverse proxies in front of this server, whose
    /// `X-Forwarded-For` names the visitor (`10.0.0.5, 172.16.0.0/12`). Unset, the header is
    /// ignored.
    pub trusted_proxies: TrustedProxies,
    /// `BANYAN_BACKUP_DIR` (default: `backups` in the data folder): where the backups made from
    /// Settings and every day go; `BANYAN_BACKUP_PASSPHRASE` seals them.
    pub backups: Shelf,
    /// `BANYAN_API_RATE` (default 600): the REST API requests one token may make in a minute.
    pub api_rate: usize,
}

/// The mail server replies and surveys go through, and the door incoming mail comes in by.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `BANYAN_SMTP_URL`: `smtp://user:password@host:587?tls=required`, `smtps://host:465`, or
    /// `smtp://127.0.0.1:25` without TLS. Unset, mail waits in the outbox until one is given.
    pub smtp_url: Option<String>,
    /// `BANYAN_MAIL_FROM`: the address customers see and answer, `Acme Support <help@acme.cn>`.
    pub from: lettre::message::Mailbox,
    /// `BANYAN_INBOUND_SECRET`: what a mail forwarder must send to post to `/inbound/email`.
    /// Unset, that door stays shut.
    pub inbound_secret: Option<String>,
}

/// A guessable secret would let anyone open tickets in a workspace's name.
const MIN_INBOUND_SECRET: usize = 24;

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
        let secret_key = var("BANYAN_SECRET_KEY")
            .map(|key| SecretKey::new(&key).map_err(|why| format!("BANYAN_SECRET_KEY: {why}")))
            .transpose()?;
        let smtp_url = var("BANYAN_SMTP_URL").filter(|url| !url.trim().is_empty());
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err("BANYAN_SMTP_URL must start with smtp:// or smtps://".into());
        }
        let from = var("BANYAN_MAIL_FROM").unwrap_or_else(|| "Banyan <banyan@localhost>".into());
        let from = from.parse().map_err(|_| {
            format!("BANYAN_MAIL_FROM={from} is not an address like Acme Support <help@acme.cn>")
        })?;
        let inbound_secret = var("BANYAN_INBOUND_SECRET").filter(|s| !s.trim().is_empty());
        if inbound_secret
            .as_ref()
            .is_some_and(|s| s.trim().len() < MIN_INBOUND_SECRET)
        {
            return Err(format!(
                "BANYAN_INBOUND_SECRET needs at least {MIN_INBOUND_SECRET} characters"
            ));
        }
        let trusted_proxies =
            TrustedProxies::parse(&var("BANYAN_TRUSTED_PROXIES").unwrap_or_default())?;
        let backups = Shelf {
            folder: var("BANYAN_BACKUP_DIR")
                .filter(|dir| !dir.trim().is_empty())
                .map_or_else(|| data_dir.join("backups"), PathBuf::from),
            passphrase: var("BANYAN_BACKUP_PASSPHRASE").filter(|p| !p.trim().is_empty()),
        };
        let api_rate = match var("BANYAN_API_RATE") {
            None => crate::api::v1::DEFAULT_RATE,
            Some(rate) => rate
                .trim()
                .parse()
                .ok()
                .filter(|rate| *rate > 0)
                .ok_or_else(|| format!("BANYAN_API_RATE={rate} is not a number of requests"))?,
        };
        Ok(Config {
            addr,
            database_url,
            public_url,
            data_dir,
            secret_key,
            mail: MailConfig {
                smtp_url,
                from,
                inbound_secret: inbound_secret.map(|s| s.trim().to_owned()),
            },
            trusted_proxies,
            backups,
            api_rate,
        })
    }

    /// Where attachments are kept.
    pub fn store(&self) -> Store {
        Store::new(self.data_dir.join("attachments"))
    }

    /// The configured key, else the one in the data folder, made there on the first start.
    /// Keeping it means links handed out before a restart still work after it.
    pub fn load_secret_key(&self) -> Result<SecretKey, crate::Error> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(key) => {
                Ok(SecretKey::from_file(&key)
                    .map_err(|why| format!("{}: {why}", path.display()))?)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(&self.data_dir)?;
                let key = app::auth::secret::new_token()?;
                write_private(&path, &key)?;
                tracing::info!(path = %path.display(), "made a new secret key");
                Ok(SecretKey::new(&key)?)
            }
            Err(err) => Err(format!("cannot read {}: {err}", path.display()).into()),
        }
    }

    /// Connects to the configured database, creating the data folder for SQLite first.
    pub async fn open_database(&self) -> Result<DatabaseConnection, crate::Error> {
        if self.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir)?;
        }
        Ok(app::core::db::connect(&self.database_url).await?)
    }
}

/// Writes a new file only its owner can read; never replaces an existing one, so two servers
/// starting at once cannot end up with different keys.
pub(crate) fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(content.as_bytes())
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
        assert_eq!(config.mail.smtp_url, None);
        assert_eq!(config.mail.from.email.domain(), "localhost");
        assert_eq!(config.mail.inbound_secret, None);
        assert_eq!(config.trusted_proxies, TrustedProxies::default());
        assert_eq!(config.api_rate, 600);
    }

    #[test]
    fn reads_the_environment() {
        let config = config(&[
            ("BANYAN_ADDR", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://crm@db/banyan"),
            ("BANYAN_PUBLIC_URL", "https://crm.example.cn/"),
            ("BANYAN_SMTP_URL", "smtps://desk:pw@smtp.example.cn:465"),
            ("BANYAN_MAIL_FROM", "Acme 客服 <help@acme.cn>"),
            ("BANYAN_INBOUND_SECRET", "a long enough inbound secret"),
            ("BANYAN_TRUSTED_PROXIES", "10.0.0.5, 172.16.0.0/12"),
            ("BANYAN_API_RATE", "6000"),
        ])
        .unwrap();
        assert_eq!(config.api_rate, 6000);
        assert_eq!(
            config.trusted_proxies,
            TrustedProxies::parse("10.0.0.5,172.16.0.0/12").unwrap()
        );
        assert_eq!(
            config.mail.smtp_url.as_deref(),
            Some("smtps://desk:pw@smtp.example.cn:465")
        );
        assert_eq!(config.mail.from.name.as_deref(), Some("Acme 客服"));
        assert_eq!(config.mail.from.email.domain(), "acme.cn");
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
        for rate in ["0", "lots"] {
            let refused = config(&[("BANYAN_API_RATE", rate)]).unwrap_err();
            assert!(refused.contains("BANYAN_API_RATE"), "{refused}");
        }
        assert!(
            config(&[("DATABASE_URL", "mysql://x")])
                .unwrap_err()
                .contains("DATABASE_URL")
        );
        assert!(
            config(&[("BANYAN_SMTP_URL", "mail.example.cn:25")])
                .unwrap_err()
                .contains("BANYAN_SMTP_URL")
        );
        assert!(
            config(&[("BANYAN_MAIL_FROM", "not an address")])
                .unwrap_err()
                .contains("BANYAN_MAIL_FROM")
        );
        assert!(
            config(&[("BANYAN_INBOUND_SECRET", "short")])
                .unwrap_err()
                .contains("BANYAN_INBOUND_SECRET")
        );
        assert!(
            config(&[("BANYAN_SECRET_KEY", "too short")])
                .unwrap_err()
                .contains("BANYAN_SECRET_KEY")
        );
    }

    fn signs_alike(a: &SecretKey, b: &SecretKey) -> bool {
        let token = a.sign("test", b"payload", b"");
        b.verify(
            "test",
            &app::core::signing::Token::parse(&token).unwrap(),
            b"",
        )
    }

    #[test]
    fn the_secret_key_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("banyan-key-{}", uuid::Uuid::now_v7()));
        let dir_text = dir.display().to_string();
        let from_file = config(&[("BANYAN_DATA_DIR", &dir_text)]).unwrap();
        let made = from_file.load_secret_key().unwrap();
        let kept = from_file.load_secret_key().unwrap();
        assert!(
            signs_alike(&made, &kept),
            "the second start reads the same key"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let given = "g".repeat(40);
        let configured = config(&[
            ("BANYAN_DATA_DIR", &dir_text),
            ("BANYAN_SECRET_KEY", &given),
        ])
        .unwrap()
        .load_secret_key()
        .unwrap();
        assert!(
            !signs_alike(&made, &configured),
            "the environment wins over the file"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
