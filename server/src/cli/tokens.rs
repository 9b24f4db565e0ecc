//! `banyan token create`: an API token made from a shell for another program, printed once.

use app::auth::tokens::service::create;
use app::auth::tokens::types::TokenForm;
use clap::{Args, Subcommand};
use sea_orm::DatabaseConnection;

use super::{actor, cli_locale, explain};
use crate::Outcome;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token that acts for a user within its scopes; it is printed once.
    Create(CreateTokenArgs),
}

#[derive(Args)]
pub struct CreateTokenArgs {
    /// The email of the user the token acts for, with their rights and never more.
    #[arg(long = "as")]
    user: String,
    #[arg(long)]
    name: String,
    /// What it may do, comma-separated: contacts:read, contacts:write, deals:read…
    #[arg(long)]
    scope: String,
    /// Days until it stops working; without it, it works until revoked.
    #[arg(long)]
    expires: Option<u32>,
}

pub async fn run(conn: &DatabaseConnection, command: TokenCommand) -> Outcome {
    let TokenCommand::Create(args) = command;
    let maker = actor(conn, Some(&args.user)).await?;
    let form = TokenForm {
        name: args.name,
        scopes: args.scope.split(',').map(|s| s.trim().to_owned()).collect(),
        expires_days: args.expires.map(|d| d.to_string()).unwrap_or_default(),
    };
    match create(conn, &maker, &form, chrono::Utc::now()).await {
        Ok(made) => {
            println!("{}", made.secret);
            eprintln!(
                "The token above acts for {} ({}). It is not shown again: keep it now.",
                maker.user.name, maker.user.email
            );
            Ok(())
        }
        Err(err) => {
            let why = explain(cli_locale().messages(), &err, |field| match field {
                "scopes" => "--scope".to_owned(),
                "expires_days" => "--expires".to_owned(),
                other => format!("--{other}"),
            });
            Err(format!("no token made: {why}").into())
        }
    }
}

#[cfg(test)]
mod tests {
    use app::auth::tokens::service::list;
    use app::auth::tokens::types::{Area, Scope};
    use sea_orm::DatabaseConnection;

    use super::*;
    use crate::testing::desk::owner;

    fn args(scope: &str, expires: Option<u32>) -> TokenCommand {
        TokenCommand::Create(CreateTokenArgs {
            user: "OWNER@acme.cn".into(),
            name: "ERP".into(),
            scope: scope.into(),
            expires,
        })
    }

    async fn a_shell_makes_a_token_for_the_user_it_names(conn: &DatabaseConnection) {
        let owner = owner(conn).await;
        run(conn, args("contacts:write, deals:read", Some(30)))
            .await
            .unwrap();
        let made = list(conn, &owner).await.unwrap();
        assert_eq!(made.len(), 1);
        let write = |area| Scope { area, write: true };
        let read = |area| Scope { area, write: false };
        assert_eq!(made[0].scopes, [write(Area::Contacts), read(Area::Deals)]);
        assert!(made[0].expires_at.is_some());

        let refused = run(conn, args("orders:fly", None)).await.unwrap_err();
        assert!(refused.to_string().contains("--scope"), "{refused}");
        assert_eq!(list(conn, &owner).await.unwrap().len(), 1);
    }
    app::db_test!(a_shell_makes_a_token_for_the_user_it_names);
}
