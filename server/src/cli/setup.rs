//! `banyan setup`: what the first-run screen does, from a shell, so that a server can be set
//! up and filled (`banyan import …`) without a browser.

use app::error::AppError;
use app::workspace::types::SetupForm;
use clap::Args;
use sea_orm::DatabaseConnection;

use super::{cli_locale, explain};
use crate::Outcome;

/// The first-run form as options; the owner's password comes from the environment or
/// standard input, never from an option that the shell's history would keep.
#[derive(Args)]
pub struct SetupArgs {
    /// The company's name, as Banyan shows it.
    #[arg(long)]
    company: String,
    /// The country whose phone numbers are written without a country code (CN, SG…).
    #[arg(long)]
    country: String,
    /// The time zone reports count days in (Asia/Shanghai…).
    #[arg(long)]
    time_zone: String,
    /// The base currency of every total (CNY, USD…).
    #[arg(long)]
    currency: String,
    /// en or zh-CN.
    #[arg(long)]
    language: String,
    #[arg(long)]
    owner_email: String,
    #[arg(long)]
    owner_name: String,
}

impl SetupArgs {
    /// Whose password the command asks for.
    pub fn owner(&self) -> &str {
        &self.owner_email
    }
}

/// The option that fills each field of the first-run form.
fn option(field: &str) -> String {
    let option = match field {
        "company_name" => "--company",
        "country" => "--country",
        "time_zone" => "--time-zone",
        "base_currency" => "--currency",
        "default_locale" => "--language",
        "email" => "--owner-email",
        "name" => "--owner-name",
        "password" => "the password",
        other => other,
    };
    option.to_owned()
}

/// Sets up the workspace; its owner will sign in with `password`.
pub async fn run(conn: &DatabaseConnection, args: SetupArgs, password: String) -> Outcome {
    let form = SetupForm {
        password,
        company_name: args.company,
        country: args.country,
        time_zone: args.time_zone,
        base_currency: args.currency,
        default_locale: args.language,
        name: args.owner_name,
        email: args.owner_email,
    };
    match app::workspace::service::create(conn, form, chrono::Utc::now()).await {
        Ok(owner) => {
            println!(
                "The workspace is set up; {} ({}) is its owner and can sign in.",
                owner.name, owner.email
            );
            Ok(())
        }
        Err(AppError::Forbidden) => Err("this workspace is set up already".into()),
        Err(err) => Err(format!(
            "not set up: {}",
            explain(cli_locale().messages(), &err, option)
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use app::testing::TestDb;

    use super::*;

    fn args(time_zone: &str, owner_email: &str) -> SetupArgs {
        SetupArgs {
            company: "榕树贸易".into(),
            country: "CN".into(),
            time_zone: time_zone.into(),
            currency: "CNY".into(),
            language: "zh-CN".into(),
            owner_email: owner_email.into(),
            owner_name: "王芳".into(),
        }
    }

    #[tokio::test]
    async fn sets_up_once_and_names_what_it_refuses() {
        let db = TestDb::sqlite().await;
        let password = || "correct horse".to_owned();
        let bad = run(&db.conn, args("Mars/Olympus", "not an email"), password()).await;
        let why = bad.unwrap_err().to_string();
        assert!(why.contains("--time-zone"), "{why}");
        assert!(why.contains("--owner-email"), "{why}");

        run(
            &db.conn,
            args("Asia/Shanghai", "wang.fang@example.cn"),
            password(),
        )
        .await
        .unwrap();
        let owner = crate::cli::actor(&db.conn, None).await.unwrap();
        assert_eq!(owner.user.email, "wang.fang@example.cn");
        let again = run(
            &db.conn,
            args("Asia/Shanghai", "li.na@example.cn"),
            password(),
        )
        .await;
        assert!(again.unwrap_err().to_string().contains("set up already"));
        db.remove().await;
    }
}
